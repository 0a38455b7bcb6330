// SensorGate — Codec: a lattice's grid points without a division (the decoder's hot loop).

/// ``Lattice/point(_:)`` for one lattice a/b, computed with one multiplication instead of a 64-bit
/// division, for grid indices up to ``Lattice/maxIndex`` in magnitude (the decoder refuses larger ones).
///
/// With a = w·b + f (0 ≤ f < b): ⌊(2·m·a + b) / 2b⌋ = m·w + ⌊(2·m·f + b) / 2b⌋. The second numerator is
/// below 2^50 in magnitude; a bias of K·2b (≥ 2^49) makes it non-negative and below 2^55, where the
/// high word of its product with ⌈2^64 / 2b⌉ is the exact quotient (Granlund and Montgomery: the
/// reciprocal's excess, below 2b ≤ 2^9, is at most 2^(64 − 55)).
struct LatticePoint: Sendable {
    /// ⌊a / b⌋.
    private let whole: Int64
    /// a mod b.
    private let fraction: Int64
    /// b.
    private let denominator: Int64
    /// ⌈2^64 / 2b⌉ (2^64 / 2b when 2b is a power of two).
    private let reciprocal: UInt64
    /// K, with K·2b ≥ 2^49.
    private let biasQuotient: Int64
    /// K·2b + b.
    private let bias: Int64

    /// The grid points of `lattice` (denominator 1…2^8, numerator ≤ 2^16).
    init(_ lattice: Lattice) {
        let twice = 2 * lattice.denominator
        whole = lattice.numerator / lattice.denominator
        fraction = lattice.numerator % lattice.denominator
        denominator = lattice.denominator
        reciprocal = UInt64.max / UInt64(twice) &+ 1
        biasQuotient = (1 << 49) / twice + 1
        bias = biasQuotient * twice + lattice.denominator
    }

    /// The grid point of index `m` (|m| ≤ ``Lattice/maxIndex``): `lattice.point(m)`.
    @inline(__always)
    func point(_ m: Int64) -> Int64 {
        let numerator = UInt64(bitPattern: 2 &* m &* fraction &+ bias)
        let quotient = Int64(bitPattern: numerator.multipliedFullWidth(by: reciprocal).high)
        return m &* whole &+ quotient &- biasQuotient
    }
}
