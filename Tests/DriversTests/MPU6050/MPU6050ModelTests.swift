// SensorGate — Drivers tests: the MPU-6050 model on a simulated bus, read back through the real driver.

import Drivers
import HAL
import HALSim
import Testing

/// An MPU-6050 model on a simulated I2C bus with its driver, on one virtual clock.
struct MPU6050Rig {
    let clock = VirtualClock()
    let bus: SimI2CBus
    let model: MPU6050Model
    let imu: MPU6050
    let pins = PinRecorder()
    static let address = I2CAddress(0x68)

    init(_ settings: MPU6050Settings = .default, trim: InertialTrim = .nominal(), noiseSeed: UInt64? = nil) {
        bus = SimI2CBus(clock: clock)
        model = MPU6050Model(clock: clock, trim: trim, noiseSeed: noiseSeed, interrupt: pins.drive)
        bus.attach(model, at: Self.address)
        imu = MPU6050(registers: I2CRegisters(bus: bus, address: Self.address), clock: clock, settings: settings)
    }

    /// Reads registers directly, as a test bench would.
    func peek(_ register: UInt8, _ count: Int = 1) throws -> [UInt8] {
        try bus.writeRead(Self.address, [register], count: count)
    }

    /// Writes registers directly.
    func poke(_ register: UInt8, _ bytes: UInt8...) throws { try bus.write(Self.address, [register] + bytes) }
}

@Suite struct MPU6050ModelTests {
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

    @Test func roundTripAtEveryFullScale() throws {
        for (accel, gyro) in zip(MPU6050AccelRange.allCases, MPU6050GyroRange.allCases) {
            let settings = MPU6050Settings(gyroRange: gyro, accelRange: accel)
            let rig = MPU6050Rig(settings)
            let a = [0.3 * g, -0.7 * g, 1.1 * g]
            let w = [0.5, -1.25, 2.0]
            rig.model.setPhysical(.accelMps2, a)
            rig.model.setPhysical(.gyroRadps, w)
            rig.model.setPhysical(.temperatureC, [-12.25])
            try rig.imu.start(settings)
            let reading = try rig.imu.read()
            expectVector(reading.values[.accelMps2], a, within: rig.model.sampleRange(.accelMps2).epsilon, "\(accel)")
            expectVector(reading.values[.gyroRadps], w, within: rig.model.sampleRange(.gyroRadps).epsilon, "\(gyro)")
            expectVector(reading.values[.temperatureC], [-12.25], within: 1.0 / 680, "temperature")
        }
    }

    @Test func resetValuesAreTheRegisterMaps() throws {
        let rig = MPU6050Rig()
        #expect(try rig.peek(0x75) == [0x68])
        #expect(try rig.peek(0x6B) == [0x40])  // asleep
        #expect(try rig.peek(0x19, 4) == [0, 0, 0, 0])
        #expect(try rig.peek(0x3A, 15) == [UInt8](repeating: 0, count: 15))
    }

    @Test func deviceResetShowsItsBitAndIgnoresWritesUntilDone() throws {
        let rig = MPU6050Rig()
        try rig.poke(0x6B, 0x01)
        try rig.poke(0x1B, 0x18)
        try rig.poke(0x6B, 0x80)
        #expect(try rig.peek(0x6B) == [0xC0])  // DEVICE_RESET still set, asleep
        try rig.poke(0x1B, 0x08)  // ignored
        rig.clock.advance(by: .milliseconds(100))
        #expect(try rig.peek(0x6B) == [0x40])
        #expect(try rig.peek(0x1B) == [0x00])
    }

    @Test func aSleepingChipTakesNoSamplesAndAWakingOneOneEveryPeriod() throws {
        let rig = MPU6050Rig()
        try rig.poke(0x1A, 0x00)  // DLPF off: 8 kHz gyroscope output rate
        try rig.poke(0x19, 0x07)  // divider 8: 1 kHz
        try rig.poke(0x23, 0x08)  // FIFO_EN: accelerometer, 6 bytes per sample
        try rig.poke(0x6A, 0x40)  // USER_CTRL: FIFO_EN
        rig.clock.advance(by: .milliseconds(50))
        #expect(try rig.peek(0x72, 2) == [0x00, 0x00], "asleep after reset: no samples")
        try rig.poke(0x6B, 0x01)
        let woke = rig.clock.now()
        rig.clock.advance(to: woke + .microseconds(800))
        #expect(try rig.peek(0x3B, 6) == [0, 0, 0, 0, 0, 0], "nothing before the first sample")
        rig.clock.advance(to: woke + .milliseconds(20))
        #expect(try rig.peek(0x72, 2) == [0x00, 0x78], "20 samples of 6 bytes")
    }

