// SensorGate — Codec: residuals that sit on a coarser grid than the LSB.

/// A rational step `numerator / denominator` (> 1) on which the residuals lie, give or take a small
/// offset. Sensors whose native step is not a whole number of published LSBs (a 1/6 Pa barometer
/// published in 0.01 Pa) produce such residuals; coding the grid index and the offset separately
/// costs a fraction of coding the residual whole (docs/batch-format.md §6.3).
struct Lattice: Sendable, Equatable {
    /// The step's numerator, 2...65536.
    let numerator: Int64
    /// The step's denominator, 1...256, smaller than the numerator.
    let denominator: Int64

    /// The largest numerator.
    static let maxNumerator: Int64 = 1 << 16
    /// The largest denominator.
    static let maxDenominator: Int64 = 1 << 8
    /// The largest grid index magnitude a decoder accepts.
    static let maxIndex: Int64 = 1 << 40

    /// ⌊a / b⌋ for b > 0, without a branch on the sign of `a` (residual signs are as good as random):
    /// for a < 0, ⌊a / b⌋ = ¬⌊¬a / b⌋ with ¬a = −a − 1 ≥ 0, so one unsigned division serves both signs.
    @inline(__always)
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let sign = a >> 63  // 0 or −1 (all ones)
        let magnitude = UInt64(bitPattern: a ^ sign)
        return Int64(bitPattern: magnitude / UInt64(bitPattern: b)) ^ sign
    }

    /// The grid index nearest to `residual`: ⌊(2·r·den + num) / (2·num)⌋.
    @inline(__always)
    func index(of residual: Int64) -> Int64 {
        Self.floorDivide(2 &* residual &* denominator &+ numerator, 2 &* numerator)
    }

    /// The grid point of index `m`: ⌊(2·m·num + den) / (2·den)⌋.
    @inline(__always)
    func point(_ m: Int64) -> Int64 {
        Self.floorDivide(2 &* m &* numerator &+ denominator, 2 &* denominator)
    }
}
