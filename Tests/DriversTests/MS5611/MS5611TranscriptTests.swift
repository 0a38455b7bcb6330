// SensorGate — Drivers tests: MS5611 bus transcripts, with the datasheet's commands and bytes spelled out.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct MS5611TranscriptTests {
    private let address = I2CAddress(0x77)

    /// PROM read commands 0xA0…0xAE and the example PROM: word 0 0x0000, C1–C6 = 40127 (0x9CBF),
    /// 36924 (0x903C), 23317 (0x5B15), 23282 (0x5AF2), 33464 (0x82B8), 28312 (0x6E98), word 7 serial
    /// 0x410 with CRC-4 4.
    static let prom: [(command: UInt8, bytes: [UInt8])] = [
        (0xA0, [0x00, 0x00]), (0xA2, [0x9C, 0xBF]), (0xA4, [0x90, 0x3C]), (0xA6, [0x5B, 0x15]),
        (0xA8, [0x5A, 0xF2]), (0xAA, [0x82, 0xB8]), (0xAC, [0x6E, 0x98]), (0xAE, [0x41, 0x04]),
    ]
    /// D1 9085466 = 0x8AA21A and D2 8569150 = 0x82C13E, the datasheet's example codes.
    static let d1: [UInt8] = [0x8A, 0xA2, 0x1A]
    static let d2: [UInt8] = [0x82, 0xC1, 0x3E]

    private func i2cStart(_ prom: [(command: UInt8, bytes: [UInt8])] = Self.prom) -> [I2CExpectation] {
        [.write(address: address, bytes: [0x1E])]  // reset
            + prom.map { .writeRead(address: address, write: [$0.command], read: $0.bytes) }
    }

    @Test func i2cStartAndReadTheDatasheetExample() throws {
        let bus = ScriptedI2CBus(
            i2cStart() + [
                .write(address: address, bytes: [0x48]),  // convert D1, OSR 4096
                .writeRead(address: address, write: [0x00], read: Self.d1),  // ADC read
                .write(address: address, bytes: [0x58]),  // convert D2, OSR 4096
                .writeRead(address: address, write: [0x00], read: Self.d2),
            ])
        let clock = VirtualClock()
        let sensor = MS5611(transport: MS5611I2CTransport(bus: bus, address: address), clock: clock)
        try sensor.start()
        #expect(clock.now() == MonotonicInstant(nanoseconds: 2_800_000))  // 2.8 ms PROM reload
        let reading = try sensor.read()
        try bus.finish()
        // Two conversions of at most 9.04 ms each.
        #expect(reading.timestamp == MonotonicInstant(nanoseconds: 20_880_000))
        #expect(reading.values[.temperatureC] == [20.07])
        #expect(reading.values[.pressurePa] == [100_009])
        #expect(reading.raw["d1"] == [9_085_466] && reading.raw["d2"] == [8_569_150])
    }

    @Test func spiSendsTheCommandByteAsItIs() throws {
        // No read bit: the PROM read of word 1 is 0xA2 on MOSI, then 16 clocks of data on MISO.
        let device = ScriptedSPIDevice(
            [.write([0x1E])] + Self.prom.map { .writeThenRead(write: [$0.command], read: $0.bytes) } + [
                .write([0x46]),  // convert D1, OSR 2048
                .writeThenRead(write: [0x00], read: Self.d1),
                .write([0x52]),  // convert D2, OSR 512
                .writeThenRead(write: [0x00], read: Self.d2),
            ])
        let clock = VirtualClock()
        let settings = MS5611Settings(pressureOversampling: .osr2048, temperatureOversampling: .osr512)
        let sensor = MS5611(transport: MS5611SPITransport(device: device), clock: clock, settings: settings)
        try sensor.bringUp()
        let reading = try sensor.read()
        try device.finish()
        // 2.8 ms + 4.54 ms + 1.17 ms.
        #expect(reading.timestamp == MonotonicInstant(nanoseconds: 8_510_000))
        #expect(reading.values[.pressurePa] == [100_009])
    }

    @Test func anADCValueOfZeroMeansNotFinishedAndTheConversionIsStartedAgain() throws {
        let bus = ScriptedI2CBus(
            i2cStart() + [
                .write(address: address, bytes: [0x40]),  // convert D1, OSR 256
                .writeRead(address: address, write: [0x00], read: [0x00, 0x00, 0x00]),  // not finished
                .write(address: address, bytes: [0x40]),  // that result is spoiled: convert again
                .writeRead(address: address, write: [0x00], read: Self.d1),
                .write(address: address, bytes: [0x50]),
                .writeRead(address: address, write: [0x00], read: Self.d2),
            ])
        let clock = VirtualClock()
        let settings = MS5611Settings(pressureOversampling: .osr256, temperatureOversampling: .osr256)
        let sensor = MS5611(
            transport: MS5611I2CTransport(bus: bus, address: address), clock: clock, settings: settings)
        let reading = try sensor.read()  // starts the chip first
        try bus.finish()
        #expect(reading.values[.temperatureC] == [20.07])
        // 2.8 ms + three conversions of at most 0.60 ms.
        #expect(reading.timestamp == MonotonicInstant(nanoseconds: 4_600_000))
    }

    @Test func anADCThatNeverFinishesTimesOut() {
        var script = i2cStart()
        for _ in 0..<3 {
            script += [
                .write(address: address, bytes: [0x48]),
                .writeRead(address: address, write: [0x00], read: [0x00, 0x00, 0x00]),
            ]
        }
        let bus = ScriptedI2CBus(script)
        let sensor = MS5611(transport: MS5611I2CTransport(bus: bus, address: address), clock: VirtualClock())
        #expect(throws: DriverError(chip: "MS5611", location: "scripted:i2c 0x77", reason: .conversionTimeout)) {
            _ = try sensor.read()
        }
        #expect(bus.remaining == 0)
    }

    @Test func aBlankPROMIsAWrongChipNamingWhereAndWhat() {
        // An SPI chip select with nothing on it reads 0xFF on every byte.
        let device = ScriptedSPIDevice(
            [.write([0x1E])] + Self.prom.map { .writeThenRead(write: [$0.command], read: [0xFF, 0xFF]) })
        let sensor = MS5611(transport: MS5611SPITransport(device: device), clock: VirtualClock())
        #expect {
            try sensor.start()
        } throws: { error in
            "\(error)"
                == "MS5611 at scripted:spi0.0: wrong chip ID: expected a PROM with a valid CRC-4, found every PROM word 0xffff"
        }
    }

    @Test func aCorruptedPROMIsAChecksumMismatch() {
        var prom = Self.prom
        prom[7].bytes = [0x41, 0x05]  // CRC nibble 5 where 4 belongs
        let bus = ScriptedI2CBus(i2cStart(prom))
        let sensor = MS5611(transport: MS5611I2CTransport(bus: bus, address: address), clock: VirtualClock())
        #expect(
            throws: DriverError(
                chip: "MS5611", location: "scripted:i2c 0x77",
                reason: .checksumMismatch(what: "PROM: stored CRC-4 0x05, computed 0x04"))
        ) {
            try sensor.start()
        }
        #expect(sensor.calibration == nil)
    }

    @Test func anAbsentChipIsABusErrorWithItsKindAndTheNextReadStartsAgain() throws {
        let bus = ScriptedI2CBus([.nack(address: address)] + i2cStart())
        let sensor = MS5611(transport: MS5611I2CTransport(bus: bus, address: address), clock: VirtualClock())
        #expect {
            try sensor.start()
        } throws: { error in
            (error as? DriverError)?.kind == .noAcknowledge(.address)
                && (error as? DriverError)?.location == "scripted:i2c 0x77"
        }
        bus.expect([
            .write(address: address, bytes: [0x48]), .writeRead(address: address, write: [0x00], read: Self.d1),
            .write(address: address, bytes: [0x58]), .writeRead(address: address, write: [0x00], read: Self.d2),
        ])
        #expect(try sensor.read().values[.pressurePa] == [100_009])
        try bus.finish()
    }
}
