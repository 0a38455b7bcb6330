// SensorGate — Codec: the adaptive model of one channel's zig-zag residuals.

/// The adaptive state that codes one sequence of non-negative integers (zig-zag residuals): a running
/// magnitude that picks a Golomb-style split `k`, and adaptive probabilities for the quotient's unary
/// bits and the remainder's top bit (docs/batch-format.md §5).
struct ResidualModel: Sendable, Equatable {
    /// Contexts: 2 per split k = 0...26.
    static let contexts = 54
    /// Unary bits before the escape.
    static let unaryLimit = 20
    /// Probabilities per context: the unary bits, then the remainder's top bit by min(q, 2).
    static let stride = 23
    /// The largest first split.
    static let maxInitialShift: UInt32 = 26

    /// 16 × the running mean of the values, roughly.
    var magnitude: UInt32
    /// `contexts × stride` probabilities of a 0 bit, 12-bit.
    var probabilities: [UInt16]

    /// A fresh model whose first split is `initialShift` (0...26).
    init(initialShift: UInt32) {
        magnitude = 1 << (min(initialShift, Self.maxInitialShift) + 4)
        probabilities = [UInt16](repeating: Probability.half, count: Self.contexts * Self.stride)
    }

    /// The split `k` and context index for the running magnitude `magnitude`.
    @inline(__always)
    static func context(_ magnitude: UInt32) -> (k: UInt64, context: Int) {
        let mean = (magnitude >> 4) &+ 1
        let k = UInt32(31 &- mean.leadingZeroBitCount)
        let fine = k > 0 ? (mean >> (k &- 1)) & 1 : 0
        return (UInt64(k), Int(k &* 2 &+ fine))
    }

    /// The running-magnitude update after coding `value`: one value adds at most 4 × the running
    /// mean + 8 (and 2^26), so a single outlier (a dropped sample, a spike) does not blow up the split for the
    /// samples after it, while a real change of level still takes over within a few samples.
    @inline(__always)
    static func update(_ magnitude: UInt32, _ value: UInt64) -> UInt32 {
        let limit = min(UInt64((magnitude >> 2) &+ 8), 1 << 26)
        return magnitude &- (magnitude >> 4) &+ UInt32(truncatingIfNeeded: min(value, limit))
    }

    /// The initial split an encoder announces for a key batch whose first values are `values`.
    static func initialShift(forMeanOf values: UnsafeBufferPointer<UInt64>) -> UInt32 {
        guard !values.isEmpty else { return 0 }
        var total: UInt64 = 0
        for value in values { total &+= min(value, 1 << 40) }
        let mean = total / UInt64(values.count) &+ 1
        return min(UInt32(63 &- mean.leadingZeroBitCount), maxInitialShift)
    }
}

/// Codes one value with a ``ResidualModel`` whose probabilities are at `probabilities`.
enum ResidualCoding {
    /// Encodes `value`.
    @inline(__always)
    static func encode(
        _ value: UInt64, magnitude: inout UInt32, probabilities: UnsafeMutablePointer<UInt16>,
        range: inout RangeEncoder, raw: inout RawBitWriter
    ) {
        let (k, context) = ResidualModel.context(magnitude)
        let row = probabilities + context &* ResidualModel.stride
        let quotient = value >> k
        let limit = UInt64(ResidualModel.unaryLimit)
        let ones = min(quotient, limit)
        var j = 0
        while UInt64(j) < ones {
            range.encode(true, &row[j])
            j &+= 1
        }
        if quotient < limit {
            range.encode(false, &row[j])
            if k > 0 {
                let top = (value >> (k &- 1)) & 1
                range.encode(top == 1, &row[ResidualModel.unaryLimit &+ Int(min(quotient, 2))])
                raw.write(value, count: k &- 1)
            }
        } else {
            let bits = UInt64(64 &- value.leadingZeroBitCount)  // ≥ 5: value ≥ 20 << k
            raw.write(bits &- 1, count: 6)
            raw.writeWide(value, count: bits &- 1)
        }
        magnitude = ResidualModel.update(magnitude, value)
    }

    /// Decodes one value.
    @inline(__always)
    static func decode(
        magnitude: inout UInt32, probabilities: UnsafeMutablePointer<UInt16>,
        range: inout RangeDecoder, raw: inout RawBitReader
    ) throws(CodecError) -> UInt64 {
        let (k, context) = ResidualModel.context(magnitude)
        let row = probabilities + context &* ResidualModel.stride
        var quotient = 0
        while quotient < ResidualModel.unaryLimit && range.decode(&row[quotient]) {
            quotient &+= 1
        }
        let value: UInt64
        if quotient < ResidualModel.unaryLimit {
            if k > 0 {
                let top: UInt64 = range.decode(&row[ResidualModel.unaryLimit &+ min(quotient, 2)]) ? 1 : 0
                let low = try raw.read(k &- 1)
                value = (UInt64(quotient) << k) | (top << (k &- 1)) | low
            } else {
                value = UInt64(quotient)
            }
        } else {
            let bits = try raw.read(6) &+ 1
            guard bits >= 5 else { throw CodecError(.corrupt, "escaped residual with \(bits) bits") }
            value = (1 << (bits &- 1)) | (try raw.readWide(bits &- 1))
        }
        magnitude = ResidualModel.update(magnitude, value)
        return value
    }
}
