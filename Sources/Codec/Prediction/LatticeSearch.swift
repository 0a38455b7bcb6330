// SensorGate — Codec: finding the grid that residuals sit on (encoder only).

/// Looks for a rational step a/b (b ≤ 8, 2 < a/b ≤ 64) on which most residuals lie within a small
/// offset. A quick test runs first: on a lattice, residuals of ±1 and ±2 are rarer than residuals of 0,
/// which is never so for a smooth distribution wider than a few LSB (there they are about four times as many).
enum LatticeSearch {
    /// The denominators tried.
    static let denominators: [Int64] = [1, 2, 3, 4, 6, 8]

    /// The largest step that fits `residuals`, or nil.
    static func find(_ residuals: ArraySlice<Int64>) -> Lattice? {
        let (zeros, small, wide) = classCounts(residuals)
        // A grid only pays when residuals are wide: at least half of them 8 LSB or more.
        guard zeros >= 2, small < 2 * zeros, wide * 2 >= residuals.count else { return nil }
        var sample: [Int64] = []
        sample.reserveCapacity(128)
        let stride = max(1, residuals.count / 128)
        var i = residuals.startIndex
        while i < residuals.endIndex && sample.count < 128 {
            if residuals[i].magnitude >= 3 { sample.append(residuals[i]) }
            i += stride
        }
        guard sample.count >= 4 else { return nil }
        // The largest step wins: try the steps from the largest down and stop at the first that fits.
        // Each is tried on the first 32 sampled residuals before all of them, so most are rejected
        // after a handful of residuals, each tested with two multiplications (``LatticeFitTest``).
        let headSlice = sample.prefix(32)
        // A residual r with |r| < step/2 has grid index 0 and point 0, so with |r| ≥ 3 it is off the
        // grid: a step can only fit when at least `count − allowed` residuals have 2|r| ≥ step. The
        // steps above twice that many-th largest magnitude are skipped without a division; the
        // result is the same as trying them.
        let headReach = reach(headSlice)
        let sampleReach = reach(sample[...])
        let reachLimit = min(headReach, sampleReach)
        return sample.withUnsafeBufferPointer { all in
            let head = UnsafeBufferPointer(rebasing: all.prefix(32))
            for test in tests {
                let lattice = test.lattice
                guard lattice.numerator <= reachLimit * lattice.denominator else { continue }
                guard fits(test, head), fits(test, all) else { continue }
                return lattice
            }
            return nil
        }
    }

    /// How many `residuals` are 0, ±1 or ±2, and 8 or more in magnitude. Counted with shifts, not
    /// comparisons (which compile to a branch per class): the classes of successive residuals are as
    /// good as random, so those branches would be mispredicted about every other residual.
    static func classCounts(_ residuals: ArraySlice<Int64>) -> (zeros: Int, small: Int, wide: Int) {
        var zeros: UInt64 = 0
        var belowThree: UInt64 = 0
        var belowEight: UInt64 = 0
        residuals.withUnsafeBufferPointer { all in
            for r in all {
                // m − k wraps to a number with the top bit set exactly when m < k (m ≤ 2^63).
                let m = r.magnitude
                zeros &+= ((m | (0 &- m)) >> 63) ^ 1
                belowThree &+= (m &- 3) >> 63
                belowEight &+= (m &- 8) >> 63
            }
        }
        return (Int(zeros), Int(belowThree &- zeros), residuals.count &- Int(belowEight))
    }

    /// Twice the magnitude that all but ``fits``'s allowed misses of `sample` reach: no step above it
    /// can fit.
    private static func reach(_ sample: ArraySlice<Int64>) -> Int64 {
        let need = sample.count - sample.count / 8
        guard need >= 1 else { return 1 << 41 }
        var magnitudes = sample.map { min($0.magnitude, 1 << 40) }
        magnitudes.sort(by: >)
        return 2 * Int64(magnitudes[need - 1])
    }

    /// Most residuals (all but an eighth) within ±1 of the grid; stops counting once too many are off it.
    @inline(__always)
    private static func fits(_ test: LatticeFitTest, _ sample: UnsafeBufferPointer<Int64>) -> Bool {
        let allowed = sample.count / 8
        var off = 0
        for r in sample where !test.fits(r) {
            off += 1
            if off > allowed { return false }
        }
        return true
    }

    /// Every step a/b (b in ``denominators``, a coprime to b, 2 < a/b ≤ 64), largest first.
    static let candidates: [Lattice] = {
        var all: [Lattice] = []
        for denominator in denominators {
            var numerator = 2 * denominator + 1
            while numerator <= 64 * denominator {
                if gcd(numerator, denominator) == 1 {
                    all.append(Lattice(numerator: numerator, denominator: denominator))
                }
                numerator += 1
            }
        }
        // Largest step first; equal steps cannot occur (a/b in lowest terms).
        return all.sorted { $0.numerator * $1.denominator > $1.numerator * $0.denominator }
    }()

    /// The division-free fit test of each of ``candidates``, in the same order.
    static let tests: [LatticeFitTest] = candidates.map(LatticeFitTest.init)

    private static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
