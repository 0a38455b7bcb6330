// SensorGate — Modem: telling a command's answer from an unsolicited result with the same prefix.

/// Recognises lines by prefix and, where a URC shares the prefix, by shape.
///
/// `AT+CEREG?` answers `+CEREG: 2,1` (two fields or more), while the URC is `+CEREG: 1` (one field):
/// `.prefix("+CEREG:", fieldCount: 2...5)` takes only the answer.
public struct ATLineMatcher: Sendable {
    /// The prefix every matching line starts with.
    public let prefix: String
    private let accepts: @Sendable (String) -> Bool

    /// Creates a matcher from a prefix and a test of the whole line.
    /// - Parameters:
    ///   - prefix: the prefix.
    ///   - accepts: further test of a line that starts with `prefix`.
    public init(prefix: String, where accepts: @escaping @Sendable (String) -> Bool) {
        self.prefix = prefix
        self.accepts = accepts
    }

    /// Whether `line` matches.
    /// - Parameter line: a received line.
    /// - Returns: true on a match.
    public func matches(_ line: String) -> Bool { line.hasPrefix(prefix) && accepts(line) }

    /// Every line starting with `prefix`.
    /// - Parameter prefix: the prefix, such as `+CSQ:`.
    /// - Returns: the matcher.
    public static func prefix(_ prefix: String) -> ATLineMatcher { ATLineMatcher(prefix: prefix) { _ in true } }

    /// Lines starting with `prefix` whose number of fields is in `fieldCount`.
    /// - Parameters:
    ///   - prefix: the prefix, such as `+CEREG:`.
    ///   - fieldCount: the accepted numbers of comma-separated fields.
    /// - Returns: the matcher.
    public static func prefix(_ prefix: String, fieldCount: ClosedRange<Int>) -> ATLineMatcher {
        ATLineMatcher(prefix: prefix) { fieldCount.contains(ATText.fields(of: $0, after: prefix).count) }
    }
}
