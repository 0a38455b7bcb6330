// SensorGate — Drivers tests: MPU-6050 bus transcripts, with the register map's addresses and values spelled out.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct MPU6050TranscriptTests {
    private let address = I2CAddress(0x68)

    /// WHO_AM_I, then InvenSense's reset: DEVICE_RESET, 100 ms, SIGNAL_PATH_RESET, 100 ms, wake on the PLL.
    private func resetScript() -> [I2CExpectation] {
        [
            .writeRead(address: address, write: [0x75], read: [0x68]),  // WHO_AM_I
            .write(address: address, bytes: [0x6B, 0x80]),  // PWR_MGMT_1: DEVICE_RESET
            .write(address: address, bytes: [0x68, 0x07]),  // SIGNAL_PATH_RESET: GYRO, ACCEL, TEMP
            .write(address: address, bytes: [0x6B, 0x01]),  // PWR_MGMT_1: awake, CLKSEL 1 (PLL, X gyro)
        ]
    }

    /// INT_STATUS DATA_RDY_INT, then ACCEL_XOUT 0, 0, 0x4000; TEMP_OUT 0xFDF7 (−521); GYRO_XOUT 0x0083
    /// (131), 0xFF7D (−131), 0, each high byte first.
    static let exampleBlock: [UInt8] = [
        0x01, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0xFD, 0xF7, 0x00, 0x83, 0xFF, 0x7D, 0x00, 0x00,
    ]

    @Test func startFollowsInvenSensesResetSequenceAndReadsOneBurst() throws {
        let bus = ScriptedI2CBus(
            resetScript() + [
                // SMPLRT_DIV 9, CONFIG DLPF_CFG 3, GYRO_CONFIG FS_SEL 1, ACCEL_CONFIG AFS_SEL 1
                .write(address: address, bytes: [0x19, 0x09, 0x03, 0x08, 0x08]),
                .write(address: address, bytes: [0x23, 0x00]),  // FIFO_EN: nothing
                .write(address: address, bytes: [0x37, 0x20, 0x01]),  // INT_PIN_CFG latched; INT_ENABLE DATA_RDY_EN
                .write(address: address, bytes: [0x6A, 0x00]),  // USER_CTRL
                .writeRead(address: address, write: [0x3A], read: Self.exampleBlock),
            ])
        let clock = VirtualClock()
        let imu = MPU6050(registers: I2CRegisters(bus: bus, address: address), clock: clock)
        try imu.start()
        #expect(clock.now() == MonotonicInstant(nanoseconds: 200_000_000))  // two 100 ms waits
        let reading = try imu.read()
        try bus.finish()
        // The first sample is waited for: (1 + 9) / 1 kHz = 10 ms.
        #expect(reading.timestamp == MonotonicInstant(nanoseconds: 210_000_000))
        #expect(reading.raw["accel"] == [0, 0, 16384])
        #expect(reading.raw["gyro"] == [131, -131, 0])
        #expect(reading.raw["temperature"] == [-521])
        #expect(imu.outputDataRateHz == 100)
    }

    @Test func theRegisterMapsScaleFactorsConvertExactly() throws {
        let bus = ScriptedI2CBus(
            resetScript() + [
                .write(address: address, bytes: [0x19, 0x00, 0x00, 0x00, 0x00]),  // 8 kHz, DLPF off, ±250 °/s, ±2 g
                .write(address: address, bytes: [0x23, 0x00]),
                .write(address: address, bytes: [0x37, 0x20, 0x01]),
                .write(address: address, bytes: [0x6A, 0x00]),
                .writeRead(address: address, write: [0x3A], read: Self.exampleBlock),
            ])
        let settings = MPU6050Settings(lowPass: .hz260, sampleRateDivider: 0, gyroRange: .dps250, accelRange: .g2)
        let imu = MPU6050(
            registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock(), settings: settings)
        try imu.start()
        let reading = try imu.read()
        try bus.finish()
        // 16384 LSB/g: 0x4000 is 1 g; 131 LSB/(°/s): 0x0083 is 1 °/s.
        #expect(reading.values[.accelMps2] == [0, 0, 9.80665])
        #expect(reading.values[.gyroRadps] == [Double.pi / 180, -Double.pi / 180, 0])
        // Temperature in °C = TEMP_OUT / 340 + 36.53: −521 LSB is the specification's 35 °C offset point.
        let temperature = try #require(reading.values[.temperatureC]?.first)
        #expect(abs(temperature - (-521.0 / 340 + 36.53)) < 1e-12)
        #expect(abs(temperature - 35) < 0.01)
        #expect(imu.outputDataRateHz == 8000)
    }

    @Test func fifoSettingsSelectFourteenByteFramesAndTheOverflowInterrupt() throws {
        let bus = ScriptedI2CBus(
            resetScript() + [
                // 1 kHz / (1 + 4) = 200 Hz, DLPF 184 Hz, ±2000 °/s, ±16 g
                .write(address: address, bytes: [0x19, 0x04, 0x01, 0x18, 0x18]),
                .write(address: address, bytes: [0x23, 0xF8]),  // FIFO_EN: TEMP, XG, YG, ZG, ACCEL
                .write(address: address, bytes: [0x37, 0x20, 0x11]),  // INT_ENABLE: FIFO_OFLOW_EN, DATA_RDY_EN
                .write(address: address, bytes: [0x6A, 0x40]),  // USER_CTRL: FIFO_EN
            ])
        let settings = MPU6050Settings(
            lowPass: .hz184, sampleRateDivider: 4, gyroRange: .dps2000, accelRange: .g16, fifo: true)
        let imu = MPU6050(
            registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock(), settings: settings)
        try imu.start()
        try bus.finish()
    }

    @Test func drainingTheFIFOReadsWholeFramesAndBackDatesThem() throws {
        func frame(_ n: UInt8) -> [UInt8] {
            [0x00, n, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, n, 0x00, 0x00, 0x00, 0x00]
        }
        let bus = ScriptedI2CBus(
            resetScript() + [
                .write(address: address, bytes: [0x19, 0x09, 0x03, 0x08, 0x08]),
                .write(address: address, bytes: [0x23, 0xF8]),
                .write(address: address, bytes: [0x37, 0x20, 0x11]),
                .write(address: address, bytes: [0x6A, 0x40]),
                .writeRead(address: address, write: [0x3A], read: [0x01]),  // INT_STATUS: data ready, no overflow
                .writeRead(address: address, write: [0x72], read: [0x00, 0x2A]),  // FIFO_COUNT 42: three frames
                .writeRead(address: address, write: [0x74], read: frame(1) + frame(2)),  // FIFO_R_W, two frames
                .writeRead(address: address, write: [0x74], read: frame(3)),
            ])
        let clock = VirtualClock()
        let imu = MPU6050(
            registers: I2CRegisters(bus: bus, address: address), clock: clock, settings: MPU6050Settings(fifo: true))
        try imu.start()
        let drained = clock.now()
        let samples = try imu.drainFIFO()
        try bus.finish()
        #expect(samples.map { $0.raw["accel"] } == [[1, 0, 16384], [2, 0, 16384], [3, 0, 16384]])
        #expect(samples.map { $0.raw["gyro"] } == [[1, 0, 0], [2, 0, 0], [3, 0, 0]])
        // A first drain can only say the newest frame came within the period before FIFO_COUNT was read
        // (FIFOGrid): it is dated in the middle of that period, the older ones 10 ms apart.
        #expect(
            samples.map(\.timestamp) == [
                drained - .milliseconds(25), drained - .milliseconds(15), drained - .milliseconds(5),
            ])
    }

    @Test func anOverflowEmptiesTheFIFOAndLosesItsSamples() throws {
        let bus = ScriptedI2CBus(
            resetScript() + [
                .write(address: address, bytes: [0x19, 0x09, 0x03, 0x08, 0x08]),
                .write(address: address, bytes: [0x23, 0xF8]),
                .write(address: address, bytes: [0x37, 0x20, 0x11]),
                .write(address: address, bytes: [0x6A, 0x40]),
                .writeRead(address: address, write: [0x3A], read: [0x11]),  // FIFO_OFLOW_INT
                .writeRead(address: address, write: [0x72], read: [0x04, 0x00]),  // 1024 bytes
                .write(address: address, bytes: [0x6A, 0x04]),  // FIFO_RESET with FIFO_EN 0
                .write(address: address, bytes: [0x6A, 0x40]),  // FIFO_EN again
            ])
        let imu = MPU6050(
            registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock(),
            settings: MPU6050Settings(fifo: true))
        try imu.start()
        #expect(try imu.drainFIFO().isEmpty)
        try bus.finish()
        #expect(imu.fifoOverflows == 1)
    }

    @Test func anMPU6500WhereAnMPU6050IsExpectedIsAWrongChipID() {
        let bus = ScriptedI2CBus([.writeRead(address: address, write: [0x75], read: [0x70])])
        let imu = MPU6050(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        #expect {
            try imu.start()
        } throws: { error in
            "\(error)" == "MPU-6050 at scripted:i2c 0x68: wrong chip ID: expected 0x68, found 0x70"
        }
    }

    @Test func aNACKedWriteIsABusErrorWithItsKind() {
        let bus = ScriptedI2CBus([
            .writeRead(address: address, write: [0x75], read: [0x68]),
            .error(.noAcknowledge(.data), address: address),
        ])
        let imu = MPU6050(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        #expect {
            try imu.start()
        } throws: { error in
            (error as? DriverError)?.kind == .noAcknowledge(.data) && (error as? DriverError)?.chip == "MPU-6050"
        }
    }

    @Test func drainingWithTheFIFOOffIsAnInvalidSetting() {
        let imu = MPU6050(registers: I2CRegisters(bus: ScriptedI2CBus([]), address: address), clock: VirtualClock())
        #expect(
            throws: DriverError(
                chip: "MPU-6050", location: "scripted:i2c 0x68",
                reason: .invalidSetting("the FIFO is off; set fifo to on"))
        ) {
            _ = try imu.drainFIFO()
        }
    }
}
