// SensorGate — Codec: LEB128 varints and zig-zag mapping for the batch header.

/// Unsigned LEB128 (7 bits per byte, least significant group first, high bit = more follows) and
/// zig-zag mapping of signed values, as docs/batch-format.md §2 defines them.
enum Varint {
    /// Appends `value` as unsigned LEB128.
    static func write(_ value: UInt64, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Reads an unsigned LEB128 of at most 10 bytes at `offset`, advancing it. A one-byte varint (below
    /// 128: a batch header's row count, most body lengths) is read inline, the rest out of line.
    @inline(__always)
    static func read(_ bytes: [UInt8], at offset: inout Int, field: String) throws(CodecError) -> UInt64 {
        if offset >= 0, offset < bytes.count, bytes[offset] < 0x80 {
            offset += 1
            return UInt64(bytes[offset - 1])
        }
        return try readLong(bytes, at: &offset, field: field)
    }

    /// ``read(_:at:field:)`` for any length.
    @inline(never)
    static func readLong(_ bytes: [UInt8], at offset: inout Int, field: String) throws(CodecError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count else { throw CodecError(.truncated, "input ends inside \(field)") }
            let byte = bytes[offset]
            offset += 1
            if shift == 63 && byte > 1 { throw CodecError(.corrupt, "\(field) does not fit 64 bits") }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// Maps 0, -1, 1, -2, … to 0, 1, 2, 3, ….
    @inline(__always)
    static func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    /// The inverse of ``zigzag(_:)``.
    @inline(__always)
    static func unzigzag(_ value: UInt64) -> Int64 {
        Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }
}
