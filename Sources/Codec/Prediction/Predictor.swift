// SensorGate — Codec: the linear predictors a channel can use for a batch.

/// A linear predictor over the previous samples: `((Σ c[j] × x[i−1−j]) + rounding) >> shift`.
///
/// The fixed polynomial orders 0–3 are the predictors with shift 0 and the coefficients
/// [], [1], [2, −1], [3, −3, 1]; a quantised LPC has order 1–32 and shift 0–15
/// (docs/batch-format.md §6.2).
struct Predictor: Sendable, Equatable {
    /// What the batch header says about the predictor.
    enum Kind: Sendable, Equatable {
        /// A fixed polynomial of order 0...3.
        case fixed(Int)
        /// A quantised linear predictor.
        case lpc
    }

    /// Fixed or LPC.
    let kind: Kind
    /// c[0] weighs the previous sample, c[1] the one before, and so on.
    let coefficients: [Int32]
    /// The right shift applied to the sum.
    let shift: Int
    /// The coefficients widened to 64 bits, then one 0 (never empty): what the sample loops read, made
    /// once per predictor instead of once per block.
    let wide: [Int64]

    /// A predictor of `kind` with `coefficients` and `shift`.
    init(kind: Kind, coefficients: [Int32], shift: Int) {
        self.kind = kind
        self.coefficients = coefficients
        self.shift = shift
        var wide = [Int64](repeating: 0, count: coefficients.count + 1)
        for (j, c) in coefficients.enumerated() { wide[j] = Int64(c) }
        self.wide = wide
    }

    /// The fixed polynomials, made once.
    private static let fixedTable: [Predictor] = [[], [1], [2, -1], [3, -3, 1]].enumerated().map { order, c in
        Predictor(kind: .fixed(order), coefficients: c, shift: 0)
    }

    /// The fixed polynomial predictor of `order` (0...3).
    static func fixed(_ order: Int) -> Predictor { fixedTable[order] }

    /// A quantised LPC.
    static func lpc(_ coefficients: [Int32], shift: Int) -> Predictor {
        Predictor(kind: .lpc, coefficients: coefficients, shift: shift)
    }

    /// The number of previous samples it reads.
    var order: Int { coefficients.count }

    /// The prediction for the sample after `history[-order..<0]` (`history` points just past them).
    @inline(__always)
    static func predict(
        _ history: UnsafePointer<Int64>, coefficients: UnsafePointer<Int64>, order: Int, shift: Int64
    ) -> Int64 {
        var sum: Int64 = 0
        var j = 0
        while j < order {
            sum &+= coefficients[j] &* history[-1 &- j]
            j &+= 1
        }
        return shift == 0 ? sum : (sum &+ (1 &<< (shift &- 1))) >> shift
    }

    /// The warm-up prediction when only `available` (< order) samples precede: the fixed polynomial
    /// of order min(available, 2).
    @inline(__always)
    static func warmUp(_ history: UnsafePointer<Int64>, available: Int) -> Int64 {
        switch available {
        case 0: return 0
        case 1: return history[-1]
        default: return 2 &* history[-1] &- history[-2]
        }
    }
}
