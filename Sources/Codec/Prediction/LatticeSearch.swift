// SensorGate — Codec: finding the grid that residuals sit on (encoder only).

/// Looks for a rational step a/b (b ≤ 8, 2 < a/b ≤ 64) on which most residuals lie within a small
/// offset. A quick test runs first: on a lattice, residuals of ±1 and ±2 are rarer than residuals of 0,
/// which is never so for a smooth distribution wider than a few LSB (there they are about four times as many).
enum LatticeSearch {
    /// The denominators tried.
    static let denominators: [Int64] = [1, 2, 3, 4, 6, 8]

    /// The largest step that fits `residuals`, or nil.
    static func find(_ residuals: [Int64]) -> Lattice? {
        var zeros = 0
        var small = 0
        var wide = 0
        for r in residuals {
            if r == 0 { zeros += 1 } else if r >= -2 && r <= 2 { small += 1 } else if r.magnitude >= 8 { wide += 1 }
        }
        // A grid only pays when residuals are wide: at least half of them 8 LSB or more.
        guard zeros >= 2, small < 2 * zeros, wide * 2 >= residuals.count else { return nil }
        var sample: [Int64] = []
        sample.reserveCapacity(128)
        let stride = max(1, residuals.count / 128)
        var i = 0
        while i < residuals.count && sample.count < 128 {
            if residuals[i].magnitude >= 3 { sample.append(residuals[i]) }
            i += stride
        }
        guard sample.count >= 4 else { return nil }
        var best: (lattice: Lattice, step: Double)?
        for denominator in denominators {
            var numerator = 2 * denominator + 1
            while numerator <= 64 * denominator {
                defer { numerator += 1 }
                guard gcd(numerator, denominator) == 1 else { continue }
                let lattice = Lattice(numerator: numerator, denominator: denominator)
                let step = Double(numerator) / Double(denominator)
                guard step > (best?.step ?? 0) else { continue }
                // Most residuals within ±1 of the grid (stop counting once too many are off it).
                let allowed = sample.count / 8
                var off = 0
                for r in sample where (r - lattice.point(lattice.index(of: r))).magnitude > 1 {
                    off += 1
                    if off > allowed { break }
                }
                if off <= allowed { best = (lattice, step) }
            }
        }
        return best?.lattice
    }

    private static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
