// SensorGate — Drivers tests: BMP280/BME280 bus transcripts, with the datasheets' bytes spelled out.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct BMP280TranscriptTests {
    /// The datasheet example trims as they sit at 0x88…0xA1 (little-endian words, 0xA0/0xA1 zero).
    static let trimBlock: [UInt8] = [
        0x70, 0x6B, 0x43, 0x67, 0x18, 0xFC, 0x7D, 0x8E, 0x43, 0xD6, 0xD0, 0x0B, 0x27, 0x0B, 0x8C, 0x00, 0xF9, 0xFF,
        0x8C, 0x3C, 0xF8, 0xC6, 0x70, 0x17, 0x00, 0x00,
    ]
    /// adc_P 415148 = 0x655AC and adc_T 519888 = 0x7EED0, packed msb, lsb, xlsb[7:4].
    static let exampleData: [UInt8] = [0x65, 0x5A, 0xC0, 0x7E, 0xED, 0x00]
    private let address = I2CAddress(0x76)

    @Test func i2cStartAndReadWithTheDefaultSettings() throws {
        let bus = ScriptedI2CBus([
            .writeRead(address: address, write: [0xD0], read: [0x58]),  // id
            .write(address: address, bytes: [0xE0, 0xB6]),  // soft reset
            .writeRead(address: address, write: [0xF3], read: [0x01]),  // im_update still set
            .writeRead(address: address, write: [0xF3], read: [0x00]),
            .writeRead(address: address, write: [0x88], read: Self.trimBlock),
            .write(address: address, bytes: [0xF5, 0x10]),  // t_sb 0.5 ms, filter 16
            .write(address: address, bytes: [0xF4, 0x57]),  // osrs_t x2, osrs_p x16, normal
            .writeRead(address: address, write: [0xF7], read: Self.exampleData),
        ])
        let clock = VirtualClock()
        let sensor = BMP280(registers: I2CRegisters(bus: bus, address: address), clock: clock)
        try sensor.start()
        // 2 ms start-up, one 1 ms poll interval.
        #expect(clock.now() == MonotonicInstant(nanoseconds: 3_000_000))
        let reading = try sensor.read()
        try bus.finish()
        // The first normal-mode result is waited for: 3 ms + 43.225 ms maximum measurement time.
        #expect(reading.timestamp == MonotonicInstant(nanoseconds: 46_225_000))
        #expect(reading.values[.temperatureC] == [25.08])
        #expect(reading.values[.pressurePa] == [25_767_233.0 / 256])
        #expect(reading.raw["adc_t"] == [519888] && reading.raw["adc_p"] == [415148])
        #expect(reading.values[.humidityRH] == nil)
    }

    @Test func spiStartUsesTheReadWriteBit() throws {
        let device = ScriptedSPIDevice([
            .writeThenRead(write: [0xD0], read: [0x58]),
            .write([0x60, 0xB6]),  // 0xE0 with bit 7 cleared
            .writeThenRead(write: [0xF3], read: [0x00]),
            .writeThenRead(write: [0x88], read: Self.trimBlock),
            .write([0x75, 0x10]),  // config 0xF5 → 0x75
            .write([0x74, 0x57]),  // ctrl_meas 0xF4 → 0x74
            .writeThenRead(write: [0xF7], read: Self.exampleData),
        ])
        let sensor = BMP280(registers: SPIRegisters(device: device), clock: VirtualClock())
        try sensor.start()
        let reading = try sensor.read()
        try device.finish()
        #expect(reading.values[.temperatureC] == [25.08])
    }

    @Test func bme280WritesCtrlHumBeforeCtrlMeasAndReadsEightDataBytes() throws {
        var trims = Self.trimBlock
        trims[25] = 75  // 0xA1 dig_H1
        let bus = ScriptedI2CBus([
            .writeRead(address: address, write: [0xD0], read: [0x60]),
            .write(address: address, bytes: [0xE0, 0xB6]),
            .writeRead(address: address, write: [0xF3], read: [0x00]),
            .writeRead(address: address, write: [0x88], read: trims),
            .writeRead(address: address, write: [0xE1], read: [0x6A, 0x01, 0x00, 0x13, 0x29, 0x03, 0x1E]),
            .write(address: address, bytes: [0xF2, 0x01]),  // osrs_h x1
            .write(address: address, bytes: [0xF5, 0x10]),
            .write(address: address, bytes: [0xF4, 0x57]),
            .writeRead(address: address, write: [0xF7], read: Self.exampleData + [0x80, 0x00]),
        ])
        let sensor = BMP280(
            registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock(), variant: .bme280)
        try sensor.start()
        let reading = try sensor.read()
        try bus.finish()
        #expect(reading.raw["adc_h"] == [0x8000])
        #expect(reading.values[.humidityRH] != nil)
    }

    @Test func forcedModeTriggersWaitsAndPollsMeasuring() throws {
        let bus = ScriptedI2CBus([
            .writeRead(address: address, write: [0xD0], read: [0x58]),
            .write(address: address, bytes: [0xE0, 0xB6]),
            .writeRead(address: address, write: [0xF3], read: [0x00]),
            .writeRead(address: address, write: [0x88], read: Self.trimBlock),
            .write(address: address, bytes: [0xF5, 0x00]),
            .write(address: address, bytes: [0xF4, 0x25]),  // osrs_t x1, osrs_p x1, forced
            .write(address: address, bytes: [0xF4, 0x25]),  // read(): trigger
            .writeRead(address: address, write: [0xF3], read: [0x08]),  // measuring
            .writeRead(address: address, write: [0xF3], read: [0x00]),
            .writeRead(address: address, write: [0xF7], read: Self.exampleData),
        ])
        let clock = VirtualClock()
        let sensor = BMP280(registers: I2CRegisters(bus: bus, address: address), clock: clock)
        try sensor.start(.weatherMonitoring)
        let reading = try sensor.read()
        try bus.finish()
        // 2 ms start-up, then 6.425 ms maximum measurement time and one 1 ms poll interval.
        #expect(reading.timestamp == MonotonicInstant(nanoseconds: 9_425_000))
    }

    @Test func aBME280WhereABMP280IsExpectedIsAWrongChipID() {
        let bus = ScriptedI2CBus([.writeRead(address: address, write: [0xD0], read: [0x60])])
        let sensor = BMP280(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        #expect {
            try sensor.start()
        } throws: { error in
            "\(error)" == "BMP280 at scripted:i2c 0x76: wrong chip ID: expected 0x58, found 0x60"
        }
    }

    @Test func anAbsentChipIsABusErrorWithItsKind() {
        let bus = ScriptedI2CBus([.nack(address: address)])
        let sensor = BMP280(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        #expect {
            try sensor.start()
        } throws: { error in
            (error as? DriverError)?.kind == .noAcknowledge(.address)
                && (error as? DriverError)?.location == "scripted:i2c 0x76"
        }
    }

    @Test func blankTrimsAreInvalidCalibration() {
        let bus = ScriptedI2CBus([
            .writeRead(address: address, write: [0xD0], read: [0x58]),
            .write(address: address, bytes: [0xE0, 0xB6]),
            .writeRead(address: address, write: [0xF3], read: [0x00]),
            .writeRead(address: address, write: [0x88], read: [UInt8](repeating: 0, count: 26)),
        ])
        let sensor = BMP280(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        #expect(
            throws: DriverError(
                chip: "BMP280", location: "scripted:i2c 0x76", reason: .invalidCalibration("dig_T1 is 0"))
        ) {
            try sensor.start()
        }
    }

    @Test func anNVMCopyThatNeverEndsTimesOut() {
        var script: [I2CExpectation] = [
            .writeRead(address: address, write: [0xD0], read: [0x58]),
            .write(address: address, bytes: [0xE0, 0xB6]),
        ]
        script += Array(repeating: .writeRead(address: address, write: [0xF3], read: [0x01]), count: 5)
        let bus = ScriptedI2CBus(script)
        let sensor = BMP280(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        #expect {
            try sensor.start()
        } throws: { error in
            (error as? DriverError)?.reason == .conversionTimeout
        }
        #expect(bus.remaining == 0)
    }
}