    @Test func dataReadyLatchesINTUntilINTStatusIsRead() throws {
        let rig = MPU6050Rig()
        try rig.imu.start()
        rig.clock.advance(by: .milliseconds(10))
        rig.model.update()
        #expect(rig.pins.level("INT") == true)
        _ = try rig.peek(0x3B, 2)  // sensor registers: INT stays (INT_RD_CLEAR is 0)
        #expect(rig.pins.level("INT") == true)
        #expect(try rig.peek(0x3A) == [0x01])
        #expect(rig.pins.level("INT") == false)
    }

    @Test func unlatchedInterruptsPulseAndActiveLowInverts() throws {
        let rig = MPU6050Rig()
        try rig.imu.start()
        try rig.poke(0x37, 0x80)  // INT_LEVEL active low, pulses
        #expect(rig.pins.level("INT") == true, "idle high")
        rig.clock.advance(by: .milliseconds(10))
        let before = rig.pins.events.count
        rig.model.update()
        #expect(rig.pins.events.dropFirst(before).map(\.level) == [false, true])
    }

    @Test func theFIFOKeepsTheNewestBytesAndFlagsAnOverflow() throws {
        let rig = MPU6050Rig()
        try rig.poke(0x6B, 0x01)
        try rig.poke(0x19, 0x09)  // 100 Hz with the DLPF below
        try rig.poke(0x1A, 0x03)
        try rig.poke(0x38, 0x10)  // FIFO_OFLOW_EN
        try rig.poke(0x23, 0x08)  // ACCEL only: 6 bytes per sample
        try rig.poke(0x6A, 0x40)
        rig.model.setPhysical(.accelMps2, [0, 0, 0])
        rig.clock.advance(by: .seconds(2))  // 200 samples, 1200 bytes
        rig.model.update()  // samples are taken lazily: take these before the world changes
        rig.model.setPhysical(.accelMps2, [0, 0, g * 16385 / 16384])  // ACCEL_ZOUT 0x4001 at ±2 g
        rig.clock.advance(by: .milliseconds(10))
        #expect(try rig.peek(0x72, 2) == [0x04, 0x00])  // 1024, latched by reading FIFO_COUNT_H
        #expect(try rig.peek(0x3A) == [0x10])  // FIFO_OFLOW_INT
        try rig.poke(0x6B, 0x40)  // asleep: no more samples while the FIFO is read byte by byte
        let all = try (0..<1024).map { _ in try rig.peek(0x74)[0] }
        #expect(Array(all.suffix(6)) == [0x00, 0x00, 0x00, 0x00, 0x40, 0x01], "the newest sample is last")
        #expect(Array(all.prefix(6)) == [0x00, 0x00, 0x00, 0x00, 0x00, 0x00], "older samples, zero g")
        #expect(try rig.peek(0x74, 3) == [0x01, 0x01, 0x01], "empty: the last byte read repeats")
    }

    @Test func aBurstFromFIFOCountOnReadsTheSameBytesAsOneReadPerByte() throws {
        // Two identical chips with the same noise: one read byte by byte, one in bursts.
        let rigs = [MPU6050Rig(noiseSeed: 7), MPU6050Rig(noiseSeed: 7)]
        for rig in rigs {
            try rig.poke(0x6B, 0x01)
            try rig.poke(0x19, 0x09)  // 100 Hz with the DLPF below
            try rig.poke(0x1A, 0x03)
            try rig.poke(0x23, 0x78)  // gyroscope x, y, z and accelerometer: 12 bytes per sample
            try rig.poke(0x6A, 0x40)
            rig.model.setPhysical(.accelMps2, [0.5, -0.25, 9.80665])
            rig.clock.advance(by: .milliseconds(55))  // 5 samples, 60 bytes
            try rig.poke(0x6B, 0x40)  // asleep: no more samples while the FIFO is read
        }
        var single = try rigs[0].peek(0x72, 2)
        for _ in 0..<63 { single += try rigs[0].peek(0x74) }
        #expect(Array(single.prefix(2)) == [0x00, 0x3C], "60 bytes queued")
        // FIFO_COUNT_H, FIFO_COUNT_L and the FIFO in one read that runs three bytes past the last.
        let burst = try rigs[1].peek(0x72, 2 + 63)
        #expect(burst == single)
        #expect(burst.suffix(4).allSatisfy { $0 == burst[61] }, "empty: the last byte read repeats")
        #expect(try rigs[1].peek(0x74, 2) == [burst[61], burst[61]])
        #expect(try rigs[1].peek(0x72, 2) == [0x00, 0x00])
    }

