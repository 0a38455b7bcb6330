// SensorGate — Codec: exact rational numbers for a channel's LSB and offset.

/// An exact rational number `numerator / denominator`, always in lowest terms with a positive
/// denominator, both at most ``ExactRational/maxMagnitude`` in magnitude.
///
/// Sensor resolutions are published in three shapes, and all three are exact here: decimal fractions
/// (0.01 Pa = 1/100, 0.061 mg = 61/1000), binary fractions (1/16 °C, 1/16384 g) and sensitivities
/// (131 LSB per °/s = 1/131 °/s, a barometer's 1/6 Pa step). A mantissa × 10^exponent pair cannot hold
/// the third shape, and a binary floating-point number none but the second; a rational holds all of
/// them, and code × LSB + offset stays exact (``PhysicalValue``).
public struct ExactRational: Sendable, Hashable, CustomStringConvertible {
    /// The largest |numerator| and denominator: 2⁴⁰ (12 decimal places), so that code × LSB + offset of
    /// a 32-bit code fits 128-bit arithmetic with room to spare.
    public static let maxMagnitude: Int64 = 1 << 40

    /// The numerator (carries the sign).
    public let numerator: Int64
    /// The denominator, at least 1.
    public let denominator: Int64

    /// Zero.
    public static let zero = ExactRational(reduced: 0, 1)
    /// One.
    public static let one = ExactRational(reduced: 1, 1)

    private init(reduced numerator: Int64, _ denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// `numerator / denominator`, reduced to lowest terms.
    /// - Throws: ``CodecError/Kind/invalidInput`` for a zero denominator or a reduced part above
    ///   ``maxMagnitude``.
    public init(numerator: Int64, denominator: Int64) throws(CodecError) {
        guard denominator != 0 else { throw CodecError(.invalidInput, "a rational with denominator 0") }
        try self.init(wide: Int128(numerator), Int128(denominator))
    }

    /// An integer.
    public init(_ integer: Int64) throws(CodecError) {
        try self.init(numerator: integer, denominator: 1)
    }

    init(wide numerator: Int128, _ denominator: Int128) throws(CodecError) {
        var n = numerator
        var d = denominator
        if d < 0 {
            n = -n
            d = -d
        }
        let divisor = gcd128(n.magnitude, d.magnitude)
        if divisor > 1 {
            n /= Int128(divisor)
            d /= Int128(divisor)
        }
        let limit = Int128(ExactRational.maxMagnitude)
        guard n.magnitude <= limit.magnitude, d <= limit else {
            throw CodecError(.invalidInput, "\(n)/\(d) needs more than 2^40 in numerator or denominator")
        }
        self.init(reduced: Int64(n), Int64(d))
    }

    /// Parses `"0.061"`, `"-2.5e-3"`, `"1/16"` or `"131"`: a decimal number (with an optional exponent)
    /// or a fraction of two integers. The value is exact: `"0.1"` is one tenth, not the nearest double.
    /// - Throws: ``CodecError/Kind/invalidInput`` naming the text when it is not such a number.
    public init(parsing text: String) throws(CodecError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2 {
            guard let n = Int64(parts[0]), let d = Int64(parts[1]) else {
                throw CodecError(.invalidInput, "\"\(text)\" is not a fraction of two integers")
            }
            try self.init(numerator: n, denominator: d)
            return
        }
        guard let (mantissa, exponent) = DecimalText.parse(text) else {
            throw CodecError(.invalidInput, "\"\(text)\" is not a number (write 0.061, 6.1e-2 or 1/16)")
        }
        guard (-24...24).contains(exponent) else {
            throw CodecError(.invalidInput, "\"\(text)\" is too large or too small for an exact rational")
        }
        var scale: Int128 = 1
        for _ in 0..<abs(exponent) { scale *= 10 }
        if exponent >= 0 {
            let (product, overflow) = mantissa.multipliedReportingOverflow(by: scale)
            guard !overflow else { throw CodecError(.invalidInput, "\"\(text)\" is too large for an exact rational") }
            try self.init(wide: product, 1)
        } else {
            try self.init(wide: mantissa, scale)
        }
    }

    /// The exact value of a finite double's shortest decimal form: 0.00479 becomes 479/100000, which is
    /// what the person who wrote `0.00479` in a JSON schema meant.
    /// - Throws: ``CodecError/Kind/invalidInput`` for a non-finite value or one that needs more than
    ///   ``maxMagnitude``.
    public init(shortestDecimalOf value: Double) throws(CodecError) {
        guard value.isFinite else { throw CodecError(.invalidInput, "\(value) is not a finite number") }
        try self.init(parsing: "\(value)")
    }

    /// True for zero.
    public var isZero: Bool { numerator == 0 }

    /// The nearest double.
    public var doubleValue: Double { Double(numerator) / Double(denominator) }

    /// `n/d`, or just `n` for an integer.
    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }
}

/// Greatest common divisor (Euclid); gcd(0, 0) = 0.
func gcd128(_ a: UInt128, _ b: UInt128) -> UInt128 {
    var x = a
    var y = b
    while y != 0 { (x, y) = (y, x % y) }
    return x
}

/// Parsing of decimal text into an integer mantissa and a power of ten.
enum DecimalText {
    /// `[-+]digits[.digits][(e|E)[-+]digits]` as (mantissa, exponent); nil when the text is anything else
    /// or has more than 30 significant digits.
    static func parse(_ text: String) -> (Int128, Int)? {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var mantissa: Int128 = 0
        var exponent = 0
        var digits = 0
        var seenPoint = false
        while let byte = bytes.first, byte != UInt8(ascii: "e") && byte != UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            digits += 1
            guard digits <= 30 else { return nil }
            mantissa = mantissa * 10 + Int128(byte - UInt8(ascii: "0"))
            if seenPoint { exponent -= 1 }
        }
        guard digits > 0 else { return nil }
        if !bytes.isEmpty {
            guard let power = Int(String(decoding: bytes.dropFirst(), as: UTF8.self)), abs(power) <= 100 else {
                return nil
            }
            exponent += power
        }
        return (negative ? -mantissa : mantissa, exponent)
    }
}
