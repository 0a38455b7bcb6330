// SensorGate — ModbusRTU: what the client saw on the line.

/// Counters of one RTU line (all from the client's start).
public struct ModbusRTUCounters: Sendable, Hashable, Codable {
    /// Requests sent (each try counts).
    public var requests = 0
    /// Valid responses received (exception responses included).
    public var responses = 0
    /// Exception responses received.
    public var exceptions = 0
    /// Tries that got no complete response in time.
    public var timeouts = 0
    /// Frames whose CRC did not match.
    public var crcErrors = 0
    /// Frames too short, from another address, or not an answer to the request.
    public var malformedFrames = 0
    /// Bytes on the line that belonged to no request (discarded before sending).
    public var garbageBytes = 0
    /// Tries repeated after a timeout or a bad frame.
    public var retries = 0
    /// Requests that failed after every try.
    public var failures = 0

    /// All zero.
    public init() {}
}
