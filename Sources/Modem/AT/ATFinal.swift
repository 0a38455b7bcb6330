// SensorGate — Modem: final result codes of AT commands.

/// The error of a `+CME ERROR` or `+CMS ERROR` final result, in the form the modem was set to
/// (`AT+CMEE=1` numeric, `AT+CMEE=2` verbose).
public enum ATErrorCode: Sendable, Hashable {
    /// A numeric code, such as 10 (SIM not inserted).
    case numeric(Int)
    /// A verbose text, such as `SIM not inserted`.
    case verbose(String)
}

/// The final result code that ends a command's response.
public enum ATFinal: Sendable, Hashable {
    /// `OK`.
    case ok
    /// `ERROR`.
    case error
    /// `+CME ERROR: <err>`: a mobile-equipment or network error.
    case cmeError(ATErrorCode)
    /// `+CMS ERROR: <err>`: a message-service error.
    case cmsError(ATErrorCode)
    /// `NO CARRIER`.
    case noCarrier
    /// `BUSY`.
    case busy
    /// `NO ANSWER`.
    case noAnswer
    /// `NO DIALTONE`.
    case noDialtone
    /// `CONNECT` with its optional text (a rate or protocol); the link is then in data mode.
    case connect(String?)
    /// A final result the dialect added (Quectel `SEND OK`, SIMCom `DATA ACCEPT:5`): the line.
    case dialect(String, isSuccess: Bool)

    /// Whether the command succeeded.
    public var isSuccess: Bool {
        switch self {
        case .ok, .connect: true
        case .dialect(_, let isSuccess): isSuccess
        case .error, .cmeError, .cmsError, .noCarrier, .busy, .noAnswer, .noDialtone: false
        }
    }
}

/// A final result code a dialect adds to the standard ones.
public struct ATFinalRule: Sendable, Hashable {
    /// The line, or its beginning when ``isPrefix``.
    public var text: String
    /// Whether lines that merely start with ``text`` match (SIMCom `DATA ACCEPT:<n>`).
    public var isPrefix: Bool
    /// Whether the result means success.
    public var isSuccess: Bool

    /// Creates a rule.
    /// - Parameters:
    ///   - text: the line, or its beginning.
    ///   - isPrefix: whether lines starting with `text` match too. Default: false.
    ///   - isSuccess: whether the result means success.
    public init(_ text: String, isPrefix: Bool = false, isSuccess: Bool) {
        self.text = text
        self.isPrefix = isPrefix
        self.isSuccess = isSuccess
    }

    /// Whether `line` is this final result.
    /// - Parameter line: a received line.
    /// - Returns: true on a match.
    public func matches(_ line: String) -> Bool { isPrefix ? line.hasPrefix(text) : line == text }
}

extension ATFinal {
    /// Classifies a line as a final result code, or nil when it is not one.
    ///
    /// The dialect's `extra` rules are tried first, so a dialect can claim a line.
    /// - Parameters:
    ///   - line: a received line.
    ///   - extra: the dialect's and the command's additional final results.
    /// - Returns: the final result, or nil.
    public static func classify(_ line: String, extra: [ATFinalRule] = []) -> ATFinal? {
        if let rule = extra.first(where: { $0.matches(line) }) { return .dialect(line, isSuccess: rule.isSuccess) }
        switch line {
        case "OK": return .ok
        case "ERROR": return .error
        case "NO CARRIER": return .noCarrier
        case "BUSY": return .busy
        case "NO ANSWER": return .noAnswer
        case "NO DIALTONE": return .noDialtone
        case "CONNECT": return .connect(nil)
        default: break
        }
        if line.hasPrefix("CONNECT ") { return .connect(String(line.dropFirst("CONNECT ".count))) }
        if let code = errorCode(line, prefix: "+CME ERROR:") { return .cmeError(code) }
        if let code = errorCode(line, prefix: "+CMS ERROR:") { return .cmsError(code) }
        return nil
    }

    private static func errorCode(_ line: String, prefix: String) -> ATErrorCode? {
        guard line.hasPrefix(prefix) else { return nil }
        let text = String(line.dropFirst(prefix.count).drop { $0 == " " })
        if let number = Int(text) { return .numeric(number) }
        return .verbose(text)
    }
}
