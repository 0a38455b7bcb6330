// SensorGate — Drivers tests: the SHT3x model on a simulated bus: timing, NACKs, status, trims.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct SHT3xModelTests {
    private let address = I2CAddress(0x44)

    private func rig(trims: SHT3xTrims = .nominal, stretchTimeout: Duration = .milliseconds(25))
        -> (SHT3xModel, SimI2CBus, VirtualClock)
    {
        let clock = VirtualClock()
        let bus = SimI2CBus(clock: clock, stretchTimeout: stretchTimeout)
        let model = SHT3xModel(clock: clock, trims: trims)
        bus.attach(model, at: address)
        return (model, bus, clock)
    }

    private func isNack(_ error: any Error) -> Bool {
        (error as? HALError)?.kind == .noAcknowledge(.address)
    }

    @Test func aReadBeforeTheMeasurementEndsIsNotAcknowledgedWithoutStretching() throws {
        let (model, bus, clock) = rig()
        model.setPhysical(.temperatureC, [25])
        try bus.write(address, [0x24, 0x00])  // single shot, high repeatability, no stretching
        #expect {
            _ = try bus.read(address, count: 6)
        } throws: { isNack($0) }
        clock.advance(by: .microseconds(12_500))  // the typical high-repeatability time
        let bytes = try bus.read(address, count: 6)
        let words = try SHT3xWords.decode(bytes).get()
        #expect(abs(SHT3xConversion.temperatureC(words[0]) - 25) <= halfStepC)
        #expect {
            _ = try bus.read(address, count: 6)
        } throws: { isNack($0) }
    }

    @Test func clockStretchingHoldsTheReadHeaderUntilTheEnd() throws {
        let (model, bus, clock) = rig()
        model.setPhysical(.humidityRH, [61.5])
        try bus.write(address, [0x2C, 0x10])  // single shot, low repeatability, stretching
        let asked = clock.now()
        let words = try SHT3xWords.decode(bus.read(address, count: 6)).get()
        #expect(clock.now() - asked >= .microseconds(2_500), "2.5 ms typical low-repeatability measurement")
        #expect(abs(SHT3xConversion.humidityRH(words[1]) - 61.5) <= halfStepRH)
    }

    @Test func stretchingBeyondTheAdapterLimitTimesOut() throws {
        let (_, bus, _) = rig(stretchTimeout: .milliseconds(5))
        try bus.write(address, [0x2C, 0x06])  // 12.5 ms
        #expect {
            _ = try bus.read(address, count: 6)
        } throws: { ($0 as? HALError)?.kind == .timeout }
    }

    @Test func periodicFetchNacksUntilAResultAndClearsTheMemory() throws {
        let (model, bus, clock) = rig()
        try bus.write(address, [0x21, 0x30])  // 1 mps, high
        try bus.write(address, [0xE0, 0x00])
        #expect {
            _ = try bus.read(address, count: 6)
        } throws: { isNack($0) }
        clock.advance(by: .milliseconds(13))
        try bus.write(address, [0xE0, 0x00])
        _ = try SHT3xWords.decode(bus.read(address, count: 6)).get()
        try bus.write(address, [0xE0, 0x00])
        #expect {
            _ = try bus.read(address, count: 6)
        } throws: { isNack($0) }
        clock.advance(by: .seconds(3))  // three more results; the memory keeps the latest
        try bus.write(address, [0xE0, 0x00])
        _ = try bus.read(address, count: 6)
        #expect(model.measurementCount == 2)
    }

    @Test func statusAfterResetClearAndHeater() throws {
        let (_, bus, _) = rig()
        try bus.write(address, [0xF3, 0x2D])
        #expect(try bus.read(address, count: 3) == [0x80, 0x10, 0xE1])
        try bus.write(address, [0x30, 0x41])  // clear status
        try bus.write(address, [0x30, 0x6D])  // heater on
        try bus.write(address, [0xF3, 0x2D])
        #expect(try bus.read(address, count: 3) == [0x20, 0x00, 0x5D])
        try bus.write(address, [0x30, 0x66])
        try bus.write(address, [0xF3, 0x2D])
        #expect(try bus.read(address, count: 3) == [0x00, 0x00, 0x81])
    }

    @Test func aMeasurementCommandDuringPeriodicModeIsNotProcessed() throws {
        let (model, bus, clock) = rig()
        try bus.write(address, [0x30, 0x41])
        try bus.write(address, [0x23, 0x34])  // 4 mps, high
        try bus.write(address, [0x24, 0x00])
        #expect(model.status == 0x0002, "bit 1: last command not processed")
        try bus.write(address, [0x30, 0x93])  // Break
        #expect(model.status == 0x0000)
        try bus.write(address, [0x24, 0x00])
        clock.advance(by: .milliseconds(13))
        #expect(try bus.read(address, count: 6).count == 6)
    }

    @Test func aSoftResetKeepsTheChipDeafForItsResetTime() throws {
        let (model, bus, clock) = rig()
        try bus.write(address, [0x30, 0x6D])
        try bus.write(address, [0x30, 0xA2])
        #expect {
            try bus.write(address, [0xF3, 0x2D])
        } throws: { ($0 as? HALError)?.kind == .noAcknowledge(.data) }
        clock.advance(by: .microseconds(1_500))
        try bus.write(address, [0xF3, 0x2D])
        #expect(try bus.read(address, count: 3) == [0x80, 0x10, 0xE1])
        #expect(!model.heater)
    }

    @Test func physicalValuesAreSampledWhenTheMeasurementEnds() throws {
        let (model, bus, clock) = rig()
        let world = RecordingStimulus { quantity, _ in quantity == .temperatureC ? [23] : [40] }
        model.stimulus = world
        clock.advance(by: .milliseconds(100))
        let before = clock.now()
        try bus.write(address, [0x24, 0x0B])  // medium: 4.5 ms typical
        let after = clock.now()
        clock.advance(by: .milliseconds(10))
        _ = try bus.read(address, count: 6)
        // Once for temperature, once for humidity, both at the measurement's end, not at the read.
        #expect(world.times.count == 2 && Set(world.times).count == 1)
        let sampled = try #require(world.times.first)
        #expect(sampled >= before + .microseconds(4_500) && sampled <= after + .microseconds(4_500))
    }

    @Test func trimsComeFromTheBoardAndTheSeed() throws {
        let entry = try #require(ChipRegistry.entry("sensirion,sht3x"))
        #expect(entry.trimKeys == ["offset-t", "offset-rh"])
        let clock = VirtualClock()
        let trimmed = try entry.makeModel(
            ModelContext(clock: clock, trim: ChipOptions(["offset-t": "0.5", "offset-rh": "-1.25"])))
        let model = try #require(trimmed.model as? SHT3xModel)
        #expect(model.trims == SHT3xTrims(temperatureOffsetC: 0.5, humidityOffsetRH: -1.25))
        let bus = SimI2CBus(clock: clock)
        bus.attach(try #require(trimmed.i2c), at: address)
        let sensor = SHT3x(bus: bus, address: address, clock: clock)
        model.setPhysical(.temperatureC, [21])
        model.setPhysical(.humidityRH, [50])
        let reading = try sensor.read()
        let temperature = try #require(reading.values[.temperatureC]?.first)
        let humidity = try #require(reading.values[.humidityRH]?.first)
        #expect(abs(temperature - 21.5) <= halfStepC)
        #expect(abs(humidity - 48.75) <= halfStepRH)

        var seen: Set<SHT3xTrims> = []
        for seed: UInt64 in 1...8 {
            let part = try #require(try entry.makeModel(ModelContext(clock: clock, seed: seed)).model as? SHT3xModel)
            #expect(abs(part.trims.temperatureOffsetC) <= 0.2 && abs(part.trims.humidityOffsetRH) <= 2)
            seen.insert(part.trims)
        }
        #expect(seen.count == 8, "seeds spread the parts")
        let nominal = try #require(try entry.makeModel(ModelContext(clock: clock)).model as? SHT3xModel)
        #expect(nominal.trims == .nominal)
        #expect(throws: ChipOptionError.self) {
            _ = try entry.makeModel(ModelContext(clock: clock, trim: ChipOptions(["offset-t": "9"])))
        }
    }

    @Test func noiseFollowsTheRepeatabilityAndIsSeeded() throws {
        func codes(seed: UInt64) throws -> [Int64] {
            let (model, bus, _) = rig()
            model.noise = true
            model.noiseSeed = seed
            let sensor = SHT3x(bus: bus, address: address, clock: model.clock)
            return try (0..<16).map { _ in try sensor.read().raw["s_t"]?.first ?? 0 }
        }
        let first = try codes(seed: 3)
        #expect(Set(first).count > 4)
        #expect(try codes(seed: 3) == first)
        // High repeatability: 0.04 °C at 3σ is about 5 codes of 0.00267 °C; 16 samples stay within ±8σ.
        let spread = (first.max() ?? 0) - (first.min() ?? 0)
        #expect(spread > 0 && spread < 64)
    }
}
