// SensorGate — Codec: the adaptive model of one channel's zig-zag residuals.

/// The adaptive state that codes one sequence of non-negative integers (zig-zag residuals): a running
/// magnitude that picks a Golomb-style split `k`, and per context an adaptive 16-symbol distribution of
/// the value's top bits (docs/batch-format.md §5).
struct ResidualModel: Sendable, Equatable {
    /// Contexts: 2 per split k = 0...26.
    static let contexts = 54
    /// The escape symbol: values of 15 · 2^h or more.
    static let escape = 15
    /// The largest first split.
    static let maxInitialShift: UInt32 = 26

    /// 16 × the running mean of the values, roughly.
    var magnitude: UInt32
    /// `contexts × 16` cumulative counts (``SymbolCDF``).
    var counts: [UInt16]

    /// The counts every model starts from.
    private static let startCounts: [UInt16] = {
        var counts = [UInt16](repeating: 0, count: contexts * SymbolCDF.symbols)
        counts.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for context in 0..<contexts {
                SymbolCDF.start(base + context * SymbolCDF.symbols, geometric: context == 0)
            }
        }
        return counts
    }()

    /// A fresh model whose first split is `initialShift` (0...26).
    init(initialShift: UInt32) {
        magnitude = 1 << (min(initialShift, Self.maxInitialShift) + 4)
        counts = Self.startCounts
    }

    /// Starts the model afresh with first split `initialShift`, as ``init(initialShift:)`` does, in the
    /// storage it has (a key batch restarts every model; allocating new rows each time cost more than
    /// decoding a short batch's samples).
    mutating func restart(initialShift: UInt32) {
        magnitude = 1 << (min(initialShift, Self.maxInitialShift) + 4)
        guard counts.count == Self.startCounts.count else {
            counts = Self.startCounts
            return
        }
        Self.startCounts.withUnsafeBytes { start in
            counts.withUnsafeMutableBytes { counts in counts.copyMemory(from: start) }
        }
    }

    /// The split `k` and context index for the running magnitude `magnitude`.
    @inline(__always)
    static func context(_ magnitude: UInt32) -> (k: UInt64, context: Int) {
        let mean = (magnitude >> 4) &+ 1
        let zeros = UInt32(truncatingIfNeeded: mean.leadingZeroBitCount)
        let k = 31 &- zeros
        // The bit below the leading one (0 when k = 0), without a branch.
        let fine = ((mean &<< zeros) >> 30) & 1
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

/// Codes one value with a ``ResidualModel`` whose counts are at `counts`.
enum ResidualCoding {
    /// The raw bits below the symbol for split `k`: h = max(k − 1, 0).
    @inline(__always)
    static func rawBits(_ k: UInt64) -> UInt64 { max(k, 1) &- 1 }

    /// Encodes `value`.
    @inline(__always)
    static func encode(
        _ value: UInt64, magnitude: inout UInt32, counts: UnsafeMutablePointer<UInt16>,
        range: inout RangeEncoder, raw: inout RawBitWriter
    ) {
        let (k, context) = ResidualModel.context(magnitude)
        let row = counts + context &* SymbolCDF.symbols
        let h = rawBits(k)
        let top = value >> h
        if top < UInt64(ResidualModel.escape) {
            range.encodeSymbol(Int(top), row)
            raw.write(value, count: h)
        } else {
            range.encodeSymbol(ResidualModel.escape, row)
            let excess = value &- (UInt64(ResidualModel.escape) << h)
            raw.write(excess, count: h)
            SideValue.write(excess >> h, to: &raw)
        }
        magnitude = ResidualModel.update(magnitude, value)
    }

    /// Decodes one value.
    @inline(__always)
    static func decode(
        magnitude: inout UInt32, counts: UnsafeMutablePointer<UInt16>,
        range: inout RangeDecoder, raw: inout RawBitReader
    ) throws(CodecError) -> UInt64 {
        try decode(magnitude: &magnitude, counts: counts, range: &range, raw: &raw, skippingEmptyRawRead: false)
    }

    /// Decodes one value of a model whose values are nearly always below 2 (a lattice's offsets from
    /// the grid): as ``decode(magnitude:counts:range:raw:)``, but the raw read is skipped when the split
    /// leaves no raw bits (h = 0, a running mean below 3), which is where such a model stays.
    @inline(__always)
    static func decodeSmall(
        magnitude: inout UInt32, counts: UnsafeMutablePointer<UInt16>,
        range: inout RangeDecoder, raw: inout RawBitReader
    ) throws(CodecError) -> UInt64 {
        try decode(magnitude: &magnitude, counts: counts, range: &range, raw: &raw, skippingEmptyRawRead: true)
    }

    /// The one decoding step of both: `skippingEmptyRawRead` is a constant at each call site, so each
    /// inlined copy keeps only its own branch (the skip costs the general decoder more than it saves).
    @inline(__always)
    private static func decode(
        magnitude: inout UInt32, counts: UnsafeMutablePointer<UInt16>,
        range: inout RangeDecoder, raw: inout RawBitReader, skippingEmptyRawRead: Bool
    ) throws(CodecError) -> UInt64 {
        let (k, context) = ResidualModel.context(magnitude)
        let row = counts + context &* SymbolCDF.symbols
        let h = rawBits(k)
        let symbol = range.decodeSymbol(row)
        let low = skippingEmptyRawRead && h == 0 ? 0 : try raw.read(h)
        var value = (UInt64(truncatingIfNeeded: symbol) << h) | low
        if symbol == ResidualModel.escape { value = try escaped(h: h, low: low, raw: &raw) }
        magnitude = ResidualModel.update(magnitude, value)
        return value
    }

    /// An escaped value: the raw h low bits of the excess over 15 · 2^h (already read as `low`), then
    /// the rest of the excess as a side value v; the value (v · 2^h + low) + 15 · 2^h must fit 64 bits.
    @inline(never)
    static func escaped(h: UInt64, low: UInt64, raw: inout RawBitReader) throws(CodecError) -> UInt64 {
        let rest = try SideValue.read(&raw, field: "escaped residual")
        guard rest >> (63 &- h) == 0 else { throw CodecError(.corrupt, "escaped residual above 2^64") }
        let (value, overflow) = ((rest << h) | low).addingReportingOverflow(UInt64(ResidualModel.escape) << h)
        guard !overflow else { throw CodecError(.corrupt, "escaped residual above 2^64") }
        return value
    }
}
