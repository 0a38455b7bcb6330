// SensorGate — Codec: a sample's physical value, code × LSB + offset, exactly.

/// The exact physical value of a code: code × LSB + offset as one fraction in lowest terms.
///
/// With a 32-bit code and an LSB and offset of at most 2⁴⁰ in numerator and denominator, the fraction
/// needs at most 2¹¹² — 128-bit arithmetic never overflows.
public struct PhysicalValue: Sendable, Hashable, CustomStringConvertible {
    /// The numerator.
    public let numerator: Int128
    /// The denominator, at least 1.
    public let denominator: Int128

    /// code × `lsb` + `offset`.
    public init(code: Int32, lsb: ExactRational, offset: ExactRational = .zero) {
        let n =
            Int128(code) * Int128(lsb.numerator) * Int128(offset.denominator)
            + Int128(offset.numerator) * Int128(lsb.denominator)
        let d = Int128(lsb.denominator) * Int128(offset.denominator)
        let divisor = gcd128(n.magnitude, d.magnitude)
        numerator = divisor > 1 ? n / Int128(divisor) : n
        denominator = divisor > 1 ? d / Int128(divisor) : d
    }

    /// True when the value has a finite decimal expansion (its denominator is 2ᵃ·5ᵇ), so that
    /// ``decimalText`` is exact.
    public var isDecimal: Bool {
        var d = denominator
        while d % 2 == 0 { d /= 2 }
        while d % 5 == 0 { d /= 5 }
        return d == 1
    }

    /// The value as decimal text: exact when ``isDecimal`` (0.0625, −1.234), otherwise the digits up to
    /// `maxFractionDigits` places, rounded half away from zero (1/131 → 0.0076335877862595 with 16).
    public func decimalText(maxFractionDigits: Int = 16) -> String {
        let negative = numerator < 0
        let magnitude = numerator.magnitude
        let d = denominator.magnitude
        var whole = magnitude / d
        var remainder = magnitude % d
        var digits: [UInt8] = []
        while remainder != 0 && digits.count < maxFractionDigits {
            remainder *= 10
            digits.append(UInt8(remainder / d))
            remainder %= d
        }
        if remainder != 0 && remainder * 2 >= d {
            var index = digits.count - 1
            var carry = true
            while carry && index >= 0 {
                if digits[index] == 9 {
                    digits[index] = 0
                } else {
                    digits[index] += 1
                    carry = false
                }
                index -= 1
            }
            if carry { whole += 1 }
        }
        while digits.last == 0 { digits.removeLast() }
        var text = (negative && (whole != 0 || !digits.isEmpty) ? "-" : "") + "\(whole)"
        if !digits.isEmpty {
            text += "." + String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
        }
        return text
    }

    /// The nearest double (to within one rounding of each part).
    public var doubleValue: Double { Double(numerator) / Double(denominator) }

    /// ``decimalText(maxFractionDigits:)`` with 16 places.
    public var description: String { decimalText() }
}
