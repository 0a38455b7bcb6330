// SensorGate — BoardTests: the reference board sampled in virtual time, chip models and all.

import Board
import Drivers
import HAL
import HALSim
import Sampling
import Testing

@Suite struct BoardSamplingTests {
    /// Records readings and gaps by label.
    final class Recorder: SampleSink {
        var times: [String: [MonotonicInstant]] = [:]
        var missing: [String: Int] = [:]
        func deliver(_ reading: SensorReading, from sensor: SensorTag) {
            times[sensor.label, default: []].append(reading.timestamp)
        }
        func missing(from sensor: SensorTag, at instant: MonotonicInstant, count: Int) {
            missing[sensor.label, default: 0] += count
        }
    }

    private func referenceBoard() throws -> BoundBoard {
        let board = try BoardLoader.load(path: "Boards/sim-reference.yaml")
        return BoardBinder(backend: nil).bind(board)
    }

    @Test func theReferenceBoardFormsItsRateGroups() throws {
        let bound = try referenceBoard()
        let groups = try bound.samplingGroups()
        let summary = groups.map { "\($0.name) \($0.trigger.name) \($0.rate)" }.sorted()
        #expect(
            summary == [
                "altimeter+humidity+environment polled 1 Hz", "barometer polled 50 Hz", "imu fifo 26.031 Hz",
                "imu-aux fifo 200 Hz", "magnetometer data-ready 80 Hz", "temperature data-ready 1 Hz",
                "vibration fifo 200 Hz",
            ])
    }

    @Test func tenSimulatedSecondsOfTheReferenceBoard() throws {
        let bound = try referenceBoard()
        let recorder = Recorder()
        let scheduler = SamplingScheduler(
            groups: try bound.samplingGroups(), timebase: bound.virtualTimebase(), sink: recorder)
        scheduler.start()
        let start = try #require(scheduler.startInstant)
        try scheduler.run(until: start + .seconds(10))
        let reports = Dictionary(uniqueKeysWithValues: scheduler.reports.map { ($0.name, $0) })
        for report in reports.values {
            #expect(report.busErrors == 0 && report.sensorErrors == 0, "\(report.name)")
            #expect(report.samples > 0, "\(report.name)")
        }
        // Polled and data-ready sensors never go back in time, and data-ready readings are dated at
        // the chip's own edges, so they sit on its output grid exactly even while the sampling thread
        // is busy draining FIFOs.
        for label in ["magnetometer", "temperature", "barometer", "altimeter", "humidity", "environment"] {
            let times = recorder.times[label] ?? []
            #expect(zip(times.dropFirst(), times).allSatisfy { $0 > $1 }, "\(label)")
        }
        let grids: [(String, Int64)] = [("magnetometer", 12_500_000)]
        for (label, periodNanoseconds) in grids {
            let times = recorder.times[label] ?? []
            let offGrid = zip(times.dropFirst(), times).filter { later, earlier in
                let gap = (later - earlier).nanoseconds
                let periods = (Double(gap) / Double(periodNanoseconds)).rounded()
                return periods < 1 || abs(Double(gap) - periods * Double(periodNanoseconds)) > 1
            }
            #expect(offGrid.isEmpty, "\(label): \(offGrid.count) gaps off the \(periodNanoseconds) ns grid")
        }
        // FIFO samples: consecutive drains join on one grid (FIFOGrid), so the dates of each IMU rise one
        // output period apart, within half a period where two drains meet. The 3200 Hz accelerometer
        // keeps its own grid from the Measure write; its gaps are whole periods, the samples its FIFO
        // lost while the one sampling thread was busy elsewhere (docs/sampling.md).
        for label in ["imu", "imu-aux", "vibration"] {
            let gaps = zip((recorder.times[label] ?? []).dropFirst(), recorder.times[label] ?? []).map {
                ($0 - $1).nanoseconds
            }
            let period = try #require(
                Dictionary(gaps.map { ($0, 1) }, uniquingKeysWith: +).max { $0.value < $1.value }?.key)
            #expect(gaps.count > 100, "\(label)")
            let odd = gaps.filter { gap in
                label == "vibration" ? gap < period || gap % period != 0 : !(gap * 2 > period && gap * 2 < 3 * period)
            }
            #expect(odd.isEmpty, "\(label): period \(period) ns, odd gaps \(odd.prefix(8)) of \(gaps.count)")
        }
        // Polled groups: every deadline is a reading or a reported gap, never both, never invented.
        let barometer = try #require(reports["barometer"])
        #expect(barometer.samples + barometer.missingSamples == 501)
        #expect(recorder.times["barometer"]?.count == barometer.samples)
        #expect(recorder.missing["barometer", default: 0] == barometer.missingSamples)
        // The 1 Hz data-ready thermometer: one reading per conversion.
        #expect(reports["temperature"]?.samples ?? 0 >= 9)
    }

    @Test func nothingIsLostWhileTheOtherChipsComeUp() throws {
        // Every chip converts from its bring-up on and nothing reads it before the first deadline, so
        // the chips that overflow soonest come up last: the LIS3MDL (one sample at 80 Hz, 12.5 ms) and the
        // ADXL345 (32 at 3 200 Hz, 10 ms) after the FIFO IMUs. In board order the ADXL345's FIFO overflowed
        // three times and the LIS3MDL missed 4 edges in the first second.
        let bound = try referenceBoard()
        let scheduler = SamplingScheduler(
            groups: try bound.samplingGroups(), timebase: bound.virtualTimebase(), sink: Recorder())
        let order = scheduler.bringUpOrder.map { scheduler.reports[$0.group].name }
        #expect(order.suffix(2) == ["magnetometer", "vibration"], "\(order)")
        scheduler.start()
        let start = try #require(scheduler.startInstant)
        try scheduler.run(until: start + .seconds(3))
        for report in scheduler.reports {
            #expect(report.missingSamples == 0, "\(report.name): \(report.missingSamples) missing")
            #expect(report.fifoOverflows == 0, "\(report.name): \(report.fifoOverflows) FIFO overflows")
            // A FIFO's next watermark edge is expected a watermark after its drain, not after its last
            // edge, so a drain made late by another group's bus traffic does not time out the next one.
            #expect(report.edgeTimeouts == 0, "\(report.name): \(report.edgeTimeouts) edge timeouts")
        }
    }
}
