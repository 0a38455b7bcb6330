// SensorGate — Store: CRC-32C (Castagnoli), the checksum stored with every batch.

/// CRC-32C (Castagnoli polynomial 0x1EDC6F41, reflected 0x82F63B78), as in iSCSI (RFC 3720 §B.4) and ext4.
///
/// The store keeps it with each row and checks it whenever the row is read; a mismatch quarantines the row.
/// Slicing-by-8 tables: a few hundred bytes per batch cost well under a microsecond.
public enum CRC32C {
    /// The check value of the ASCII digits "123456789" (RFC 3720 §B.4).
    public static let check: UInt32 = 0xE306_9283

    private static let tables: [[UInt32]] = {
        var tables = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 8)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            tables[0][byte] = crc
        }
        for byte in 0..<256 {
            for slice in 1..<8 {
                let previous = tables[slice - 1][byte]
                tables[slice][byte] = (previous >> 8) ^ tables[0][Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    /// The CRC-32C of `bytes`.
    /// - Parameter bytes: the data.
    /// - Returns: the checksum (initial value and final XOR 0xFFFFFFFF).
    public static func checksum(_ bytes: some Collection<UInt8>) -> UInt32 {
        let t = tables
        var crc: UInt32 = 0xFFFF_FFFF
        let done: Bool? = bytes.withContiguousStorageIfAvailable { buffer in
            var index = 0
            let count = buffer.count
            while count - index >= 8 {
                let low =
                    crc
                    ^ (UInt32(buffer[index]) | UInt32(buffer[index + 1]) << 8 | UInt32(buffer[index + 2]) << 16
                        | UInt32(buffer[index + 3]) << 24)
                crc =
                    t[7][Int(low & 0xFF)] ^ t[6][Int((low >> 8) & 0xFF)] ^ t[5][Int((low >> 16) & 0xFF)]
                    ^ t[4][Int(low >> 24)] ^ t[3][Int(buffer[index + 4])] ^ t[2][Int(buffer[index + 5])]
                    ^ t[1][Int(buffer[index + 6])] ^ t[0][Int(buffer[index + 7])]
                index += 8
            }
            while index < count {
                crc = (crc >> 8) ^ t[0][Int((crc ^ UInt32(buffer[index])) & 0xFF)]
                index += 1
            }
            return true
        }
        if done == nil {
            for byte in bytes { crc = (crc >> 8) ^ t[0][Int((crc ^ UInt32(byte)) & 0xFF)] }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
