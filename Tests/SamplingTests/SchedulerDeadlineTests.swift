// SensorGate — SamplingTests: absolute deadlines on the virtual clock.

import Drivers
import HAL
import HALSim
import Sampling
import Testing

@Suite struct SchedulerDeadlineTests {
    private func rate(_ hertz: Double) throws -> SamplingRate { try #require(SamplingRate(hertz: hertz)) }

    @Test func deadlinesAreExactOverASimulatedWeek() throws {
        let clock = VirtualClock(start: MonotonicInstant(nanoseconds: 5_000_000_000))
        let sensor = FakeSensor(location: "sim:0", clock: clock)
        let sink = CollectingSink()
        sink.keep = false
        // 0.3 Hz has no whole-nanosecond period (3 333 333 333.3… ns): a loop adding a rounded period
        // would be 0.33 ns × 181 440 samples ≈ 60 µs off after a week, and a sleep(period) loop far more.
        let group = RateGroupDefinition(
            name: "slow", rate: try rate(0.3), sensors: [SampledSensor(label: "t", driver: sensor)])
        let scheduler = SamplingScheduler(groups: [group], timebase: RealTimebase(clock: clock), sink: sink)
        let start = clock.now()
        try scheduler.run(until: start + .seconds(7 * 86_400))
        #expect(sink.counts["t"] == 3 * 7 * 86_400 / 10 + 1)
        #expect(sink.lastTimestamp["t"] == start + .seconds(7 * 86_400))
        let report = try #require(scheduler.reports.first)
        #expect(report.deadlineMisses == 0 && report.overruns == 0 && report.skippedSamples == 0)
    }

    @Test func everyGroupKeepsItsOwnGrid() throws {
        let clock = VirtualClock()
        let sink = CollectingSink()
        let rates: [(String, Double)] = [("imu", 1000), ("baro", 50), ("mag", 100), ("temp", 1), ("odd", 285.714)]
        let groups = try rates.map { label, hertz in
            RateGroupDefinition(
                name: label, rate: try rate(hertz),
                sensors: [SampledSensor(label: label, driver: FakeSensor(location: label, clock: clock))])
        }
        let scheduler = SamplingScheduler(groups: groups, timebase: RealTimebase(clock: clock), sink: sink)
        try scheduler.run(until: .zero + .seconds(10))
        for (label, hertz) in rates {
            let readings = sink.readings[label] ?? []
            let milliHertz = Int64((hertz * 1000).rounded())
            #expect(readings.count == Int(10 * milliHertz / 1000) + 1, "\(label)")
            for (index, reading) in readings.enumerated() {
                let expected = Int64(index) * 1_000_000_000_000 / milliHertz
                guard reading.timestamp.nanoseconds == expected else {
                    Issue.record(
                        "\(label) sample \(index) at \(reading.timestamp.nanoseconds) ns, expected \(expected)")
                    break
                }
            }
        }
    }

    @Test func aSlowReadIsAnOverrunAndTheGridResumes() throws {
        let clock = VirtualClock()
        let slow = FakeSensor(location: "slow", clock: clock)
        // Every 100th read takes 3.7 periods of a 1 kHz group.
        slow.readCost = { $0 % 100 == 50 ? .microseconds(3_700) : .microseconds(10) }
        let sink = CollectingSink()
        let group = RateGroupDefinition(
            name: "imu", rate: try rate(1000), sensors: [SampledSensor(label: "imu", driver: slow)])
        let scheduler = SamplingScheduler(groups: [group], timebase: RealTimebase(clock: clock), sink: sink)
        try scheduler.run(until: .zero + .seconds(1))
        let report = try #require(scheduler.reports.first)
        // Ten slow reads: each overruns, two deadlines are skipped and the third is served 0.7 ms late
        // (a miss: the tolerance is half a period).
        #expect(report.overruns == 10)
        #expect(report.skippedSamples == 20)
        #expect(report.deadlineMisses == 10)
        #expect(report.missingSamples == 20)
        #expect(sink.missingCount("imu") == 20)
        #expect(report.samples + report.skippedSamples == 1001)
        // After each stall the sampler is back on the 1 ms grid.
        let late = (sink.readings["imu"] ?? []).filter { $0.timestamp.nanoseconds % 1_000_000 != 0 }
        #expect(late.count == 10)
        #expect(report.latency.maxNanoseconds >= 700_000 && report.latency.maxNanoseconds < 701_000)
    }

    @Test func aFailingSensorIsRetriedWithBackoffAndDoesNotStopTheOthers() throws {
        let clock = VirtualClock()
        let flaky = FakeSensor(location: "flaky", clock: clock)
        let outage = MonotonicInstant.zero + .seconds(1)..<MonotonicInstant.zero + .seconds(3)
        flaky.answers = { !outage.contains($0) }
        let steady = FakeSensor(location: "steady", clock: clock)
        let sink = CollectingSink()
        let groups = [
            RateGroupDefinition(
                name: "flaky", rate: try rate(100), sensors: [SampledSensor(label: "flaky", driver: flaky)]),
            RateGroupDefinition(
                name: "steady", rate: try rate(100), sensors: [SampledSensor(label: "steady", driver: steady)]),
        ]
        let scheduler = SamplingScheduler(groups: groups, timebase: RealTimebase(clock: clock), sink: sink)
        try scheduler.run(until: .zero + .seconds(5))
        let reports = scheduler.reports
        #expect(reports[1].samples == 501 && reports[1].missingSamples == 0)
        let flakyReport = reports[0]
        // Every deadline is either a reading or reported missing, never both and never invented.
        #expect(flakyReport.samples + flakyReport.missingSamples == 501)
        #expect(sink.missingCount("flaky") == flakyReport.missingSamples)
        #expect(flakyReport.recoveries == 1)
        // Reads fail at 1.00 s and 1.01 s; bring-ups follow after 0.1, 0.2, 0.4 and 0.8 s (1.11, 1.31,
        // 1.71, 2.51 s) and fail; the next, 1.6 s later at 4.11 s, succeeds.
        let times = (sink.readings["flaky"] ?? []).map(\.timestamp.nanoseconds)
        #expect(!times.contains { $0 > 990_000_000 && $0 < 4_110_000_000 })
        #expect(times.contains(4_110_000_000))
        #expect(flakyReport.busErrors == 6)
        #expect(flakyReport.retries == 5)
        #expect(scheduler.failingSensors.isEmpty)
    }

    @Test func aStopSignalEndsTheRun() throws {
        let clock = VirtualClock()
        let sensor = FakeSensor(location: "s", clock: clock)
        let sink = CollectingSink()
        let group = RateGroupDefinition(
            name: "g", rate: try rate(10), sensors: [SampledSensor(label: "s", driver: sensor)])
        let scheduler = SamplingScheduler(groups: [group], timebase: RealTimebase(clock: clock), sink: sink)
        sensor.readCost = { reads in
            if reads == 4 { scheduler.stopSignal.request() }
            return .zero
        }
        try scheduler.run(until: .zero + .seconds(60))
        #expect(sink.counts["s"] == 5)
        #expect(clock.now() == .zero + .milliseconds(400))
    }
}
