// SensorGate — Drivers tests: identification transcripts, with the datasheets' bytes spelled out.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct ChipIdentifierTests {
    private func signature(_ compatible: String) throws -> ChipSignature {
        try #require(ChipCatalog.signature(compatible))
    }

    @Test func bmp280AnswersItsChipIDRegister() throws {
        // BMP280: register 0xD0 holds 0x58.
        let bus = ScriptedI2CBus([.writeRead(address: I2CAddress(0x76), write: [0xD0], read: [0x58])])
        let answer = ChipIdentifier(bus: bus).check(try signature("bosch,bmp280"), at: I2CAddress(0x76))
        #expect(answer == .matches(evidence: "id 0x58 at 0xd0"))
        try bus.finish()
    }

    @Test func aBME280WhereABMP280IsExpectedIsNamed() throws {
        // BME280: register 0xD0 holds 0x60; the identifier asks as BMP280 first, then as BME280.
        let bus = ScriptedI2CBus([
            .writeRead(address: I2CAddress(0x77), write: [0xD0], read: [0x60]),
            .writeRead(address: I2CAddress(0x77), write: [0xD0], read: [0x60]),
            .writeRead(address: I2CAddress(0x77), write: [0xD0], read: [0x60]),
        ])
        let identifier = ChipIdentifier(bus: bus)
        #expect(
            identifier.check(try signature("bosch,bmp280"), at: I2CAddress(0x77)) == .differs(found: "id 0x60 at 0xd0"))
        let found = identifier.identify(at: I2CAddress(0x77))
        #expect(found.map(\.0.compatible) == ["bosch,bme280"])
        try bus.finish()
    }

    @Test func tmp117DeviceIDIsSixteenBitsBigEndian() throws {
        // TMP117: DEVICE_ID register 0x0F reads 0x0117 (revision 0 in bits 15:12).
        let bus = ScriptedI2CBus([
            .writeRead(address: I2CAddress(0x48), write: [0x0F], read: [0x01, 0x17]),
            .writeRead(address: I2CAddress(0x48), write: [0x0F], read: [0x11, 0x17]),
            .writeRead(address: I2CAddress(0x48), write: [0x0F], read: [0x17, 0x01]),
        ])
        let identifier = ChipIdentifier(bus: bus)
        let tmp117 = try signature("ti,tmp117")
        #expect(identifier.check(tmp117, at: I2CAddress(0x48)).isMatch)
        #expect(identifier.check(tmp117, at: I2CAddress(0x48)).isMatch, "the revision nibble is masked off")
        #expect(identifier.check(tmp117, at: I2CAddress(0x48)) == .differs(found: "id 0x0701 at 0x0f"))
        try bus.finish()
    }

    @Test func sht3xIsRecognisedByTheCRCOfItsStatusWord() throws {
        // SHT3x: command 0xF32D (read status), then 2 bytes and their CRC-8: 0x8010 → 0xE1.
        let bus = ScriptedI2CBus([
            .write(address: I2CAddress(0x44), bytes: [0xF3, 0x2D]),
            .read(address: I2CAddress(0x44), bytes: [0x80, 0x10, 0xE1]),
            .write(address: I2CAddress(0x44), bytes: [0xF3, 0x2D]),
            .read(address: I2CAddress(0x44), bytes: [0x80, 0x10, 0xE2]),
        ])
        let identifier = ChipIdentifier(bus: bus)
        let sht = try signature("sensirion,sht3x")
        #expect(identifier.check(sht, at: I2CAddress(0x44)).isMatch)
        #expect(identifier.check(sht, at: I2CAddress(0x44)) == .differs(found: "word [0x80 0x10] crc 0xe2 invalid"))
        try bus.finish()
    }

    @Test func ms5611IsRecognisedByItsPROMCRCAndABlankPROMIsNoChip() throws {
        // MS5611: PROM read commands 0xA0, 0xA2 … 0xAE, two bytes each, most significant first.
        let words: [UInt16] = [0x0000, 40127, 36924, 23317, 23282, 33464, 28312, 0x0000]
        let crc = Checksums.measCRC4(words)
        var prom = words
        prom[7] |= UInt16(crc)
        var script: [I2CExpectation] = []
        for (index, word) in prom.enumerated() {
            script.append(
                .writeRead(
                    address: I2CAddress(0x77), write: [0xA0 + UInt8(index * 2)],
                    read: [UInt8(word >> 8), UInt8(word & 0xFF)]))
        }
        for index in 0..<8 {
            script.append(.writeRead(address: I2CAddress(0x77), write: [0xA0 + UInt8(index * 2)], read: [0xFF, 0xFF]))
        }
        let bus = ScriptedI2CBus(script)
        let identifier = ChipIdentifier(bus: bus)
        let ms5611 = try signature("meas,ms5611")
        #expect(identifier.check(ms5611, at: I2CAddress(0x77)).isMatch)
        #expect(identifier.check(ms5611, at: I2CAddress(0x77)) == .absent(found: "PROM all ones"))
        try bus.finish()
    }

    @Test func anAbsentDeviceIsAFailureWithTheBusError() throws {
        let bus = ScriptedI2CBus([.nack(address: I2CAddress(0x6A))])
        guard
            case .failed(let error) = ChipIdentifier(bus: bus).check(try signature("st,lsm6dso"), at: I2CAddress(0x6A))
        else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .noAcknowledge(.address))
    }

    @Test func spiRegisterReadsSetBitSeven() throws {
        // ADXL345 over SPI: read command 0x80 | 0x00 (DEVID), answer 0xE5. LSM6DSO: 0x8F, answer 0x6C.
        let device = ScriptedSPIDevice([
            .writeThenRead(write: [0x80], read: [0xE5]),
            .writeThenRead(write: [0x8F], read: [0x6C]),
            .writeThenRead(write: [0x8F], read: [0xFF]),
        ])
        let identifier = SPIChipIdentifier(device: device)
        #expect(identifier.check(try signature("adi,adxl345")) == .matches(evidence: "id 0xe5 at 0x00"))
        #expect(identifier.check(try signature("st,lsm6dso")).isMatch)
        #expect(identifier.check(try signature("st,lsm6dso")) == .absent(found: "id 0xff at 0x0f"))
        try device.finish()
    }

    @Test func chipsWithoutSPICannotBeAskedOverSPI() throws {
        let device = ScriptedSPIDevice([])
        guard case .failed(let error) = SPIChipIdentifier(device: device).check(try signature("ti,tmp117")) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .unsupported && error.hint == "TMP117 has no SPI interface")
    }
}
