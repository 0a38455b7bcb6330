// SensorGate — Uplink/CoAP: transmission parameters (RFC 7252 §4.8) and the block size.

/// The client's transmission parameters. The defaults are RFC 7252 §4.8's; ``nbIoT`` stretches the
/// timeout for NB-IoT's round trips.
public struct CoAPSettings: Sendable, Equatable {
    /// ACK_TIMEOUT: the initial wait for an acknowledgement (default 2 s).
    public var ackTimeout: Duration
    /// ACK_RANDOM_FACTOR: the initial wait is drawn uniformly from ackTimeout × [1, factor] (default 1.5).
    public var ackRandomFactor: Double
    /// MAX_RETRANSMIT: retransmissions before giving up (default 4), each after twice the previous wait.
    public var maxRetransmit: Int
    /// The Block1 size for payloads larger than one datagram: 16 … 1024, a power of two (default 1024,
    /// see docs/uplink.md: 1024 + about 60 bytes of CoAP, UDP and IPv4 headers fit the 1280-byte MTU
    /// that NB-IoT networks provide without IP fragmentation, and half the blocks means half the
    /// round trips, which dominate on NB-IoT).
    public var blockSize: Int
    /// EXCHANGE_LIFETIME: how long a message ID is remembered for de-duplication, and the longest wait
    /// for a separate response after an empty ACK (default 247 s).
    public var exchangeLifetime: Duration
    /// How many times a 4.13 (Request Entity Too Large) may make the client renegotiate the block size
    /// before it gives up (default 4).
    public var maxRenegotiations: Int

    /// Creates settings; the defaults are documented on each property.
    public init(
        ackTimeout: Duration = .seconds(2), ackRandomFactor: Double = 1.5, maxRetransmit: Int = 4,
        blockSize: Int = 1024, exchangeLifetime: Duration = .seconds(247), maxRenegotiations: Int = 4
    ) {
        self.ackTimeout = ackTimeout
        self.ackRandomFactor = max(1, ackRandomFactor)
        self.maxRetransmit = max(0, maxRetransmit)
        self.blockSize = CoAPBlock.szx(forSize: blockSize) == nil ? 1024 : blockSize
        self.exchangeLifetime = exchangeLifetime
        self.maxRenegotiations = max(0, maxRenegotiations)
    }

    /// NB-IoT: round trips of several seconds in coverage-enhancement modes, so ACK_TIMEOUT 10 s (a CON
    /// is given up after 10 × 1.5 × (2⁵ − 1) ≈ 465 s at worst) and EXCHANGE_LIFETIME sized to match.
    public static let nbIoT = CoAPSettings(ackTimeout: .seconds(10), exchangeLifetime: .seconds(1_000))
}
