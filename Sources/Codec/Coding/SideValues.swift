// SensorGate — Codec: side values (parameters, first samples) in the raw-bit stream.

/// Exp-Golomb codes of order 0 in the raw-bit stream: `u + 1` written as its bit length − 1 zeros,
/// then its bits (docs/batch-format.md §4.3). Signed values go through zig-zag first.
enum SideValue {
    /// Writes unsigned `value` (< 2^63).
    static func write(_ value: UInt64, to raw: inout RawBitWriter) {
        let shifted = value &+ 1
        let bits = UInt64(64 - shifted.leadingZeroBitCount)
        raw.writeWide(0, count: bits - 1)
        raw.writeWide(shifted, count: bits)
    }

    /// Writes signed `value`.
    static func write(signed value: Int64, to raw: inout RawBitWriter) {
        write(Varint.zigzag(value), to: &raw)
    }

    /// Reads an unsigned value.
    static func read(_ raw: inout RawBitReader, field: StaticString) throws(CodecError) -> UInt64 {
        var zeros: UInt64 = 0
        while try raw.read(1) == 0 {
            zeros += 1
            guard zeros < 63 else { throw CodecError(.corrupt, "side value \(field) is longer than 63 bits") }
        }
        let rest = try raw.readWide(zeros)
        return ((1 << zeros) | rest) - 1
    }

    /// Reads a signed value.
    static func read(signed raw: inout RawBitReader, field: StaticString) throws(CodecError) -> Int64 {
        Varint.unzigzag(try read(&raw, field: field))
    }
}
