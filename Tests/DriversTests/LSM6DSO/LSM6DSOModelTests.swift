// SensorGate — Drivers tests: the LSM6DSO model on simulated buses, read back through the real driver.

import Drivers
import HAL
import HALSim
import Testing

/// Records the levels a model drives its interrupt pins to.
final class PinRecorder {
    private(set) var events: [(pin: String, level: Bool)] = []
    /// The last level of `pin`, or nil when it never moved.
    func level(_ pin: String) -> Bool? { events.last { $0.pin == pin }?.level }
    /// The closure a model calls.
    var drive: (String, Bool) -> Void { { [unowned self] pin, level in self.events.append((pin, level)) } }
}

/// An LSM6DSO model on a simulated I2C bus with its driver, on one virtual clock.
struct LSM6DSORig {
    let clock = VirtualClock()
    let bus: SimI2CBus
    let model: LSM6DSOModel
    let imu: LSM6DSO
    let pins = PinRecorder()
    static let address = I2CAddress(0x6A)

    init(_ settings: LSM6DSOSettings = .default, trim: InertialTrim = .nominal(), noiseSeed: UInt64? = nil) {
        bus = SimI2CBus(clock: clock)
        model = LSM6DSOModel(clock: clock, trim: trim, noiseSeed: noiseSeed, interrupt: pins.drive)
        bus.attach(model, at: Self.address)
        imu = LSM6DSO(registers: I2CRegisters(bus: bus, address: Self.address), clock: clock, settings: settings)
    }

    /// Reads registers directly, as a test bench would.
    func peek(_ register: UInt8, _ count: Int = 1) throws -> [UInt8] {
        try bus.writeRead(Self.address, [register], count: count)
    }
}

@Suite struct LSM6DSOModelTests {
    private let g = 9.80665

    private func expectVector(
        _ got: SensorComponents<Double>?, _ want: [Double], within epsilon: Double, _ what: String
    ) {
        let values = got ?? []
        #expect(values.count == want.count, "\(what): \(values)")
        for (actual, expected) in zip(values, want) {
            #expect(abs(actual - expected) <= epsilon, "\(what): want \(want), got \(values), ε \(epsilon)")
        }
    }

    @Test func roundTripOnI2CAtEveryFullScale() throws {
        for (accel, gyro) in zip(LSM6DSOAccelRange.allCases, [LSM6DSOGyroRange.dps125, .dps250, .dps1000, .dps2000]) {
            let rig = LSM6DSORig(LSM6DSOSettings(accelRange: accel, gyroRange: gyro))
            let a = [0.3 * g, -0.7 * g, 1.1 * g]
            let w = [0.5, -1.25, 2.0]
            rig.model.setPhysical(.accelMps2, a)
            rig.model.setPhysical(.gyroRadps, w)
            rig.model.setPhysical(.temperatureC, [31.5])
            try rig.imu.start(LSM6DSOSettings(accelRange: accel, gyroRange: gyro))
            let reading = try rig.imu.read()
            expectVector(reading.values[.accelMps2], a, within: rig.model.sampleRange(.accelMps2).epsilon, "\(accel)")
            expectVector(reading.values[.gyroRadps], w, within: rig.model.sampleRange(.gyroRadps).epsilon, "\(gyro)")
            expectVector(reading.values[.temperatureC], [31.5], within: 1.0 / 512, "temperature")
        }
    }

    @Test func roundTripOnSPIInMode3() throws {
        let clock = VirtualClock()
        let bus = SimSPIBus(clock: clock)
        let model = LSM6DSOModel(clock: clock)
        bus.attach(model, chipSelect: 2)
        let device = bus.device(chipSelect: 2, configuration: SPIConfiguration(mode: .mode3))
        let imu = LSM6DSO(registers: SPIRegisters(device: device), clock: clock)
        model.setPhysical(.accelMps2, [1, 2, 3])
        try imu.start()
        expectVector(
            try imu.read().values[.accelMps2], [1, 2, 3], within: model.sampleRange(.accelMps2).epsilon, "spi")
    }

    @Test func resetValuesAndTheAutoIncrementBit() throws {
        let rig = LSM6DSORig()
        #expect(try rig.peek(0x0F) == [0x6C])
        #expect(try rig.peek(0x12) == [0x04])  // CTRL3_C: IF_INC
        #expect(try rig.peek(0x10, 2) == [0x00, 0x00])  // both sensors in power-down
        #expect(try rig.peek(0x0F, 3) == [0x6C, 0x00, 0x00])  // WHO_AM_I, CTRL1_XL, CTRL2_G
        try rig.bus.write(LSM6DSORig.address, [0x12, 0x00])  // IF_INC off
        #expect(try rig.peek(0x0F, 3) == [0x6C, 0x6C, 0x6C])  // the address stays
        try rig.bus.write(LSM6DSORig.address, [0x10, 0x40, 0x40])  // without IF_INC both bytes go to CTRL1_XL
        #expect(try rig.peek(0x10) == [0x40])
        try rig.bus.write(LSM6DSORig.address, [0x12, 0x04])
        #expect(try rig.peek(0x10, 2) == [0x40, 0x00])
    }