    @Test func fifoReadsDoNotAdvanceAndTheCountIsLatchedByTheHighByte() throws {
        let rig = MPU6050Rig(MPU6050Settings(fifo: true, stuckLimit: 0))
        rig.model.setPhysical(.accelMps2, [0, 0, g])
        try rig.imu.start()
        rig.clock.advance(by: .milliseconds(25))
        let count = try rig.peek(0x72, 2)
        #expect(count == [0x00, 0x1C])  // two 14-byte frames
        let frame = try rig.peek(0x74, 14)
        #expect(frame[4] == 0x20 && frame[5] == 0x00)  // ACCEL_ZOUT 1 g = 8192 at ±4 g
        #expect(try rig.peek(0x73) == [0x1C], "FIFO_COUNT_L keeps the latched value")
        #expect(try rig.peek(0x72, 2) == [0x00, 0x0E])
    }

    @Test func drainingReturnsEverySampleAtItsOwnInstant() throws {
        let rig = MPU6050Rig(MPU6050Settings(fifo: true, stuckLimit: 0))
        let ramp = Ramp()
        rig.model.stimulus = ramp
        try rig.imu.start()
        rig.clock.advance(by: .milliseconds(100))
        let samples = try rig.imu.drainFIFO()
        #expect(samples.count >= 9)
        let epsilon = rig.model.sampleRange(.accelMps2).epsilon
        let xs = samples.compactMap { $0.values[.accelMps2]?.first }
        for (older, newer) in zip(xs, xs.dropFirst()) {
            #expect(abs((newer - older) - 0.01) <= 2 * epsilon)  // 1 m/s² per second, 10 ms apart
        }
        #expect(samples.allSatisfy { abs(($0.values[.temperatureC]?.first ?? 0) - 25) <= 1.0 / 680 })
    }

    @Test func anOverflowSeenByTheDriverEmptiesTheFIFO() throws {
        let rig = MPU6050Rig(MPU6050Settings(sampleRateDivider: 0, fifo: true, stuckLimit: 0))
        try rig.imu.start()
        rig.clock.advance(by: .milliseconds(100))  // 1 kHz × 14 bytes: overflowed after 73 samples
        #expect(try rig.imu.drainFIFO().isEmpty)
        #expect(rig.imu.fifoOverflows == 1)
        rig.clock.advance(by: .milliseconds(3))
        #expect((2...3).contains(try rig.imu.drainFIFO().count))
    }

