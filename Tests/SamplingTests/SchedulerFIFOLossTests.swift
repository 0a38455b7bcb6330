// SensorGate — SamplingTests: samples a FIFO overflow lost are reported missing, on the virtual clock.

import Drivers
import HAL
import HALSim
import Sampling
import Testing

/// A world whose X acceleration ramps with time, so no two samples repeat (a chip whose codes never
/// change is reported stuck).
private final class Ramp: Stimulus {
    func value(_ quantity: Quantity, at time: MonotonicInstant) -> SensorComponents<Double>? {
        guard quantity == .accelMps2 else { return nil }
        return [Double(time.nanoseconds % 1_000_000_000) * 1e-8, 0, 9.80665]
    }
}

@Suite struct SchedulerFIFOLossTests {
    @Test func samplesLostToAFIFOOverflowAreReportedMissingNeverInvented() throws {
        let clock = VirtualClock()
        let model = ADXL345Model(clock: clock)
        let ramp = Ramp()
        model.stimulus = ramp
        let bus = SimSPIBus(name: "sim:spi0", clock: clock)
        bus.attach(model, chipSelect: 0)
        let device = bus.device(chipSelect: 0, configuration: SPIConfiguration(mode: .mode3, speedHz: 5_000_000))
        let settings = ADXL345Settings(dataRate: .hz3200, fifoMode: .stream)
        let vibration = ADXL345(
            registers: SPIRegisters(device: device, multipleBit: 0x40), clock: clock, settings: settings)
        // A slow sensor on the same thread: its third read takes 40 ms, in which the chip writes 128
        // samples into a FIFO that holds 33.
        let slow = FakeSensor(location: "slow", clock: clock)
        slow.readCost = { $0 == 2 ? .milliseconds(40) : .microseconds(10) }
        let drainRate = try #require(SamplingRate(hertz: 200))
        let slowRate = try #require(SamplingRate(hertz: 10))
        let groups = [
            RateGroupDefinition(
                name: "vibration", rate: drainRate, trigger: .fifo(watermark: nil),
                sensors: [SampledSensor(label: "vibration", driver: vibration)]),
            RateGroupDefinition(name: "slow", rate: slowRate, sensors: [SampledSensor(label: "slow", driver: slow)]),
        ]
        let sink = CollectingSink()
        let scheduler = SamplingScheduler(groups: groups, timebase: RealTimebase(clock: clock), sink: sink)
        try scheduler.run(until: .zero + .seconds(1))

        let report = try #require(scheduler.reports.first { $0.name == "vibration" })
        let readings = sink.readings["vibration"] ?? []
        let first = try #require(readings.first?.timestamp)
        let last = try #require(readings.last?.timestamp)
        let period = settings.dataRate.period
        // Every sample the chip wrote from the first delivered to the last is either delivered or
        // reported missing, exactly once.
        let written = Int((last - first).nanoseconds / period.nanoseconds) + 1
        let missing = sink.missingCount("vibration")
        #expect(report.fifoOverflows == 1)
        #expect(missing == vibration.fifoLostSamples)
        #expect(missing >= 128 - 33 - 16)
        #expect(readings.count + missing == written)
        #expect(report.missingSamples == missing)
        // The delivered samples sit on the chip's grid, none dated twice.
        let offsets = readings.map { ($0.timestamp - first).nanoseconds % period.nanoseconds }
        #expect(offsets.allSatisfy { $0 == 0 })
        #expect(Set(readings.map(\.timestamp)).count == readings.count)
    }
}
