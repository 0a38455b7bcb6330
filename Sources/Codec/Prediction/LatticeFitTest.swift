// SensorGate — Codec: whether a residual lies within ±1 of a lattice, without dividing (encoder only).

/// The lattice search's test "|r − point(index(r))| ≤ 1" for one step a/b, answered with two
/// multiplications instead of two 64-bit divisions.
///
/// With x = 2·r·b + a = 2a·m + ρ (m the grid index, 0 ≤ ρ < 2a), the grid point is
/// r + ⌊(a − ρ + b) / (2b)⌋, so the residual is within ±1 of it exactly when a − 3b < ρ ≤ a + 3b.
/// ρ comes from Lemire's direct remainder (a 64-bit reciprocal of 2a, exact for every 32-bit
/// dividend), after a bias of a multiple of 2a makes x non-negative; that needs |2·r·b| ≤ 2^28, so
/// larger residuals (none in a real batch's sample) take the two divisions.
struct LatticeFitTest: Sendable {
    /// The step.
    let lattice: Lattice
    /// The largest residual magnitude the multiplication path takes: 2^27 / b.
    private let limit: UInt64
    /// 2a.
    private let modulus: UInt64
    /// ⌊(2^64 − 1) / 2a⌋ + 1.
    private let reciprocal: UInt64
    /// A multiple of 2a of at least 2^29, which makes x non-negative within the limit and keeps it below 2^32.
    private let bias: Int64
    /// a − 3b + 1: ρ − this is below 6b exactly when the residual fits (as an unsigned comparison).
    private let lowest: UInt64
    /// 6b.
    private let width: UInt64

    /// The test for `lattice` (numerator ≤ 2^16, denominator ≤ 2^8).
    init(_ lattice: Lattice) {
        self.lattice = lattice
        limit = UInt64((1 << 27) / lattice.denominator)
        let modulus = UInt64(2 * lattice.numerator)
        self.modulus = modulus
        reciprocal = UInt64.max / modulus &+ 1
        bias = Int64(modulus) * ((Int64(1 << 29) + Int64(modulus) - 1) / Int64(modulus))
        lowest = UInt64(bitPattern: lattice.numerator - 3 * lattice.denominator + 1)
        width = UInt64(6 * lattice.denominator)
    }

    /// Whether `residual` lies within ±1 of the grid: the same answer as comparing it with
    /// `lattice.point(lattice.index(of: residual))`.
    @inline(__always)
    func fits(_ residual: Int64) -> Bool {
        guard residual.magnitude <= limit else {
            return (residual - lattice.point(lattice.index(of: residual))).magnitude <= 1
        }
        let x = UInt64(bitPattern: 2 &* residual &* lattice.denominator &+ lattice.numerator &+ bias)
        let remainder = (reciprocal &* x).multipliedFullWidth(by: modulus).high
        return remainder &- lowest < width
    }
}
