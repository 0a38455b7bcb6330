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
        let moved = counts &+ ((target &- counts) &>> SIMD16<Int16>(repeating: Int16(truncatingIfNeeded: rate)))
        raw.storeBytes(of: moved, as: SIMD16<Int16>.self)
        row[0] = min(n &+ 1, UInt16(countLimit))
    }

    /// ``adapt(_:symbol:)`` for a row whose symbol was just found by ``find(_:_:)``: `atOrBelow` is its
    /// lane mask (1 in lane i ≥ 1 where E[i] ≤ the target, that is where i ≤ s, as E rises strictly;
    /// lane 0 is 0 and its result is overwritten by the count), so the targets need no second
    /// comparison against the symbol.
    @inline(__always)
    static func adapt(_ row: UnsafeMutablePointer<UInt16>, atOrBelow: SIMD16<UInt16>) {
        let n = row[0]
        let rate = min(maxShift, (Int.bitWidth &- 1) &- (Int(n) &+ priorWeight).leadingZeroBitCount)
        let raw = UnsafeMutableRawPointer(row)
        let counts = raw.loadUnaligned(as: SIMD16<Int16>.self)
        // 0 where the lane is at or below the symbol, `total` above it.
        let target = SIMD16<Int16>(truncatingIfNeeded: atOrBelow &- 1) & SIMD16<Int16>(repeating: Int16(total))
        let moved = counts &+ ((target &- counts) &>> SIMD16<Int16>(repeating: Int16(truncatingIfNeeded: rate)))
        raw.storeBytes(of: moved, as: SIMD16<Int16>.self)
        row[0] = min(n &+ 1, UInt16(countLimit))
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
    /// first): no branch, no dependent steps, no scalar loop.
    @inline(__always)
    static func find(_ row: UnsafePointer<UInt16>, _ target: UInt32) -> Int {
        count(atOrBelow(row, target))
    }

    /// `E[i]` of `row` for `i` in 1…15 (`row[0]` is the count, not C[0]).
    @inline(__always)
    static func edge(_ row: UnsafePointer<UInt16>, _ i: Int) -> UInt32 {
        UInt32(row[i]) &+ UInt32(truncatingIfNeeded: i)
    }
}