    @Test func spiCommandsCarryTheReadBitAndWritesAutoIncrement() {
        let model = LSM6DSOModel(clock: VirtualClock())
        model.spiSelect()
        let answer = [UInt8(0x8F), 0x00].map { model.spiExchange($0) }
        model.spiDeselect()
        #expect(answer == [0x00, 0x6C])
        model.spiSelect()
        for byte: UInt8 in [0x10, 0x48, 0x44] { _ = model.spiExchange(byte) }  // write CTRL1_XL, CTRL2_G
        model.spiDeselect()
        model.spiSelect()
        let control = [UInt8(0x90), 0x00, 0x00].map { model.spiExchange($0) }
        model.spiDeselect()
        #expect(control == [0x00, 0x48, 0x44])
    }

    @Test func softwareResetTakesFiftyMicrosecondsAndRestoresTheDefaults() {
        // Straight to the model: at 400 kHz a bus transaction alone outlasts the reset.
        let clock = VirtualClock()
        let model = LSM6DSOModel(clock: clock)
        func read(_ register: UInt8) -> UInt8 {
            _ = model.i2cWrite([register])
            var byte: [UInt8] = [0]
            model.i2cRead(into: &byte)
            return byte[0]
        }
        _ = model.i2cWrite([0x10, 0x48])
        #expect(read(0x10) == 0x48)
        _ = model.i2cWrite([0x12, 0x05])  // SW_RESET
        #expect(read(0x12) == 0x05, "still resetting")
        #expect(read(0x10) == 0x00, "registers at their reset values")
        _ = model.i2cWrite([0x10, 0x60])  // ignored while resetting
        clock.advance(by: .microseconds(49))
        #expect(read(0x12) == 0x05)
        clock.advance(by: .microseconds(1))
        #expect(read(0x12) == 0x04)
        #expect(read(0x10) == 0x00)
        _ = model.i2cWrite([0x12, 0x84])  // BOOT: 10 ms
        #expect(read(0x12) == 0x84)
        clock.advance(by: .milliseconds(10))
        #expect(read(0x12) == 0x04)
    }

    @Test func readingBeforeTheFirstSampleGivesTheResetValues() throws {
        let rig = LSM6DSORig()
        try rig.bus.write(LSM6DSORig.address, [0x10, 0x40])  // accelerometer 104 Hz
        #expect(try rig.peek(0x1E, 16) == [UInt8](repeating: 0, count: 16))
        rig.clock.advance(by: .nanoseconds(9_615_385))
        let block = try rig.peek(0x1E, 16)
        #expect(block[0] == 0x05)  // XLDA and TDA, no GDA: the gyroscope is off
        #expect(block[15] == 0x40)  // OUTZ_H_A: 1 g = 16393 LSB (0x4009) at ±2 g
        #expect(try rig.peek(0x1E) == [0x00])  // reading the outputs cleared the flags
    }

    @Test func dataReadyDrivesINT1UntilTheDataIsRead() throws {
        let rig = LSM6DSORig()
        try rig.imu.start()
        #expect(rig.pins.level("INT1") != true)
        rig.clock.advance(by: .milliseconds(10))
        rig.model.update()
        #expect(rig.pins.level("INT1") == true)
        _ = try rig.imu.read()
        #expect(rig.pins.level("INT1") == false)
    }

    @Test func theWatermarkRaisesINT1AndDrainingLowersIt() throws {
        let settings = LSM6DSOSettings(fifoMode: .continuous, watermark: 10, interrupt: .fifoThreshold)
        let rig = LSM6DSORig(settings)
        try rig.imu.start()
        rig.clock.advance(by: .nanoseconds(4 * 9_615_385))
        rig.model.update()
        #expect(rig.pins.level("INT1") != true, "8 words are below the watermark of 10")
        rig.clock.advance(by: .nanoseconds(9_615_385))
        rig.model.update()
        #expect(rig.pins.level("INT1") == true)
        #expect(try rig.peek(0x3B) == [0x80])  // FIFO_WTM_IA
        let samples = try rig.imu.drainFIFO()
        #expect(samples.count == 5)
        #expect(rig.pins.level("INT1") == false)
    }

