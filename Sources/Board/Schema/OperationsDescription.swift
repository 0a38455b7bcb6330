// SensorGate — Board: the `metrics:` and `watchdog:` sections: how a deployed gateway is watched.

/// The Prometheus endpoint (`metrics:`).
public struct MetricsDescription: Sendable, Hashable {
    /// Where to serve `GET /metrics`, `HOST:PORT` (`listen:`). Default `127.0.0.1:9464` (Prometheus'
    /// registered port for exporters of this kind; local only — put a reverse proxy in front to expose it).
    public var listen = "127.0.0.1:9464"
    /// The host part of ``listen``.
    public var host: String { String(listen[..<(listen.lastIndex(of: ":") ?? listen.endIndex)]) }
    /// The port part of ``listen``.
    public var port: Int { listen.lastIndex(of: ":").flatMap { Int(listen[listen.index(after: $0)...]) } ?? 9464 }
    /// Where the section is.
    public var location: SourceLocation?

    /// The defaults.
    public init() {}
}

/// The watchdogs (`watchdog:`).
public struct WatchdogDescription: Sendable, Hashable {
    /// The hardware watchdog device (`device:`), such as `/dev/watchdog`. Default: none.
    public var device: String?
    /// The countdown to ask the device for (`timeout:`). Default 30 s.
    public var timeout: Duration = .seconds(30)
    /// How long the sampler or the uplink stage may make no progress before the kicks stop
    /// (`stall-timeout:`). Default 10 s.
    public var stallTimeout: Duration = .seconds(10)
    /// Whether to speak systemd's notify protocol when started by systemd (`systemd:`). Default true.
    public var systemd = true
    /// Where the section is.
    public var location: SourceLocation?

    /// The defaults.
    public init() {}
}
