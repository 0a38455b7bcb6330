// SensorGate — Drivers tests: LSM6DSO bus transcripts, with the datasheet's addresses and values spelled out.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct LSM6DSOTranscriptTests {
    private let address = I2CAddress(0x6A)

    /// WHO_AM_I, SW_RESET (polled once), BOOT: the bring-up every transcript starts with.
    private func resetScript() -> [I2CExpectation] {
        [
            .writeRead(address: address, write: [0x0F], read: [0x6C]),  // WHO_AM_I
            .write(address: address, bytes: [0x12, 0x05]),  // CTRL3_C: SW_RESET, IF_INC kept
            .writeRead(address: address, write: [0x12], read: [0x04]),  // SW_RESET cleared
            .write(address: address, bytes: [0x12, 0x84]),  // CTRL3_C: BOOT, IF_INC
        ]
    }

    /// STATUS_REG (XLDA, GDA, TDA), the reserved 0x1F, OUT_TEMP 0x0100 (26 °C), gyroscope 0x2CA4, 0x5949, 0
    /// (AN5192's 100 and 200 dps at ±250 dps) and accelerometer 0x1669, 0xE997, 0x4009 (350 mg, −350 mg,
    /// 1 g at ±2 g), each low byte first.
    static let exampleBlock: [UInt8] = [
        0x07, 0x00, 0x00, 0x01, 0xA4, 0x2C, 0x49, 0x59, 0x00, 0x00, 0x69, 0x16, 0x97, 0xE9, 0x09, 0x40,
    ]

    @Test func i2cStartWritesTheDefaultConfigurationAndWaitsTheDatasheetTimes() throws {
        let bus = ScriptedI2CBus(
            resetScript() + [
                // CTRL1_XL 104 Hz ±4 g, CTRL2_G 104 Hz ±500 dps, CTRL3_C BDU and IF_INC
                .write(address: address, bytes: [0x10, 0x48, 0x44, 0x44]),
                // FIFO_CTRL1…4: WTM 64, nothing batched, bypass
                .write(address: address, bytes: [0x07, 0x40, 0x00, 0x00, 0x00]),
                .write(address: address, bytes: [0x0D, 0x03]),  // INT1_CTRL: INT1_DRDY_XL, INT1_DRDY_G
                .writeRead(address: address, write: [0x1E], read: Self.exampleBlock),
            ])
        let clock = VirtualClock()
        let imu = LSM6DSO(registers: I2CRegisters(bus: bus, address: address), clock: clock)
        try imu.start()
        // 50 µs software reset, then 10 ms boot.
        #expect(clock.now() == MonotonicInstant(nanoseconds: 10_050_000))
        let reading = try imu.read()
        try bus.finish()
        // The first sample is waited for: one period of 104 Hz, 9 615 385 ns.
        #expect(reading.timestamp == MonotonicInstant(nanoseconds: 10_050_000 + 9_615_385))
        #expect(reading.raw["accel"] == [5737, -5737, 16393])
        #expect(reading.raw["gyro"] == [11428, 22857, 0])
        #expect(reading.raw["temperature"] == [256])
    }

    @Test func theApplicationNoteExamplesConvertExactly() throws {
        let bus = ScriptedI2CBus(
            resetScript() + [
                .write(address: address, bytes: [0x10, 0x40, 0x40, 0x44]),  // 104 Hz, ±2 g; 104 Hz, ±250 dps
                .write(address: address, bytes: [0x07, 0x40, 0x00, 0x00, 0x00]),
                .write(address: address, bytes: [0x0D, 0x03]),
                .writeRead(address: address, write: [0x1E], read: Self.exampleBlock),
            ])
        let imu = LSM6DSO(
            registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock(),
            settings: LSM6DSOSettings(accelRange: .g2, gyroRange: .dps250))
        try imu.start()
        let reading = try imu.read()
        try bus.finish()
        let accel = try #require(reading.values[.accelMps2])
        let gyro = try #require(reading.values[.gyroRadps])
        // 0x1669 = 5737 × 0.061 mg = 349.957 mg; 0x4009 = 16393 × 0.061 mg = 999.973 mg.
        #expect(abs(accel[0] - 0.349957 * 9.80665) < 1e-9)
        #expect(abs(accel[1] + 0.349957 * 9.80665) < 1e-9)
        #expect(abs(accel[2] - 0.999973 * 9.80665) < 1e-9)
        // 0x2CA4 = 11428 × 8.75 mdps = 99.995 dps; 0x5949 = 22857 × 8.75 mdps = 199.99875 dps.
        #expect(abs(gyro[0] - 99.995 * Double.pi / 180) < 1e-12)
        #expect(abs(gyro[1] - 199.99875 * Double.pi / 180) < 1e-12)
        #expect(gyro[2] == 0)
        #expect(reading.values[.temperatureC] == [26])
    }

    @Test func spiUsesTheReadBitAndTheSameRegisters() throws {
        let device = ScriptedSPIDevice([
            .writeThenRead(write: [0x8F], read: [0x6C]),  // read WHO_AM_I: 0x0F | 0x80
            .write([0x12, 0x05]),  // write CTRL3_C: bit 7 clear
            .writeThenRead(write: [0x92], read: [0x04]),
            .write([0x12, 0x84]),
            .write([0x10, 0x48, 0x44, 0x44]),
            .write([0x07, 0x40, 0x00, 0x00, 0x00]),
            .write([0x0D, 0x03]),
            .writeThenRead(write: [0x9E], read: Self.exampleBlock),
        ])
        let imu = LSM6DSO(registers: SPIRegisters(device: device), clock: VirtualClock())
        try imu.start()
        let reading = try imu.read()
        try device.finish()
        #expect(reading.raw["temperature"] == [256])
    }

    @Test func fifoModeSettingsBatchBothSensorsAndRouteTheWatermark() throws {
        let bus = ScriptedI2CBus(
            resetScript() + [
                .write(address: address, bytes: [0x10, 0x58, 0x54, 0x44]),  // 208 Hz, ±4 g; 208 Hz, ±500 dps
                // FIFO_CTRL1…4: WTM 300 (0x12C), BDR_GY and BDR_XL 208 Hz, continuous
                .write(address: address, bytes: [0x07, 0x2C, 0x01, 0x55, 0x06]),
                .write(address: address, bytes: [0x0D, 0x08]),  // INT1_FIFO_TH
            ])
        let settings = LSM6DSOSettings(
            dataRate: .hz208, fifoMode: .continuous, watermark: 300, interrupt: .fifoThreshold)
        let imu = LSM6DSO(
            registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock(), settings: settings)
        try imu.start()
        try bus.finish()
    }

    @Test func drainingTheFIFOPairsWordsByTimeSlotAndBackDatesThem() throws {
        // Tags: TAG_SENSOR << 3 | TAG_CNT << 1 | parity; gyroscope 0x01, accelerometer 0x02.
        let words: [UInt8] = [
            0x0A, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00,  // gyroscope, slot 1: 1, 2, 3
            0x12, 0x0A, 0x00, 0x14, 0x00, 0x1E, 0x00,  // accelerometer, slot 1: 10, 20, 30
            0x0C, 0x04, 0x00, 0x05, 0x00, 0x06, 0x00,  // gyroscope, slot 2: 4, 5, 6
            0x14, 0x28, 0x00, 0x32, 0x00, 0x3C, 0x00,  // accelerometer, slot 2: 40, 50, 60
        ]
        let lastWord: [UInt8] = [0x0F, 0x07, 0x00, 0x08, 0x00, 0x09, 0x00]  // gyroscope, slot 3, alone
        let bus = ScriptedI2CBus(
            resetScript() + [
                .write(address: address, bytes: [0x10, 0x48, 0x44, 0x44]),
                .write(address: address, bytes: [0x07, 0x10, 0x00, 0x44, 0x06]),  // WTM 16, BDR 104 Hz, continuous
                .write(address: address, bytes: [0x0D, 0x08]),
                .writeRead(address: address, write: [0x3A], read: [0x05, 0x00]),  // FIFO_STATUS1/2: 5 words
                .writeRead(address: address, write: [0x78], read: words),  // four words
                .writeRead(address: address, write: [0x78], read: lastWord),  // the fifth
            ])
        let clock = VirtualClock(start: MonotonicInstant(nanoseconds: 1_000_000_000))
        let settings = LSM6DSOSettings(fifoMode: .continuous, watermark: 16, interrupt: .fifoThreshold)
        let imu = LSM6DSO(registers: I2CRegisters(bus: bus, address: address), clock: clock, settings: settings)
        try imu.start()
        let drained = clock.now()
        let samples = try imu.drainFIFO()
        try bus.finish()
        #expect(samples.count == 2)
        #expect(samples.map { $0.raw["gyro"] } == [[1, 2, 3], [4, 5, 6]])
        #expect(samples.map { $0.raw["accel"] } == [[10, 20, 30], [40, 50, 60]])
        // A first drain dates the newest slot in the middle of the period (9 615 385 ns at 104 Hz) before
        // FIFO_STATUS was read (FIFOGrid), the older one a period earlier.
        let newest = drained - .nanoseconds(9_615_385 - 9_615_385 / 2)
        #expect(samples.map(\.timestamp) == [newest - .nanoseconds(9_615_385), newest])
        #expect(samples[0].values[.temperatureC] == nil)
        #expect(imu.fifoOverruns == 0)
    }

    @Test func anOverrunInFIFOModeRestartsTheFIFO() throws {
        let bus = ScriptedI2CBus(
            resetScript() + [
                .write(address: address, bytes: [0x10, 0x48, 0x44, 0x44]),
                .write(address: address, bytes: [0x07, 0x40, 0x00, 0x44, 0x01]),  // FIFO mode
                .write(address: address, bytes: [0x0D, 0x03]),
                .writeRead(address: address, write: [0x3A], read: [0x00, 0x48]),  // empty, FIFO_OVR_IA | OVR_LATCHED
                .write(address: address, bytes: [0x0A, 0x00]),  // bypass empties it
                .write(address: address, bytes: [0x0A, 0x01]),  // FIFO mode again
            ])
        let imu = LSM6DSO(
            registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock(),
            settings: LSM6DSOSettings(fifoMode: .fifo))
        try imu.start()
        #expect(try imu.drainFIFO().isEmpty)
        try bus.finish()
        #expect(imu.fifoOverruns == 1)
    }

    @Test func drainingInBypassModeIsAnInvalidSetting() throws {
        let imu = LSM6DSO(registers: I2CRegisters(bus: ScriptedI2CBus([]), address: address), clock: VirtualClock())
        #expect {
            _ = try imu.drainFIFO()
        } throws: { error in
            guard case .invalidSetting(let why) = (error as? DriverError)?.reason else { return false }
            return why.contains("bypass")
        }
    }

    @Test func anLSM6DS3WhereAnLSM6DSOIsExpectedIsAWrongChipID() {
        let bus = ScriptedI2CBus([.writeRead(address: address, write: [0x0F], read: [0x69])])
        let imu = LSM6DSO(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        #expect {
            try imu.start()
        } throws: { error in
            "\(error)" == "LSM6DSO at scripted:i2c 0x6a: wrong chip ID: expected 0x6c, found 0x69"
        }
    }

    @Test func anAbsentChipIsABusErrorWithItsKind() {
        let bus = ScriptedI2CBus([.nack(address: address)])
        let imu = LSM6DSO(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        #expect {
            try imu.start()
        } throws: { error in
            (error as? DriverError)?.kind == .noAcknowledge(.address)
                && (error as? DriverError)?.location == "scripted:i2c 0x6a"
                && (error as? DriverError)?.chip == "LSM6DSO"
        }
    }

    @Test func aSoftwareResetThatNeverEndsTimesOut() {
        var script: [I2CExpectation] = [
            .writeRead(address: address, write: [0x0F], read: [0x6C]),
            .write(address: address, bytes: [0x12, 0x05]),
        ]
        script += Array(repeating: .writeRead(address: address, write: [0x12], read: [0x05]), count: 5)
        let bus = ScriptedI2CBus(script)
        let imu = LSM6DSO(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        #expect(throws: DriverError(chip: "LSM6DSO", location: "scripted:i2c 0x6a", reason: .conversionTimeout)) {
            try imu.start()
        }
        #expect(bus.remaining == 0)
    }

    @Test func powerDownAndAnOversizedWatermarkAreRefusedBeforeAnyTraffic() {
        let bus = ScriptedI2CBus([])
        let imu = LSM6DSO(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        #expect(throws: DriverError.self) { try imu.start(LSM6DSOSettings(dataRate: .powerDown)) }
        #expect(throws: DriverError.self) { try imu.start(LSM6DSOSettings(watermark: 512)) }
        #expect(bus.failures.isEmpty)
    }
}
