// SensorGate — Drivers tests: ADXL345 bus transcripts, with the datasheet's addresses and bytes spelled out.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct ADXL345TranscriptTests {
    private let address = I2CAddress(0x53)

    /// The bring-up of the vibration settings over SPI: command byte = address, bit 7 for a read, bit 6
    /// (MB) for more than one byte.
    static let spiVibrationBringUp: [SPIExpectation] = [
        .writeThenRead(write: [0x80], read: [0xE5]),  // read DEVID 0x00
        .write([0x2D, 0x00]),  // POWER_CTL: standby while configuring
        .write([0x2C, 0x0F]),  // BW_RATE: normal power, 3200 Hz
        .write([0x31, 0x0B]),  // DATA_FORMAT: active high, FULL_RES, right-justified, ±16 g
        .write([0x5E, 0x00, 0x00, 0x00]),  // OFSX…OFSZ (0x1E) in one multi-byte write
        .write([0x38, 0x00]),  // FIFO_CTL: bypass, which clears the FIFO
        .write([0x38, 0x90]),  // FIFO_CTL: stream, trigger INT1, samples 16
        .write([0x2F, 0x00]),  // INT_MAP: everything to INT1
        .write([0x2E, 0x03]),  // INT_ENABLE: watermark, overrun
        .write([0x2D, 0x08]),  // POWER_CTL: Measure
    ]

    @Test func spiVibrationBringUpAndDrainUseTheReadAndMultipleByteBits() throws {
        let device = ScriptedSPIDevice(
            Self.spiVibrationBringUp + [
                .writeThenRead(write: [0xB9], read: [0x02]),  // FIFO_STATUS 0x39: 2 entries, so 3 samples
                // The three entries in one message: DATAX0 0x32 read, MB set, chip select released after
                // each read (which pops the entry) but the last.
                .transaction([
                    .init(write: [0xF2]), .init(read: [0x00, 0x01, 0x00, 0xFF, 0x00, 0x00], releaseChipSelect: true),
                    .init(write: [0xF2]), .init(read: [0xFF, 0x0F, 0x00, 0xF0, 0x01, 0x00], releaseChipSelect: true),
                    .init(write: [0xF2]), .init(read: [0x02, 0x00, 0xFE, 0xFF, 0x80, 0x00]),
                ]),
            ])
        let clock = VirtualClock()
        let sensor = ADXL345(registers: SPIRegisters(device: device, multipleBit: 0x40), clock: clock)
        try sensor.start(.vibration)
        // Measure at 0; the first sample 1.1 ms + 312.5 µs later, then every 312.5 µs: three are written
        // by 2.0375 ms.
        clock.advance(to: MonotonicInstant(nanoseconds: 2_100_000))
        let samples = try sensor.drainFIFO()
        try device.finish()
        #expect(samples.map(\.timestamp.nanoseconds) == [1_412_500, 1_725_000, 2_037_500])
        // Little-endian two's complement at 256 LSB/g: 0x0100 = 1 g, 0xFF00 = −1 g, 0x0FFF = 4095,
        // 0xF000 = −4096 (−16 g), 0x0002 = 2, 0xFFFE = −2, 0x0080 = 128 (0.5 g).
        #expect(samples.map { $0.raw["accel_x"] ?? [] } == [[256], [4095], [2]])
        #expect(samples.map { $0.raw["accel_y"] ?? [] } == [[-256], [-4096], [-2]])
        #expect(samples.map { $0.raw["accel_z"] ?? [] } == [[0], [1], [128]])
        #expect(samples[0].values[.accelMps2] == [9.80665, -9.80665, 0])
        #expect(samples[2].values[.accelMps2]?[2] == 9.80665 / 2)
        // No pause of the driver's between the reads: chip select stays released 10 µs between them,
        // longer than the 5 µs a pop takes.
        #expect(clock.now() == MonotonicInstant(nanoseconds: 2_100_000))
    }

    @Test func anEmptyFIFOWithDataReadyHoldsTheOneSampleAtTheOutput() throws {
        let device = ScriptedSPIDevice(
            Self.spiVibrationBringUp + [
                .writeThenRead(write: [0xB9], read: [0x00]),  // FIFO_STATUS: no entries
                .writeThenRead(write: [0xB0], read: [0x82]),  // INT_SOURCE 0x30: DATA_READY, watermark
                .writeThenRead(write: [0xF2], read: [0x10, 0x00, 0x20, 0x00, 0x30, 0x00]),
            ])
        let clock = VirtualClock()
        let sensor = ADXL345(registers: SPIRegisters(device: device, multipleBit: 0x40), clock: clock)
        try sensor.start(.vibration)
        let samples = try sensor.drainFIFO()
        try device.finish()
        #expect(samples.count == 1)
        #expect(samples.first?.raw["accel_z"] == [0x30])
        // The driver waited for the first sample: 1.1 ms + 1/3200 s after the Measure write.
        #expect(samples.first?.timestamp == MonotonicInstant(nanoseconds: 1_412_500))
    }

    @Test func i2cBypassBringUpAndReadWaitForDataReady() throws {
        let bus = ScriptedI2CBus([
            .writeRead(address: address, write: [0x00], read: [0xE5]),  // DEVID
            .write(address: address, bytes: [0x2D, 0x00]),  // POWER_CTL standby
            .write(address: address, bytes: [0x2C, 0x0A]),  // BW_RATE 100 Hz
            .write(address: address, bytes: [0x31, 0x00]),  // DATA_FORMAT 10-bit, ±2 g
            .write(address: address, bytes: [0x1E, 0x05, 0xFB, 0x00]),  // OFSX +5, OFSY −5, OFSZ 0
            .write(address: address, bytes: [0x38, 0x00]),  // FIFO_CTL bypass
            .write(address: address, bytes: [0x2F, 0x00]),  // INT_MAP: INT1
            .write(address: address, bytes: [0x2E, 0x80]),  // INT_ENABLE: DATA_READY
            .write(address: address, bytes: [0x2D, 0x08]),  // POWER_CTL Measure
            .writeRead(address: address, write: [0x30], read: [0x82]),  // INT_SOURCE: DATA_READY
            .writeRead(address: address, write: [0x32], read: [0x00, 0x01, 0x80, 0x00, 0x00, 0xFF]),
        ])
        let clock = VirtualClock()
        var settings = ADXL345Settings(range: .g2, fullResolution: false, fifoMode: .bypass, watermark: 0)
        settings.offsetCodes = [5, -5, 0]
        let sensor = ADXL345(registers: I2CRegisters(bus: bus, address: address), clock: clock, settings: settings)
        try sensor.bringUp()
        let reading = try sensor.read()
        try bus.finish()
        // 10-bit ±2 g: 256 LSB/g, right-justified and sign-extended: 0x0100 = 1 g, 0x0080 = 0.5 g, 0xFF00 = −1 g.
        #expect(reading.raw["accel_x"] == [256] && reading.raw["accel_y"] == [128] && reading.raw["accel_z"] == [-256])
        #expect(reading.values[.accelMps2] == [9.80665, 9.80665 / 2, -9.80665])
        // First data 1.1 ms + 10 ms after the Measure write, dated then.
        #expect(reading.timestamp == MonotonicInstant(nanoseconds: 11_100_000))
        #expect(clock.now() == MonotonicInstant(nanoseconds: 11_100_000))
    }

    @Test func tenBitSixteenGIsThirtyTwoLSBPerG() throws {
        let alternate = I2CAddress(0x1D)  // ALT ADDRESS high
        let bus = ScriptedI2CBus([
            .writeRead(address: alternate, write: [0x00], read: [0xE5]),
            .write(address: alternate, bytes: [0x2D, 0x00]),
            .write(address: alternate, bytes: [0x2C, 0x0D]),  // 800 Hz
            .write(address: alternate, bytes: [0x31, 0x03]),  // 10-bit, ±16 g
            .write(address: alternate, bytes: [0x1E, 0x00, 0x00, 0x00]),
            .write(address: alternate, bytes: [0x38, 0x00]),
            .write(address: alternate, bytes: [0x38, 0x48]),  // FIFO mode, samples 8
            .write(address: alternate, bytes: [0x2F, 0x00]),
            .write(address: alternate, bytes: [0x2E, 0x00]),  // no interrupt pin: nothing enabled
            .write(address: alternate, bytes: [0x2D, 0x08]),
            .writeRead(address: alternate, write: [0x39], read: [0x00]),
            .writeRead(address: alternate, write: [0x30], read: [0x80]),
            .writeRead(address: alternate, write: [0x32], read: [0x20, 0x00, 0xE0, 0xFF, 0x00, 0x02]),
        ])
        let settings = ADXL345Settings(
            dataRate: .hz800, range: .g16, fullResolution: false, fifoMode: .fifo, watermark: 8, interruptPin: nil)
        let sensor = ADXL345(
            registers: I2CRegisters(bus: bus, address: alternate), clock: VirtualClock(), settings: settings)
        try sensor.start(settings)
        let reading = try sensor.read()
        try bus.finish()
        // 32 LSB/g: 0x0020 = 1 g, 0xFFE0 = −1 g, 0x0200 = 512 = 16 g.
        #expect(reading.values[.accelMps2] == [9.80665, -9.80665, 16 * 9.80665])
    }

    @Test func interruptsOnINT2ActiveLow() throws {
        let device = ScriptedSPIDevice([
            .writeThenRead(write: [0x80], read: [0xE5]),
            .write([0x2D, 0x00]),
            .write([0x2C, 0x1A]),  // LOW_POWER, 100 Hz
            .write([0x31, 0x29]),  // INT_INVERT, FULL_RES, ±4 g
            .write([0x5E, 0x00, 0x00, 0x00]),
            .write([0x38, 0x00]),
            .write([0x38, 0xBF]),  // stream, trigger INT2, samples 31
            .write([0x2F, 0x03]),  // INT_MAP: watermark and overrun to INT2
            .write([0x2E, 0x03]),
            .write([0x2D, 0x08]),
        ])
        let settings = ADXL345Settings(
            range: .g4, lowPower: true, watermark: 31, interruptPin: .int2, interruptActiveLow: true)
        let sensor = ADXL345(
            registers: SPIRegisters(device: device, multipleBit: 0x40), clock: VirtualClock(), settings: settings)
        try sensor.start(settings)
        try device.finish()
    }

    @Test func aChipOtherThanTheADXL345IsAWrongChipID() {
        let bus = ScriptedI2CBus([.writeRead(address: address, write: [0x00], read: [0xE6])])
        let sensor = ADXL345(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        #expect {
            try sensor.start()
        } throws: { error in
            "\(error)" == "ADXL345 at scripted:i2c 0x53: wrong chip ID: expected 0xe5, found 0xe6"
        }
    }

    @Test func anEmptyChipSelectReadsAllOnesAndIsAWrongChipID() {
        let bus = SimSPIBus(name: "sim:spi1")
        let device = bus.device(chipSelect: 2, configuration: SPIConfiguration(mode: .mode3))
        let sensor = ADXL345(registers: SPIRegisters(device: device, multipleBit: 0x40), clock: VirtualClock())
        #expect(
            throws: DriverError(
                chip: "ADXL345", location: "sim:spi1.2", reason: .wrongChipID(expected: "0xe5", found: "0xff"))
        ) {
            try sensor.start()
        }
    }

    @Test func anAbsentChipIsABusErrorWithItsKind() {
        let bus = ScriptedI2CBus([.nack(address: address)])
        let sensor = ADXL345(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        #expect {
            try sensor.start()
        } throws: { error in
            (error as? DriverError)?.kind == .noAcknowledge(.address)
                && (error as? DriverError)?.location == "scripted:i2c 0x53"
        }
    }

    @Test func aWatermarkBeyondFiveBitsIsRefusedBeforeAnyTraffic() {
        let bus = ScriptedI2CBus([])
        let sensor = ADXL345(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        #expect {
            try sensor.start(ADXL345Settings(watermark: 32))
        } throws: { error in
            (error as? DriverError)?.reason == .invalidSetting("watermark 32 is outside 0…31")
        }
        #expect(bus.failures.isEmpty)
    }
}
