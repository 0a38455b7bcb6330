// SensorGate — Drivers tests: the MS5611 model, read back through the real driver and poked directly.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct MS5611ModelTests {
    private let address = I2CAddress(0x76)

    /// A model on a simulated I2C bus and a driver for it, on one virtual clock.
    private func i2cRig(settings: MS5611Settings = .default) -> (MS5611Model, MS5611, SimI2CBus, VirtualClock) {
        let clock = VirtualClock()
        let bus = SimI2CBus(clock: clock)
        let model = MS5611Model(clock: clock)
        bus.attach(model, at: address)
        let sensor = MS5611(
            transport: MS5611I2CTransport(bus: bus, address: address), clock: clock, settings: settings)
        return (model, sensor, bus, clock)
    }

    private func expectWithin(_ reading: SensorReading, _ quantity: Quantity, _ value: Double, _ epsilon: Double) {
        let got = reading.values[quantity]?.first ?? .nan
        #expect(abs(got - value) <= epsilon, "\(quantity): set \(value), read \(got), epsilon \(epsilon)")
    }

    @Test(arguments: [(95_000.0, -10.0), (101_325, 20), (70_000, -30), (110_000, 60)])
    func roundTripOnI2CIncludingSecondOrder(_ pressure: Double, _ temperature: Double) throws {
        let (model, sensor, _, _) = i2cRig()
        model.setPhysical(.pressurePa, [pressure])
        model.setPhysical(.temperatureC, [temperature])
        let reading = try sensor.read()
        expectWithin(reading, .pressurePa, pressure, model.sampleRange(.pressurePa).epsilon)
        expectWithin(reading, .temperatureC, temperature, model.sampleRange(.temperatureC).epsilon)
    }

    @Test func roundTripOnSPIInMode3() throws {
        let clock = VirtualClock()
        let bus = SimSPIBus(clock: clock)
        let model = MS5611Model(clock: clock)
        bus.attach(model, chipSelect: 0)
        let device = bus.device(chipSelect: 0, configuration: SPIConfiguration(mode: .mode3))
        let sensor = MS5611(transport: MS5611SPITransport(device: device), clock: clock)
        model.setPhysical(.pressurePa, [88_888])
        model.setPhysical(.temperatureC, [-20])
        let reading = try sensor.read()
        expectWithin(reading, .pressurePa, 88_888, 1)
        expectWithin(reading, .temperatureC, -20, 0.01)
    }

    @Test func theCatalogRecognisesTheModelByItsPROM() throws {
        let (_, _, bus, _) = i2cRig()
        let signature = try #require(ChipCatalog.signature("meas,ms5611"))
        #expect(ChipIdentifier(bus: bus).check(signature, at: address).isMatch)
    }

    @Test func spiCommandsHaveNoReadBit() throws {
        let clock = VirtualClock()
        let bus = SimSPIBus(clock: clock)
        bus.attach(MS5611Model(clock: clock), chipSelect: 2)
        let device = bus.device(chipSelect: 2)
        // 0xA2 (PROM word 1) answers C1 = 40127 = 0x9CBF after the command byte.
        #expect(try device.transfer([0xA2, 0x00, 0x00]) == [0x00, 0x9C, 0xBF])
        // With bit 7 cleared, as a register-write convention would send it, 0x22 is no command at all.
        #expect(try device.transfer([0x22, 0x00, 0x00]) == [0x00, 0x00, 0x00])
    }

    @Test func anADCReadDuringAConversionReadsZeroAndSpoilsIt() throws {
        let (model, _, bus, clock) = i2cRig()
        // A clean conversion first: convert D2 at OSR 4096 (typically 8.22 ms), wait, ADC read.
        try bus.write(address, [0x58])
        clock.advance(by: .microseconds(8_300))
        let clean = try bus.writeRead(address, [0x00], count: 3)
        #expect(clean != [0x00, 0x00, 0x00])
        // Reading it again gives 0: the result was read.
        #expect(try bus.writeRead(address, [0x00], count: 3) == [0x00, 0x00, 0x00])
        // Too early: 0, and the result when it comes is wrong.
        try bus.write(address, [0x58])
        clock.advance(by: .milliseconds(4))
        #expect(try bus.writeRead(address, [0x00], count: 3) == [0x00, 0x00, 0x00])
        clock.advance(by: .milliseconds(5))
        let spoiled = try bus.writeRead(address, [0x00], count: 3)
        let code = { (bytes: [UInt8]) in Int(bytes[0]) << 16 | Int(bytes[1]) << 8 | Int(bytes[2]) }
        #expect(code(spoiled) == code(clean) >> 1)
        #expect(model.spoiledCount == 1 && model.conversionCount == 2)
    }

    @Test func theResetCommandReloadsThePROMFor2Point8Milliseconds() throws {
        let (_, _, bus, clock) = i2cRig()
        try bus.write(address, [0x1E])
        #expect(try bus.writeRead(address, [0xA2], count: 2) == [0x00, 0x00])
        clock.advance(by: .microseconds(2_800))
        #expect(try bus.writeRead(address, [0xA2], count: 2) == [0x9C, 0xBF])
        // A stop between command and read (as the datasheet draws it) answers the same.
        try bus.write(address, [0xAE])
        #expect(try bus.read(address, count: 2) == [0x41, 0x04])
    }

    @Test func theDriverNeverReadsTooEarly() throws {
        let (model, sensor, _, _) = i2cRig(settings: MS5611Settings(pressureOversampling: .osr256))
        for _ in 0..<3 { _ = try sensor.read() }
        #expect(model.spoiledCount == 0 && model.conversionCount == 6)
    }

    @Test func theStimulusIsSampledAtTheEndOfEachConversion() throws {
        // A bus without a clock takes no wire time, so the instants are exact: D1 ends 8.22 ms after its
        // command, the driver reads at 9.04 ms, then D2 likewise.
        let clock = VirtualClock()
        let bus = SimI2CBus()
        let model = MS5611Model(clock: clock)
        bus.attach(model, at: address)
        let sensor = MS5611(transport: MS5611I2CTransport(bus: bus, address: address), clock: clock)
        try sensor.start()
        // A temperature ramp of 1 °C per millisecond from 10 °C and a fixed pressure.
        let ramp = { (time: MonotonicInstant) in 10 + Double(time.nanoseconds % 20_000_000) / 1e6 }
        let stimulus = RecordingStimulus { quantity, time in quantity == .temperatureC ? [ramp(time)] : [100_000] }
        model.stimulus = stimulus
        let reading = try sensor.read()
        let d2End = reading.timestamp - .microseconds(820)
        let d1End = d2End - .microseconds(9_040)
        #expect(stimulus.asked.map(\.time) == [d1End, d1End, d2End])
        #expect(stimulus.asked.map(\.quantity) == [.temperatureC, .pressurePa, .temperatureC])
        // The ramp's value at D2's end is what the driver reports.
        expectWithin(reading, .temperatureC, ramp(d2End), 0.01)
    }

    @Test func identicalCodesAreStuckAndTheChipIsStartedAgain() throws {
        let (_, sensor, bus, _) = i2cRig(settings: MS5611Settings(stuckAfter: 4))
        for _ in 0..<3 { _ = try sensor.read() }
        #expect {
            _ = try sensor.read()
        } throws: { error in
            guard let error = error as? DriverError, case .stuck(let what) = error.reason else { return false }
            return error.location == "sim:i2c0 0x76" && what.hasSuffix("unchanged in 4 readings")
        }
        let before = bus.transactionCount
        _ = try sensor.read()
        // Reset, eight PROM reads, two conversions with their ADC reads.
        #expect(bus.transactionCount - before == 13)
    }

    @Test func aChipThatDisappearsIsReportedAndRecovered() throws {
        let (model, sensor, bus, clock) = i2cRig()
        model.setPhysical(.pressurePa, [97_000])
        _ = try sensor.read()
        let gone = clock.now()
        bus.faultPlan = FaultPlan(rules: [.disappear(address: address, from: gone, until: gone + .milliseconds(50))])
        #expect {
            _ = try sensor.read()
        } throws: { error in
            (error as? DriverError)?.kind == .noAcknowledge(.address)
        }
        clock.advance(by: .milliseconds(50))
        model.reset()  // it was power-cycled meanwhile
        expectWithin(try sensor.read(), .pressurePa, 97_000, 1)
    }

    @Test func trimsComeFromTheBoardAndTheSeed() throws {
        let entry = try #require(ChipRegistry.entry("meas,ms5611"))
        #expect(entry.trimKeys == ["c1", "c2", "c3", "c4", "c5", "c6"])
        let clock = VirtualClock()
        let trimmed = try #require(
            entry.makeModel(ModelContext(clock: clock, trim: ChipOptions(["c1": "41000", "c6": "0x7000"]))).model
                as? MS5611Model)
        #expect(trimmed.calibration.c(1) == 41000 && trimmed.calibration.c(6) == 0x7000)
        #expect(trimmed.calibration.c(2) == 36924)
        #expect(trimmed.calibration.storedCRC == trimmed.calibration.computedCRC)
        let seeded = try #require(entry.makeModel(ModelContext(clock: clock, seed: 5)).model as? MS5611Model)
        let again = try #require(entry.makeModel(ModelContext(clock: clock, seed: 5)).model as? MS5611Model)
        #expect(seeded.calibration == again.calibration)
        #expect(seeded.calibration != MS5611Calibration.datasheetExample)
        #expect(seeded.calibration.storedCRC == seeded.calibration.computedCRC)
        #expect(throws: ChipOptionError.self) {
            _ = try entry.makeModel(ModelContext(clock: clock, trim: ChipOptions(["c3": "70000"])))
        }
    }

    @Test func settingsComeFromTheBoard() throws {
        let entry = try #require(ChipRegistry.entry("meas,ms5611"))
        let bus = SimI2CBus()
        let driver = try #require(
            try entry.makeDriver(
                .i2c(bus, address), VirtualClock(),
                ChipOptions(["pressure-oversampling": "1024", "temperature-oversampling": "256", "stuck-after": "0"]))
                as? MS5611)
        #expect(
            driver.settings
                == MS5611Settings(pressureOversampling: .osr1024, temperatureOversampling: .osr256, stuckAfter: 0))
        #expect(
            throws: ChipOptionError(
                key: "pressure-oversampling", message: "'8192' is not one of 256, 512, 1024, 2048, 4096")
        ) {
            _ = try entry.makeDriver(.i2c(bus, address), VirtualClock(), ChipOptions(["pressure-oversampling": "8192"]))
        }
    }

    @Test func noiseIsSeededAndDefaultsOff() throws {
        let (model, sensor, _, _) = i2cRig(settings: MS5611Settings(stuckAfter: 0))
        let quiet = try sensor.read().raw["d1"]
        #expect(try sensor.read().raw["d1"] == quiet)
        model.noiseSeed = 9
        let noisy = try (0..<4).map { _ in try sensor.read().raw["d1"] }
        #expect(Set(noisy).count > 1)
    }
}
