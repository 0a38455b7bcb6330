// SensorGate — Envelope: minimal LEB128 varints for the envelope header.

/// Unsigned LEB128 (7 bits per byte, least significant group first, high bit = more follows), in
/// its shortest form only: a decoder refuses a varint whose last byte is 0 unless it is the only one,
/// so every value has exactly one encoding (docs/envelope.md §2).
enum EnvelopeVarint {
    /// Appends `value`.
    static func write(_ value: UInt64, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// The number of bytes `value` takes.
    static func length(_ value: UInt64) -> Int {
        var count = 1
        var rest = value >> 7
        while rest > 0 {
            count += 1
            rest >>= 7
        }
        return count
    }

    /// Reads a varint of at most `maximum` at `offset`, advancing it.
    /// - Throws: ``EnvelopeError/Kind/truncated`` when the input ends inside it,
    ///   ``EnvelopeError/Kind/corrupt`` when it is not minimal or exceeds `maximum`.
    static func read(
        _ bytes: [UInt8], at offset: inout Int, maximum: UInt64, field: String
    ) throws(EnvelopeError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        let start = offset
        while true {
            guard offset < bytes.count else {
                throw EnvelopeError(.truncated, "the input ends inside the \(field) (byte \(offset))")
            }
            let byte = bytes[offset]
            offset += 1
            guard shift < 63 || byte <= 1 else {
                throw EnvelopeError(.corrupt, "the \(field) at byte \(start) does not fit 64 bits")
            }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                guard byte != 0 || offset - start == 1 else {
                    throw EnvelopeError(.corrupt, "the \(field) at byte \(start) is not in its shortest form")
                }
                guard value <= maximum else {
                    throw EnvelopeError(.corrupt, "the \(field) \(value) at byte \(start) is above \(maximum)")
                }
                return value
            }
            shift += 7
        }
    }
}
