// SensorGate — Drivers: a chip's settings or trim values as the board file gives them.

/// A setting the driver or model could not take, naming the key.
public struct ChipOptionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key, as written in the board file.
    public var key: String
    /// What is wrong and what is expected.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - key: the offending key.
    ///   - message: what is expected.
    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    /// `key: message`.
    public var description: String { "\(key): \(message)" }
}

/// Settings (or model trim values) by key, as scalars from the board file.
///
/// Board validation rejects keys the chip's registry entry does not list, so a driver only reads keys
/// it knows; these accessors convert and range-check values, throwing an error that names the key.
public struct ChipOptions: Sendable, Hashable {
    /// The values by key, as written.
    public var values: [String: String]

    /// Creates options.
    /// - Parameter values: the values by key.
    public init(_ values: [String: String] = [:]) { self.values = values }

    /// No options: every setting at its documented default.
    public static let none = ChipOptions()

    /// A number.
    /// - Parameters:
    ///   - key: the key.
    ///   - fallback: the value when the key is absent.
    ///   - range: the accepted range.
    /// - Returns: the value.
    /// - Throws: `ChipOptionError` when the value is not a number or out of range.
    public func number(_ key: String, default fallback: Double, in range: ClosedRange<Double>? = nil)
        throws(ChipOptionError) -> Double
    {
        guard let text = values[key] else { return fallback }
        guard let value = Double(text), value.isFinite else {
            throw ChipOptionError(key: key, message: "expected a number, found '\(text)'")
        }
        if let range, !range.contains(value) {
            throw ChipOptionError(
                key: key, message: "\(text) is outside \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    /// An integer (decimal or 0x hexadecimal).
    /// - Parameters:
    ///   - key: the key.
    ///   - fallback: the value when the key is absent.
    ///   - range: the accepted range.
    /// - Returns: the value.
    /// - Throws: `ChipOptionError` when the value is not an integer or out of range.
    public func integer(_ key: String, default fallback: Int, in range: ClosedRange<Int>) throws(ChipOptionError)
        -> Int
    {
        guard let text = values[key] else { return fallback }
        let parsed = text.lowercased().hasPrefix("0x") ? Int(text.dropFirst(2), radix: 16) : Int(text)
        guard let value = parsed else {
            throw ChipOptionError(key: key, message: "expected an integer, found '\(text)'")
        }
        guard range.contains(value) else {
            throw ChipOptionError(key: key, message: "\(text) is outside \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    /// One of a fixed set of choices.
    /// - Parameters:
    ///   - key: the key.
    ///   - choices: the accepted spellings and their values, in the order messages list them.
    ///   - fallback: the value when the key is absent.
    /// - Returns: the chosen value.
    /// - Throws: `ChipOptionError` listing the choices when the value is not one of them.
    public func choice<T>(_ key: String, _ choices: [(String, T)], default fallback: T) throws(ChipOptionError) -> T {
        guard let text = values[key] else { return fallback }
        if let match = choices.first(where: { $0.0 == text }) { return match.1 }
        let list = choices.map(\.0).joined(separator: ", ")
        throw ChipOptionError(key: key, message: "'\(text)' is not one of \(list)")
    }

    /// A boolean (`true`/`false`, `yes`/`no`, `on`/`off`).
    /// - Parameters:
    ///   - key: the key.
    ///   - fallback: the value when the key is absent.
    /// - Returns: the value.
    /// - Throws: `ChipOptionError` when the value is not a boolean.
    public func flag(_ key: String, default fallback: Bool) throws(ChipOptionError) -> Bool {
        try choice(
            key, [("true", true), ("false", false), ("yes", true), ("no", false), ("on", true), ("off", false)],
            default: fallback)
    }
}
