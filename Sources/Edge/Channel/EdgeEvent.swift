// SensorGate — Edge: events and alarms, the first-class output the uplink sends ahead of bulk data.

/// What happened.
public enum EdgeEventKind: String, Sendable, Hashable, CaseIterable {
    /// The value rose above the high limit.
    case highLimit = "high-limit"
    /// The value fell below the low limit.
    case lowLimit = "low-limit"
    /// The value changes faster than the rate limit.
    case rateOfChange = "rate-of-change"
    /// The vibration features left their learnt normal.
    case anomaly
    /// A condition of one of the kinds above ended (the event's `cleared` kind says which).
    case cleared
}

/// How urgently the uplink should send it; every event goes ahead of bulk data, higher first.
public enum EdgeEventSeverity: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// Informational (a condition cleared).
    case info = 0
    /// A warning.
    case warning = 1
    /// An alarm.
    case alarm = 2

    /// Orders by urgency.
    public static func < (a: EdgeEventSeverity, b: EdgeEventSeverity) -> Bool { a.rawValue < b.rawValue }
}

/// One event: a value type with no references, so it can be queued and sent without allocation.
public struct EdgeEvent: Sendable, Hashable {
    /// The channel's number in the board file's channel list.
    public var channel: Int
    /// When it happened: the timestamp of the sample that caused it, nanoseconds on the sampler's clock.
    public var timestampNs: Int64
    /// What happened.
    public var kind: EdgeEventKind
    /// For `.cleared`: the kind of condition that ended.
    public var clearedKind: EdgeEventKind?
    /// How urgent.
    public var severity: EdgeEventSeverity
    /// The value that caused it (the rate for rate-of-change, the score for an anomaly), in the channel's unit.
    public var value: Double
    /// The limit it crossed.
    public var limit: Double

    /// Creates an event.
    /// - Parameters:
    ///   - channel: channel number.
    ///   - timestampNs: time of the sample.
    ///   - kind: what happened.
    ///   - clearedKind: for `.cleared`, what ended.
    ///   - severity: urgency.
    ///   - value: the value.
    ///   - limit: the limit.
    public init(
        channel: Int, timestampNs: Int64, kind: EdgeEventKind, clearedKind: EdgeEventKind? = nil,
        severity: EdgeEventSeverity, value: Double, limit: Double
    ) {
        self.channel = channel
        self.timestampNs = timestampNs
        self.kind = kind
        self.clearedKind = clearedKind
        self.severity = severity
        self.value = value
        self.limit = limit
    }
}
