// SensorGate — Codec: adaptive 16-symbol distributions for the range coder.

/// An adaptive distribution over the 16 symbols 0…15, as one row of 16 UInt16 (docs/batch-format.md
/// §4.1): the symbols coded so far with it, n (at most 255), then the cumulative counts
/// `0 ≤ C[1] ≤ … ≤ C[15] ≤ total` (C[0] = 0 is implied). Symbol `s` owns the
/// interval `E[s] ..< E[s + 1]` of 2^15, where `E[i] = C[i] + i` and `E[16] = 2^15`, so every symbol
/// keeps a width of at least 1 whatever the adaptation did. One symbol is one range-coder step
/// instead of a chain of binary decisions, and its decoding has no data-dependent branch.
enum SymbolCDF {
    /// Symbols per row.
    static let symbols = 16
    /// The interval scale: 2^15.
    static let scaleBits: UInt32 = 15
    /// What the counts add up to: 2^15 − 16, so that `E[16] = C[16] + 16 = 2^15`.
    static let total: Int32 = (1 << 15) - 16

    /// Writes the starting row of a context (n = 0): geometric halves per symbol (`geometric`) or per pair
    /// of symbols (docs/batch-format.md §5, the same start the binary unary code had).
    static func start(_ row: UnsafeMutablePointer<UInt16>, geometric: Bool) {
        let total = Int(Self.total)
        for i in 0..<symbols {
            let value: Int
            if geometric {
                value = total - (total >> i)
            } else if i & 1 == 0 {
                value = total - (total >> (i / 2))
            } else {
                value = total - 3 * (total >> (i / 2 + 2))
            }
            row[i] = UInt16(value)
        }
    }

    /// The start's weight in symbols: the first adaptation rate is 1/64.
    static let priorWeight = 64
    /// The slowest adaptation: 1/256.
    static let maxShift = 8
    /// Where a row's symbol count stops (the rate is 1/256 from 192 on).
    static let countLimit = 255

    /// Moves the row towards symbol `s`: `C[i] += (target − C[i]) >> rate` (arithmetic shift) with the
    /// target 0 for `i ≤ s` and ``total`` for `i > s`; rate = min(8, ⌊log₂(n + 64)⌋) for the row's
    /// symbol count n, kept in `row[0]` (where C[0] = 0 needs no storage). The rate slows from 1/64 to
    /// 1/256 as the row learns: quick to leave the start, then a steady estimate of 15 parameters.
    @inline(__always)
    static func adapt(_ row: UnsafeMutablePointer<UInt16>, symbol s: Int) {
        let n = row[0]
        let rate = min(maxShift, (Int.bitWidth &- 1) &- (Int(n) &+ priorWeight).leadingZeroBitCount)
        let raw = UnsafeMutableRawPointer(row)
        let counts = raw.loadUnaligned(as: SIMD16<Int16>.self)
        let lanes = SIMD16<Int16>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        let above = lanes .> SIMD16<Int16>(repeating: Int16(truncatingIfNeeded: s))
        let target = SIMD16<Int16>(repeating: 0).replacing(with: Int16(total), where: above)
        var moved = counts &+ ((target &- counts) &>> SIMD16<Int16>(repeating: Int16(truncatingIfNeeded: rate)))
        // The count goes into lane 0 before the store, not after it: the row's next use loads it as one
        // vector, which a scalar store into it would stall until both stores reached the cache.
        moved[0] = Int16(truncatingIfNeeded: min(n &+ 1, UInt16(countLimit)))
        raw.storeBytes(of: moved, as: SIMD16<Int16>.self)
    }

    /// The lanes of ``find(_:_:)``: 1 in lane i (1…15) where E[i] ≤ `target`, 0 elsewhere (lane 0 always).
    @inline(__always)
    static func atOrBelow(_ row: UnsafePointer<UInt16>, _ target: UInt32) -> SIMD16<UInt16> {
        // E[i] ≤ 2^15 − 1 < 0xFFFE, so clamping the target there changes no comparison.
        let t = UInt16(truncatingIfNeeded: min(target, 0xFFFE))
        let lanes = SIMD16<UInt16>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        var edges = UnsafeRawPointer(row).loadUnaligned(as: SIMD16<UInt16>.self) &+ lanes
        edges[0] = 0xFFFF
        return SIMD16<UInt16>(repeating: 0).replacing(with: 1, where: edges .<= SIMD16<UInt16>(repeating: t))
    }

