// SensorGate — Drivers: the checksums chips without an ID register are recognised by.

/// Sensor checksums: Sensirion's CRC-8 and TE MEAS's CRC-4.
public enum Checksums {
    /// Sensirion CRC-8: polynomial 0x31 (x⁸ + x⁵ + x⁴ + 1), initial value 0xFF, no final XOR
    /// (SHT3x datasheet §4.12; its example: CRC(0xBEEF) = 0x92).
    /// - Parameter bytes: the data bytes.
    /// - Returns: the CRC.
    public static func sensirionCRC8(_ bytes: some Sequence<UInt8>) -> UInt8 {
        var crc: UInt8 = 0xFF
        for byte in bytes {
            crc ^= byte
            for _ in 0..<8 { crc = crc & 0x80 != 0 ? (crc << 1) ^ 0x31 : crc << 1 }
        }
        return crc
    }

    /// TE MEAS CRC-4 over the 8 PROM words, with the CRC nibble (low 4 bits of word 7) taken as zero
    /// (application note AN520).
    /// - Parameter prom: the 8 PROM words as read.
    /// - Returns: the CRC-4, to compare with `prom[7] & 0x000F`.
    public static func measCRC4(_ prom: [UInt16]) -> UInt8 {
        var words = prom
        guard words.count == 8 else { return 0xFF }
        words[7] &= 0xFF00
        var remainder: UInt16 = 0
        for index in 0..<16 {
            let word = words[index >> 1]
            remainder ^= index % 2 == 1 ? word & 0x00FF : word >> 8
            for _ in 0..<8 {
                remainder = remainder & 0x8000 != 0 ? (remainder << 1) ^ 0x3000 : remainder << 1
            }
        }
        return UInt8((remainder >> 12) & 0x000F)
    }
}
