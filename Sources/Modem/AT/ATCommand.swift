// SensorGate — Modem: the description of one AT command, supplied by a dialect.

/// One AT command and everything the engine needs to tell its answer from other traffic.
///
/// Dialect facts (prefixes, timeouts, extra final results) enter here as data.
public struct ATCommand: Sendable {
    /// The command line without its CR, such as `AT+CSQ`.
    public var text: String
    /// The information responses that belong to this command (`+CSQ:`).
    public var responses: [ATLineMatcher]
    /// Whether lines matching no response, URC or final belong to the command (`ATI`, `AT+CGSN`).
    public var acceptsOtherLines: Bool
    /// How long the final result may take after the command is written.
    public var timeout: Duration
    /// Bytes written after the `>` prompt (with a Ctrl-Z where the dialect needs one), or nil.
    public var payload: [UInt8]?
    /// The raw bytes announced by a response line (`+QIRD: <n>`), or nil.
    public var payloadRead: ATPayloadRule?
    /// The later result of a two-phase command, or nil.
    public var deferred: ATDeferredResult?
    /// Final results this command adds to the dialect's (`SEND OK`, `SEND FAIL`).
    public var extraFinals: [ATFinalRule]

    /// Creates a command.
    /// - Parameters:
    ///   - text: the command line without its CR.
    ///   - responses: the information responses that belong to it. Default: none.
    ///   - acceptsOtherLines: whether unmatched lines belong to it. Default: false.
    ///   - timeout: the longest wait for the final result. Default: 300 ms (V.250's usual bound).
    ///   - payload: bytes to write after the prompt. Default: none.
    ///   - payloadRead: the rule for raw bytes announced in a response. Default: none.
    ///   - deferred: the later result of a two-phase command. Default: none.
    ///   - extraFinals: command-specific final results. Default: none.
    public init(
        _ text: String, responses: [ATLineMatcher] = [], acceptsOtherLines: Bool = false,
        timeout: Duration = .milliseconds(300), payload: [UInt8]? = nil, payloadRead: ATPayloadRule? = nil,
        deferred: ATDeferredResult? = nil, extraFinals: [ATFinalRule] = []
    ) {
        self.text = text
        self.responses = responses
        self.acceptsOtherLines = acceptsOtherLines
        self.timeout = timeout
        self.payload = payload
        self.payloadRead = payloadRead
        self.deferred = deferred
        self.extraFinals = extraFinals
    }
}

/// The second result of a two-phase command: `OK` at once, then (up to minutes later) a line such as
/// `+QIOPEN: 0,0`.
public struct ATDeferredResult: Sendable {
    /// The line that completes the command.
    public var matcher: ATLineMatcher
    /// How long it may take after the first `OK`.
    public var timeout: Duration

    /// Creates a deferred result.
    /// - Parameters:
    ///   - matcher: the completing line, as specific as the dialect can make it (`+QIOPEN: 0,`).
    ///   - timeout: the longest wait after the first `OK`.
    public init(_ matcher: ATLineMatcher, timeout: Duration) {
        self.matcher = matcher
        self.timeout = timeout
    }
}

/// Raw bytes announced by a line: `+QIRD: 5` is followed by exactly 5 bytes of data.
public struct ATPayloadRule: Sendable {
    /// The lines that announce bytes.
    public var prefix: String
    /// The announced byte count of a matching line, or nil when it announces none.
    public var byteCount: @Sendable (String) -> Int?
    /// The comma after which the data follows on the same line (SIMCom `+CARECV: <len>,<data>`), or nil
    /// when the data follows the line's end.
    public var inlineAfterComma: Int?

    /// Creates a rule.
    /// - Parameters:
    ///   - prefix: the announcing lines' prefix.
    ///   - inlineAfterComma: the comma after which the data follows on the same line. Default: nil.
    ///   - byteCount: the count announced by a line starting with `prefix`.
    public init(prefix: String, inlineAfterComma: Int? = nil, byteCount: @escaping @Sendable (String) -> Int?) {
        self.prefix = prefix
        self.inlineAfterComma = inlineAfterComma
        self.byteCount = byteCount
    }

    /// The count is the field at `index` (from 0) after `prefix`: `field(0, after: "+QIRD:")`.
    /// - Parameters:
    ///   - index: the field's position.
    ///   - prefix: the announcing lines' prefix.
    /// - Returns: the rule.
    public static func field(_ index: Int, after prefix: String) -> ATPayloadRule {
        ATPayloadRule(prefix: prefix) { line in
            let fields = ATText.fields(of: line, after: prefix)
            return fields.indices.contains(index) ? Int(fields[index]) : nil
        }
    }

    /// The count is the last field before the data, which follows the `index + 1`-th comma on the same
    /// line: `inline(0, after: "+CARECV:")` reads `+CARECV: 5,hello` as 5 bytes `hello`.
    /// - Parameters:
    ///   - index: the count's position (from 0); the data follows the comma after it.
    ///   - prefix: the announcing lines' prefix.
    /// - Returns: the rule.
    public static func inline(_ index: Int, after prefix: String) -> ATPayloadRule {
        ATPayloadRule(prefix: prefix, inlineAfterComma: index + 1) { line in
            let fields = ATText.fields(of: line, after: prefix)
            return fields.indices.contains(index) ? Int(fields[index]) : nil
        }
    }
}