    /// The number of ones in a lane mask of ``atOrBelow(_:_:)``: the symbol.
    @inline(__always)
    static func count(_ ones: SIMD16<UInt16>) -> Int {
        // Halving sums (the library's wrappedSum is an out-of-line call).
        let eight = ones.lowHalf &+ ones.highHalf
        let four = eight.lowHalf &+ eight.highHalf
        let two = four.lowHalf &+ four.highHalf
        return Int(truncatingIfNeeded: two[0] &+ two[1])
    }

    /// The symbol whose interval holds `target` = ⌊code / r⌋: how many of E[1…15] are at most `target`,
    /// counted over one 16-lane vector (lane 0 holds the row's count n, so it is set above every target
    /// first). The definition of docs/batch-format.md §4.1 as written, with its division; the decoder
    /// uses ``find(_:code:scale:)``, which the tests hold to this one.
    @inline(__always)
    static func find(_ row: UnsafePointer<UInt16>, _ target: UInt32) -> Int {
        count(atOrBelow(row, target))
    }

    /// The symbol whose interval holds `code` at the scale `scale` = ⌊range / 2^15⌋: how many of E[1…15]
    /// have `scale` · E[i] ≤ `code`, which is the same test as E[i] ≤ ⌊`code` / `scale`⌋ (``find(_:_:)``)
    /// without the division. No product overflows: `scale` < 2^17 and E[i] < 2^15. The row is read as
    /// four 64-bit lanes of four edges each; an edge masked out of its lane is multiplied in the lane's
    /// low half (one unsigned 32 × 32-bit multiplication per pair of lanes, in the baseline x86-64 and
    /// ARM vector sets), and 2^32 + `code` − product has bit 32 set exactly when the product is at most
    /// `code` (a plain 64-bit comparison would be emulated in several steps on baseline x86-64; so would
    /// the sign bit of `code` − product, which the compiler turns into one). Only counts are taken, so the
    /// order of the edges within a lane (the byte order) does not matter.
    @inline(__always)
    static func find(_ row: UnsafePointer<UInt16>, code: UInt32, scale: UInt32) -> Int {
        // Lane 0 holds the row's count n; zeroing it makes its product 0, never above `code`.
        let keep = SIMD16<UInt16>(
            0, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max)
        let lanes = SIMD16<UInt16>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        let counts = UnsafeRawPointer(row).loadUnaligned(as: SIMD16<UInt16>.self)
        let edges = unsafeBitCast((counts & keep) &+ lanes, to: SIMD4<UInt64>.self)
        let r = SIMD4<UInt64>(repeating: UInt64(scale))
        // 2^32 + code − product: bit 32 is set exactly when the product is at most `code`.
        let c = SIMD4<UInt64>(repeating: UInt64(code) | 1 << 32)
        let low16 = SIMD4<UInt64>(repeating: 0xFFFF)
        let below0 = (c &- (edges & low16) &* r) &>> 32
        let below1 = (c &- ((edges &>> 16) & low16) &* r) &>> 32
        let below2 = (c &- ((edges &>> 32) & low16) &* r) &>> 32
        let below3 = (c &- (edges &>> 48) &* r) &>> 32
        let below = (below0 &+ below1) &+ (below2 &+ below3)
        let two = below.lowHalf &+ below.highHalf
        // Lane 0 always counts.
        return Int(truncatingIfNeeded: two[0] &+ two[1]) &- 1
    }

    /// Symbol `s`'s interval within `range` at the scale `scale` = ⌊range / 2^15⌋: `scale · E[s]` up to
    /// `scale · E[s + 1]`, or up to `range` itself for s = 15, taken without branches. Whether a residual's
    /// symbol is 0 or 15 is as good as random, and a mispredicted branch would cost more than the step;
    /// the encoder and the decoder both take their intervals here.
    @inline(__always)
    static func interval(_ row: UnsafePointer<UInt16>, _ s: Int, scale: UInt32, range: UInt32) -> (
        low: UInt32, high: UInt32
    ) {
        let notFirst = UInt32(truncatingIfNeeded: (s &+ 15) >> 4)  // 0 for s = 0, where E[0] = 0
        let last = 0 &- UInt32(truncatingIfNeeded: (s &+ 1) >> 4)  // all ones for s = 15, whose top is `range`
        let low = scale &* (edge(row, s) &* notFirst)
        let next = scale &* edge(row, min(s &+ 1, 15))
        return (low, (next & ~last) | (range & last))  // a mask: shorter than multiplying by 0 or 1
    }

    /// `E[i]` of `row` for `i` in 1…15 (`row[0]` is the count, not C[0]).
    @inline(__always)
    static func edge(_ row: UnsafePointer<UInt16>, _ i: Int) -> UInt32 {
        UInt32(row[i]) &+ UInt32(truncatingIfNeeded: i)
    }
}
