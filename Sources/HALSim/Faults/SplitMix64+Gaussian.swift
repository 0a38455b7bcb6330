// SensorGate — HALSim: normal deviates from the seeded generator, for simulated noise.

import HAL

#if canImport(Glibc)
    import Glibc
#else
    import Foundation
#endif

extension SplitMix64 {
    /// A standard normal value (mean 0, standard deviation 1), by Marsaglia and Tsang's ziggurat
    /// (J. Stat. Softw. 5(8), 2000) with 256 layers.
    ///
    /// One 64-bit draw gives the layer (bits 0–7), the sign (bit 8) and the abscissa (bits 11–63); about
    /// 99 % of values need nothing more than a multiply and a compare. The rest take a wedge test or,
    /// beyond R = 3.654…, Marsaglia's exact tail method, so the distribution is the normal one, not an
    /// approximation. Deterministic from the seed.
    ///
    /// The common case is inlined into the models that call it; a rejected draw continues out of line.
    @inlinable
    public mutating func nextGaussian() -> Double {
        let bits = next()
        let layer = Int(truncatingIfNeeded: bits & 0xFF)
        let x = Double(bits >> 11) * 0x1p-53 * GaussianZiggurat.widths[layer]
        // Bit 8 moved to the sign bit of x (which is +0 or positive): the same value as `-x` when
        // negative, without a branch that goes either way at random and so is mispredicted half the time.
        if x < GaussianZiggurat.widths[layer + 1] { return Double(bitPattern: x.bitPattern | (bits & 0x100) << 55) }
        return nextGaussian(rejected: bits, x: x)
    }

    /// ``nextGaussian()`` after its draw `bits` (abscissa `x`) fell outside its layer's rectangle: the tail
    /// or the wedge test for that draw, and a fresh draw when the wedge test rejects it (about one draw in
    /// a hundred comes here, so the nesting stays shallow).
    @usableFromInline
    mutating func nextGaussian(rejected bits: UInt64, x: Double) -> Double {
        let layer = Int(truncatingIfNeeded: bits & 0xFF)
        let negative = bits & 0x100 != 0
        if layer == 0 {
            let tail = nextGaussianTail()
            return negative ? -tail : tail
        }
        let bottom = GaussianZiggurat.heights[layer]
        let y = bottom + nextUnit() * (GaussianZiggurat.heights[layer + 1] - bottom)
        if y < exp(-0.5 * x * x) { return negative ? -x : x }
        return nextGaussian()
    }

    /// A normal value beyond R, given that it is beyond R (Marsaglia 1964): x = −ln(u₁)/R and
    /// y = −ln(u₂) until 2y ≥ x², then R + x.
    private mutating func nextGaussianTail() -> Double {
        let r = GaussianZiggurat.tailStart
        while true {
            let x = -log(1 - nextUnit()) / r
            let y = -log(1 - nextUnit())
            if y + y >= x * x { return r + x }
        }
    }
}

/// The 256-layer ziggurat under the right half of exp(−x²/2): layers of equal area ``layerArea``.
@usableFromInline
enum GaussianZiggurat {
    /// R: where the base layer's tail starts (Marsaglia and Tsang, 256 layers).
    static let tailStart = 3.654_152_885_361_008_8
    /// The area of every layer, the base with its tail included.
    static let layerArea = 4.928_673_233_99e-3

    /// Each layer's right edge by the recurrence (see ``widths``, the same values written out): for the
    /// tests, which hold the literals to it.
    static func computedWidths() -> [Double] {
        var x = [Double](repeating: 0, count: 257)
        x[0] = layerArea / density(tailStart)
        x[1] = tailStart
        for index in 1..<255 {
            x[index + 1] = (-2 * log(layerArea / x[index] + density(x[index]))).squareRoot()
        }
        x[256] = 0
        return x
    }

    /// f(xᵢ) for each edge in ``widths`` (f(x₀) is not used; f(x₂₅₆) = 1).
    static let heights: [Double] = widths.map(density)

    /// The unnormalised density exp(−x²/2).
    static func density(_ x: Double) -> Double { exp(-0.5 * x * x) }
}