    @Test func continuousModeOverwritesTheOldestWords() throws {
        let settings = LSM6DSOSettings(fifoMode: .continuous, stuckLimit: 0)
        let rig = LSM6DSORig(settings)
        try rig.imu.start()
        rig.model.setPhysical(.accelMps2, [0, 0, 0])
        rig.clock.advance(by: .seconds(3))  // 312 samples, 624 words
        rig.model.update()  // samples are taken lazily: take these before the world changes
        rig.model.setPhysical(.accelMps2, [1, 0, 0])
        rig.clock.advance(by: .nanoseconds(9_615_385))
        let status = try rig.peek(0x3A, 2)
        #expect(Int(status[1] & 0x03) << 8 | Int(status[0]) == 512)
        #expect(status[1] & 0x48 == 0x48)  // FIFO_OVR_IA, FIFO_OVR_LATCHED
        let samples = try rig.imu.drainFIFO()
        #expect(samples.count == 256)
        #expect(rig.imu.fifoOverruns == 1)
        let newest = try #require(samples.last?.values[.accelMps2])
        expectVector(newest, [1, 0, 0], within: rig.model.sampleRange(.accelMps2).epsilon, "newest")
    }

    @Test func fifoModeStopsWhenFullAndTheDriverRestartsIt() throws {
        let settings = LSM6DSOSettings(fifoMode: .fifo, stuckLimit: 0)
        let rig = LSM6DSORig(settings)
        try rig.imu.start()
        rig.model.setPhysical(.gyroRadps, [0.25, 0, 0])
        rig.clock.advance(by: .seconds(3))
        rig.model.update()
        rig.model.setPhysical(.gyroRadps, [0.5, 0, 0])
        rig.clock.advance(by: .seconds(1))
        let first = try rig.imu.drainFIFO()
        #expect(first.count == 256)
        expectVector(
            first.last?.values[.gyroRadps], [0.25, 0, 0], within: rig.model.sampleRange(.gyroRadps).epsilon, "kept")
        rig.clock.advance(by: .milliseconds(25))  // two or three ticks of 104 Hz
        let second = try rig.imu.drainFIFO()
        #expect((2...3).contains(second.count))
        expectVector(
            second.last?.values[.gyroRadps], [0.5, 0, 0], within: rig.model.sampleRange(.gyroRadps).epsilon, "new")
    }

    @Test func everyTickSamplesTheWorldAtItsOwnInstant() throws {
        let settings = LSM6DSOSettings(dataRate: .hz52, fifoMode: .continuous, stuckLimit: 0)
        let rig = LSM6DSORig(settings)
        let ramp = Ramp()
        rig.model.stimulus = ramp
        try rig.imu.start()
        rig.clock.advance(by: .milliseconds(200))
        let samples = try rig.imu.drainFIFO()
        #expect(samples.count >= 10)
        let epsilon = rig.model.sampleRange(.accelMps2).epsilon
        let xs = samples.compactMap { $0.values[.accelMps2]?.first }
        for (older, newer) in zip(xs, xs.dropFirst()) {
            // The ramp rises 1 m/s² per second: one 52 Hz period apart is 1/52 m/s².
            #expect(abs((newer - older) - 1.0 / 52) <= 2 * epsilon)
        }
        #expect(ramp.instants.count >= 2 * samples.count)
    }

    @Test func trimsFromOptionsOffsetTheReading() throws {
        let entry = try #require(ChipRegistry.entry("st,lsm6dso"))
        let clock = VirtualClock()
        let chip = try entry.makeModel(
            ModelContext(clock: clock, trim: ChipOptions(["accel-offset-x-mg": "100", "gyro-offset-z-dps": "-2"])))
        let bus = SimI2CBus(clock: clock)
        bus.attach(try #require(chip.i2c), at: LSM6DSORig.address)
        let driver = try entry.makeDriver(.i2c(bus, LSM6DSORig.address), clock, .none)
        chip.model.setPhysical(.accelMps2, [0, 0, 0])
        try driver.bringUp()
        let reading = try driver.read()
        #expect(abs((reading.values[.accelMps2]?[0] ?? 0) - 0.1 * g) <= 0.122e-3 * g)
        #expect(abs((reading.values[.gyroRadps]?[2] ?? 0) + 2 * Double.pi / 180) <= 0.0175 * Double.pi / 180)
        #expect(throws: ChipOptionError.self) {
            _ = try entry.makeModel(ModelContext(clock: clock, trim: ChipOptions(["accel-offset-x-mg": "lots"])))
        }
    }

    @Test func seededPartsDifferReproduciblyWithinTheDatasheetSpread() throws {
        let a = try InertialTrim.instance(seed: 17, trim: .none, spread: LSM6DSOModel.spread)
        let b = try InertialTrim.instance(seed: 17, trim: .none, spread: LSM6DSOModel.spread)
        let c = try InertialTrim.instance(seed: 18, trim: .none, spread: LSM6DSOModel.spread)
        #expect(a == b && a != c && a != .nominal())
        #expect(a.accelOffsetMg.allSatisfy { abs($0) <= 20 } && a.gyroOffsetDps.allSatisfy { abs($0) <= 1 })
    }