    @Test func trimsFromOptionsOffsetTheReadingAndSeedsSpreadThem() throws {
        let entry = try #require(ChipRegistry.entry("invensense,mpu6050"))
        #expect(entry.interfaces == [.i2c] && entry.trimKeys.contains("gyro-drift-z-dps-per-c"))
        let clock = VirtualClock()
        let chip = try entry.makeModel(
            ModelContext(clock: clock, trim: ChipOptions(["accel-offset-z-mg": "-50", "temperature-offset-c": "2"])))
        #expect(chip.spi == nil)
        let bus = SimI2CBus(clock: clock)
        bus.attach(try #require(chip.i2c), at: MPU6050Rig.address)
        let driver = try entry.makeDriver(.i2c(bus, MPU6050Rig.address), clock, .none)
        chip.model.setPhysical(.accelMps2, [0, 0, g])
        chip.model.setPhysical(.temperatureC, [20])
        try driver.bringUp()
        let reading = try driver.read()
        #expect(abs((reading.values[.accelMps2]?[2] ?? 0) - 0.95 * g) <= g / 8192)
        #expect(abs((reading.values[.temperatureC]?[0] ?? 0) - 22) <= 1.0 / 680)
        let seeded = try InertialTrim.instance(seed: 17, trim: .none, spread: MPU6050Model.spread)
        #expect(seeded.gyroOffsetDps.allSatisfy { abs($0) <= 20 } && seeded.accelOffsetMg[2] != 0)
        #expect(seeded.temperatureOffsetC == 0)
    }

    @Test func driftFollowsTheDieTemperature() throws {
        var trim = InertialTrim.nominal()
        trim.gyroDriftDpsPerC = [0.1, 0, 0]
        let rig = MPU6050Rig(MPU6050Settings(stuckLimit: 0), trim: trim)
        rig.model.setPhysical(.temperatureC, [45])
        try rig.imu.start()
        let rate = try #require(try rig.imu.read().values[.gyroRadps]?.first)
        // 0.1 °/s/°C × (45 − 25) °C = 2 °/s, within half an LSB of 1/65.5 °/s.
        #expect(abs(rate - 2 * Double.pi / 180) <= 0.5 / 65.5 * Double.pi / 180 + 1e-12)
    }

    @Test func noiseFollowsTheFilterBandwidth() throws {
        func spread(_ lowPass: MPU6050LowPass) throws -> Double {
            let rig = MPU6050Rig(MPU6050Settings(lowPass: lowPass, stuckLimit: 0), noiseSeed: 3)
            try rig.imu.start(MPU6050Settings(lowPass: lowPass, stuckLimit: 0))
            let xs = try (0..<200).map { _ in
                rig.clock.advance(by: .milliseconds(10))
                return try rig.imu.read().values[.accelMps2]?[0] ?? 0
            }
            let mean = xs.reduce(0, +) / Double(xs.count)
            return (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count)).squareRoot()
        }
        // 400 µg/√Hz: 2.65 mg RMS over 44 Hz, 0.89 mg over 5 Hz.
        let wide = try spread(.hz44) / g * 1000
        let narrow = try spread(.hz5) / g * 1000
        #expect(wide > 2 && wide < 3.3, "\(wide) mg")
        #expect(narrow > 0.6 && narrow < 1.2, "\(narrow) mg")
    }

    @Test func aPowerCycledChipIsStartedAgain() throws {
        let rig = MPU6050Rig()
        rig.model.setPhysical(.gyroRadps, [0, 0, 1])
        try rig.imu.start()
        _ = try rig.imu.read()
        let now = rig.clock.now()
        rig.bus.faultPlan = FaultPlan(rules: [
            .disappear(address: MPU6050Rig.address, from: now, until: now + .milliseconds(5))
        ])
        #expect {
            _ = try rig.imu.read()
        } throws: { error in
            (error as? DriverError)?.kind == .noAcknowledge(.address)
        }
        rig.clock.advance(by: .milliseconds(6))
        rig.model.reset()
        expectVector(
            try rig.imu.read().values[.gyroRadps], [0, 0, 1], within: rig.model.sampleRange(.gyroRadps).epsilon, "after"
        )
        #expect(try rig.peek(0x6B) == [0x01])
    }

    @Test func aResetWithoutABusErrorIsNoticedFromTheResetValues() throws {
        let rig = MPU6050Rig()
        try rig.imu.start()
        _ = try rig.imu.read()
        rig.model.reset()
        rig.model.setPhysical(.temperatureC, [50])
        expectVector(try rig.imu.read().values[.temperatureC], [50], within: 1.0 / 680, "after reset")
    }

    @Test func identicalFreshSamplesAreStuck() throws {
        let rig = MPU6050Rig(MPU6050Settings(stuckLimit: 2))
        try rig.imu.start()
        _ = try rig.imu.read()
        _ = try rig.imu.read()  // no new sample: not counted
        rig.clock.advance(by: .milliseconds(10))
        #expect {
            _ = try rig.imu.read()
        } throws: { error in
            "\(error)".hasPrefix("MPU-6050 at sim:i2c0 0x68: stuck: ")
        }
    }

    @Test func optionsSpellTheSettings() throws {
        let settings = try MPU6050Settings(
            options: ChipOptions([
                "dlpf": "260", "sample-rate-divider": "79", "gyro-range-dps": "2000", "accel-range-g": "16",
                "fifo": "yes",
                "stuck-after": "7",
            ]))
        #expect(
            settings
                == MPU6050Settings(
                    lowPass: .hz260, sampleRateDivider: 79, gyroRange: .dps2000, accelRange: .g16, fifo: true,
                    stuckLimit: 7))
        #expect(settings.sampleRateHz == 100)
        #expect(try MPU6050Settings(options: .none) == .default)
        #expect(throws: ChipOptionError.self) {
            _ = try MPU6050Settings(options: ChipOptions(["sample-rate-divider": "256"]))
        }
    }
}
