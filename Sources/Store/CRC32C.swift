// SensorGate — Store: CRC-32C (Castagnoli), the checksum stored with every batch.

/// CRC-32C (Castagnoli polynomial 0x1EDC6F41, reflected 0x82F63B78), as in iSCSI (RFC 3720 §B.4) and ext4.
///
/// The store keeps it with each row and checks it whenever the row is read; a mismatch quarantines the row.
/// Slicing-by-8 tables: a few hundred bytes per batch cost well under a microsecond.
public enum CRC32C {
    /// The check value of the ASCII digits "123456789" (RFC 3720 §B.4).
    public static let check: UInt32 = 0xE306_9283

    /// The slicing-by-8 tables, flat: entry `slice * 256 + byte`. Slice 0 is the byte-at-a-time table; slice
    /// k advances a byte's contribution past k more zero bytes.
    private static let table: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            table[byte] = crc
        }
        for slice in 1..<8 {
            for byte in 0..<256 {
                let previous = table[(slice - 1) * 256 + byte]
                table[slice * 256 + byte] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
        return table
    }()

    /// The CRC-32C of `bytes`.
    /// - Parameter bytes: the data.
    /// - Returns: the checksum (initial value and final XOR 0xFFFFFFFF).
    public static func checksum(_ bytes: some Collection<UInt8>) -> UInt32 {
        table.withUnsafeBufferPointer { table in
            let t = UnsafePointer<UInt32>(table.baseAddress.unsafelyUnwrapped)
            var crc: UInt32 = 0xFFFF_FFFF
            let done: Bool? = bytes.withContiguousStorageIfAvailable { buffer in
                guard var next = buffer.baseAddress else { return true }
                let end = next + buffer.count
                // Eight bytes per step, as one little-endian word: each byte looks up the table of its
                // distance from the end of the step, so the eight lookups are independent.
                while end - next >= 8 {
                    let word = UnsafeRawPointer(next).loadUnaligned(as: UInt64.self).littleEndian
                    let low = crc ^ UInt32(truncatingIfNeeded: word)
                    let high = UInt32(truncatingIfNeeded: word >> 32)
                    crc =
                        t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                        ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                        ^ t[3 * 256 + Int(high & 0xFF)] ^ t[2 * 256 + Int((high >> 8) & 0xFF)]
                        ^ t[256 + Int((high >> 16) & 0xFF)] ^ t[Int(high >> 24)]
                    next += 8
                }
                while next < end {
                    crc = (crc >> 8) ^ t[Int((crc ^ UInt32(next.pointee)) & 0xFF)]
                    next += 1
                }
                return true
            }
            if done == nil {
                for byte in bytes { crc = (crc >> 8) ^ t[Int((crc ^ UInt32(byte)) & 0xFF)] }
            }
            return crc ^ 0xFFFF_FFFF
        }
    }
}
