// SensorGate — Drivers: a divisor with its reciprocal, for rounded quotients without a division.

/// A divisor kept with its reciprocal: ``roundedQuotient(_:)`` gives `(x / divisor).rounded()` bit for
/// bit, from a multiplication where that cannot round differently and from the division where it might.
/// The quantisers divide every value they code, and a division takes several times a multiplication's time.
///
/// Why it is exact: with r = fl(1/d) (a normal Double, relative error ≤ u = 2⁻⁵³), q = fl(x·r) is
/// within 2u·|x/d| (plus u²) of x/d, and fl(x/d) within u·|x/d|, so |q − fl(x/d)| < 4u·|q| = 2⁻⁵¹·|q|.
/// When q is farther than 2⁻⁵⁰·|q| from every half-integer (the only places where rounding to the
/// nearest integer changes), no such boundary lies between q and fl(x/d), and both round alike.
/// Otherwise (a tie or near one), and for NaN, infinities and |q| ≥ 2⁵², the division decides.
public struct ReciprocalDivisor: Sendable, Equatable {
    /// The divisor.
    public let divisor: Double
    /// 1 / divisor when that is a normal Double; NaN otherwise, which sends every quotient to the division.
    public let reciprocal: Double

    /// Keeps `divisor` and its reciprocal.
    /// - Parameter divisor: any Double; zero, subnormal and huge ones always divide.
    public init(_ divisor: Double) {
        self.divisor = divisor
        let reciprocal = 1 / divisor
        self.reciprocal = reciprocal.isNormal ? reciprocal : .nan
    }

    /// `(value / divisor).rounded()` (ties away from zero), bit for bit.
    /// - Parameter value: any Double.
    /// - Returns: the nearest integer to the quotient, as `NearestInteger.rounded(value / divisor)` gives it.
    @inlinable @inline(__always)
    public func roundedQuotient(_ value: Double) -> Double {
        let estimate = value * reciprocal
        let magnitude = estimate.magnitude
        if magnitude < 0x1p52 {
            // The nearest integer by adding and taking away 2⁵² (ties to even, but no tie passes the test
            // below), and the distance to the nearest half-integer, 0.5 − |q − nearest|: both exact where
            // the test is close, with no conversion to an integer and back and no branch on the fraction.
            let nearest = (magnitude + 0x1p52) - 0x1p52
            if 0.5 - (magnitude - nearest).magnitude > magnitude * 0x1p-50 {
                return Double(signOf: estimate, magnitudeOf: nearest)
            }
        }
        return NearestInteger.rounded(value / divisor)
    }
}
