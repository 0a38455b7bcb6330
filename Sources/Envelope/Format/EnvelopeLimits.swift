// SensorGate — Envelope: what a parser accepts.

/// Caller-given limits a parser checks before it uses a field.
public struct EnvelopeLimits: Sendable, Equatable {
    /// The largest payload, in bytes (a batch of the codec's largest size fits the default).
    public var maxPayloadBytes: Int

    /// 8 MiB payloads at most.
    public static let `default` = EnvelopeLimits(maxPayloadBytes: 8 << 20)

    /// Creates limits; `maxPayloadBytes` is clamped to 0 ... 2³¹ − 1.
    public init(maxPayloadBytes: Int) {
        self.maxPayloadBytes = min(max(0, maxPayloadBytes), Int(Int32.max))
    }
}
