// SensorGate — Drivers: an exact rational number, for resolutions that decimals or binary fractions
// cannot both hold exactly (0.122 mg, 1/256 Pa, 175/65535 °C).

/// A rational number `numerator / denominator` in lowest terms with a positive denominator.
///
/// A channel's LSB and offset are kept exactly so that a collector reconstructs `code × LSB` without
/// the rounding of a binary floating-point constant: datasheets give sensitivities as decimals
/// (0.122 mg/LSB), binary fractions (1/256 Pa) or quotients (100/6842 µT), and a ratio of two
/// integers is exact for all three.
public struct ExactRatio: Sendable, Hashable, CustomStringConvertible {
    /// The numerator (carries the sign).
    public let numerator: Int64
    /// The denominator, at least 1.
    public let denominator: Int64

    /// Creates `numerator / denominator`, reduced.
    /// - Parameters:
    ///   - numerator: the numerator.
    ///   - denominator: the denominator; must not be 0 (a programmer error).
    public init(_ numerator: Int64, _ denominator: Int64 = 1) {
        precondition(denominator != 0, "ExactRatio with a zero denominator")
        let divisor = Self.gcd(numerator.magnitude, denominator.magnitude)
        let sign: Int64 = denominator < 0 ? -1 : 1
        self.numerator = sign * numerator / Int64(divisor)
        self.denominator = sign * denominator / Int64(divisor)
    }

    /// A decimal `mantissa × 10^exponent` with `exponent` ≤ 0, as datasheets print sensitivities.
    /// - Parameters:
    ///   - mantissa: the digits, `122` for 0.122.
    ///   - exponent: the power of ten, `-3` for 0.122.
    /// - Returns: the ratio.
    public static func decimal(_ mantissa: Int64, exponent: Int) -> ExactRatio {
        var denominator: Int64 = 1
        for _ in 0..<max(0, -exponent) { denominator *= 10 }
        return ExactRatio(mantissa, denominator)
    }

    /// The product of two ratios (exact while the reduced terms fit in 64 bits).
    public static func * (lhs: ExactRatio, rhs: ExactRatio) -> ExactRatio {
        let a = ExactRatio(lhs.numerator, rhs.denominator)
        let b = ExactRatio(rhs.numerator, lhs.denominator)
        return ExactRatio(a.numerator * b.numerator, a.denominator * b.denominator)
    }

    /// The nearest double.
    public var value: Double { Double(numerator) / Double(denominator) }

    /// `n/d`, or `n` when the denominator is 1.
    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }

    private static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return max(x, 1)
    }
}