    @Test func noiseIsSeededAndOnlyWhenAskedFor() throws {
        let quiet = LSM6DSORig(LSM6DSOSettings(stuckLimit: 0))
        try quiet.imu.start()
        let first = try quiet.imu.read().raw
        quiet.clock.advance(by: .milliseconds(10))
        #expect(try quiet.imu.read().raw == first)
        func noisyCodes(_ seed: UInt64) throws -> [SensorComponents<Int64>?] {
            let rig = LSM6DSORig(LSM6DSOSettings(stuckLimit: 0), noiseSeed: seed)
            try rig.imu.start()
            return try (0..<4).map { _ in
                rig.clock.advance(by: .milliseconds(10))
                return try rig.imu.read().raw["accel"]
            }
        }
        let noisy = try noisyCodes(5)
        #expect(Set(noisy).count > 1)
        #expect(try noisyCodes(5) == noisy)
    }

    @Test func aPartThatDisappearsAndComesBackPowerCycledIsStartedAgain() throws {
        let rig = LSM6DSORig()
        rig.model.setPhysical(.accelMps2, [0, g, 0])
        try rig.imu.start()
        _ = try rig.imu.read()
        let now = rig.clock.now()
        rig.bus.faultPlan = FaultPlan(rules: [
            .disappear(address: LSM6DSORig.address, from: now, until: now + .milliseconds(5))
        ])
        #expect {
            _ = try rig.imu.read()
        } throws: { error in
            (error as? DriverError)?.kind == .noAcknowledge(.address)
        }
        rig.clock.advance(by: .milliseconds(6))
        rig.model.reset()  // it came back from a power cycle: both sensors in power-down
        let reading = try rig.imu.read()
        expectVector(reading.values[.accelMps2], [0, g, 0], within: rig.model.sampleRange(.accelMps2).epsilon, "after")
        #expect(try rig.peek(0x10) == [0x48])
    }

    @Test func aResetWithoutABusErrorIsNoticedFromTheResetValues() throws {
        let rig = LSM6DSORig()
        try rig.imu.start()
        _ = try rig.imu.read()
        rig.model.reset()
        rig.model.setPhysical(.temperatureC, [40])
        let reading = try rig.imu.read()
        expectVector(reading.values[.temperatureC], [40], within: 1.0 / 512, "after reset")
    }

    @Test func identicalFreshSamplesAreStuck() throws {
        let rig = LSM6DSORig(LSM6DSOSettings(stuckLimit: 3))
        try rig.imu.start()
        for _ in 0..<2 {
            _ = try rig.imu.read()
            rig.clock.advance(by: .milliseconds(10))
        }
        #expect {
            _ = try rig.imu.read()
        } throws: { error in
            "\(error)".hasPrefix("LSM6DSO at sim:i2c0 0x6a: stuck: ") && (error as? DriverError)?.kind == .other
        }
    }

    @Test func optionsSpellTheSettingsAndRejectUnknownValues() throws {
        let settings = try LSM6DSOSettings(
            options: ChipOptions([
                "odr-hz": "12.5", "accel-range-g": "16", "gyro-range-dps": "125", "fifo-mode": "fifo",
                "fifo-watermark": "0x20",
                "int1": "none", "accel-lpf2": "on", "stuck-after": "0",
            ]))
        #expect(
            settings
                == LSM6DSOSettings(
                    dataRate: .hz12_5, accelRange: .g16, gyroRange: .dps125, accelLowPass2: true, fifoMode: .fifo,
                    watermark: 32, interrupt: .none, stuckLimit: 0))
        #expect(try LSM6DSOSettings(options: .none) == .default)
        #expect(
            throws: ChipOptionError(
                key: "odr-hz", message: "'100' is not one of 12.5, 26, 52, 104, 208, 416, 833, 1666, 3332, 6664")
        ) {
            _ = try LSM6DSOSettings(options: ChipOptions(["odr-hz": "100"]))
        }
    }
}

/// A world whose x acceleration rises 1 m/s² per second, remembering when it was asked.
final class Ramp: Stimulus {
    private(set) var instants: [MonotonicInstant] = []

    func value(_ quantity: Quantity, at time: MonotonicInstant) -> SensorComponents<Double>? {
        instants.append(time)
        switch quantity {
        case .accelMps2: return [Double(time.nanoseconds) / 1e9, 0, 0]
        case .temperatureC: return [25]
        default: return [0, 0, 0]
        }
    }
}
