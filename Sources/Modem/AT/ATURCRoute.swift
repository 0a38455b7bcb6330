// SensorGate — Modem: the registry entry that sends an unsolicited result code to its consumer.

/// Sends lines matching ``matcher`` (when they are not a pending command's answer) to ``consumer``.
public struct ATURCRoute: Sendable {
    /// The lines routed.
    public var matcher: ATLineMatcher
    /// Who takes them.
    public var consumer: ATConsumer
    /// The raw bytes such a line announces (direct-push data), or nil.
    public var payload: ATPayloadRule?
    /// Whether such a line says the module restarted, so that no command pending then will ever be
    /// answered: they end at once as ``ATStatus/interrupted(_:)`` instead of waiting out their timeouts.
    public var restartsModule: Bool

    /// Creates a route.
    /// - Parameters:
    ///   - matcher: the lines routed, such as `.prefix("+CEREG:")`.
    ///   - consumer: who takes them.
    ///   - payload: the raw bytes a line announces. Default: none.
    ///   - restartsModule: whether the line is a boot line that voids pending commands. Default: false.
    public init(
        _ matcher: ATLineMatcher, to consumer: ATConsumer, payload: ATPayloadRule? = nil, restartsModule: Bool = false
    ) {
        self.matcher = matcher
        self.consumer = consumer
        self.payload = payload
        self.restartsModule = restartsModule
    }
}

/// Settings of an ``ATEngine``, from the dialect.
public struct ATEngineConfiguration: Sendable {
    /// Whether the modem echoes commands (`ATE1`); the echo is then recognised and dropped.
    public var echo: Bool
    /// Final results the dialect adds to the standard ones.
    public var extraFinals: [ATFinalRule]
    /// The URC registry, tried in order.
    public var routes: [ATURCRoute]
    /// The longest line kept.
    public var maxLineBytes: Int
    /// The largest payload piece.
    public var maxPayloadBytes: Int

    /// Creates settings.
    /// - Parameters:
    ///   - echo: whether the modem echoes commands. Default: false (`ATE0`).
    ///   - extraFinals: the dialect's additional final results. Default: none.
    ///   - routes: the URC registry. Default: empty.
    ///   - maxLineBytes: the longest line kept. Default: 4096.
    ///   - maxPayloadBytes: the largest payload piece. Default: 65536.
    public init(
        echo: Bool = false, extraFinals: [ATFinalRule] = [], routes: [ATURCRoute] = [], maxLineBytes: Int = 4096,
        maxPayloadBytes: Int = 65536
    ) {
        self.echo = echo
        self.extraFinals = extraFinals
        self.routes = routes
        self.maxLineBytes = maxLineBytes
        self.maxPayloadBytes = maxPayloadBytes
    }
}
