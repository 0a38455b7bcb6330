// SensorGate — Drivers tests: the checksums chips are recognised by.

import Drivers
import Testing

@Suite struct ChecksumTests {
    @Test func sensirionCRCMatchesTheDatasheetExample() {
        // SHT3x datasheet, CRC properties table: CRC(0xBEEF) = 0x92.
        #expect(Checksums.sensirionCRC8([0xBE, 0xEF]) == 0x92)
        #expect(Checksums.sensirionCRC8([0x00, 0x00]) == 0x81)
    }

    /// AN520 clears the whole low byte of word 7 (CRC nibble and the 4 bits beside it) before computing,
    /// so every bit of words 0–6 and the high byte of word 7 is covered.
    @Test func measCRC4IgnoresTheLowByteOfWord7AndCatchesEveryOtherSingleBitError() {
        // MS5611 datasheet example coefficients C1–C6 in words 1–6.
        let prom: [UInt16] = [0x0000, 40127, 36924, 23317, 23282, 33464, 28312, 0x0000]
        let crc = Checksums.measCRC4(prom)
        var withCRC = prom
        withCRC[7] |= UInt16(crc)
        #expect(Checksums.measCRC4(withCRC) == crc)
        for word in 0..<8 {
            for bit in (word == 7 ? 8 : 0)..<16 {
                var damaged = withCRC
                damaged[word] ^= 1 << UInt16(bit)
                #expect(Checksums.measCRC4(damaged) != crc, "flip of word \(word) bit \(bit) went unnoticed")
            }
        }
        var lowByte = withCRC
        lowByte[7] ^= 0x00F0
        #expect(Checksums.measCRC4(lowByte) == crc)
        #expect(Checksums.measCRC4([1, 2, 3]) == 0xFF)
    }
}
