// SensorGate — Envelope: what the verifier accepted and why it refused the rest.

/// The verifier's counts: envelopes accepted, and envelopes refused by ``EnvelopeError/Kind``
/// (malformed input, unknown devices, bad signatures, replays, stale sequence numbers, ...).
public struct VerifierCounters: Sendable, Equatable, Codable {
    /// Envelopes accepted.
    public internal(set) var accepted = 0
    /// Envelopes refused, by kind; a kind that never happened is absent.
    public internal(set) var rejected: [EnvelopeError.Kind: Int] = [:]

    /// No counts yet.
    public init() {}

    /// The number of envelopes refused as `kind`.
    public func rejections(_ kind: EnvelopeError.Kind) -> Int { rejected[kind, default: 0] }

    /// All envelopes refused.
    public var totalRejected: Int { rejected.values.reduce(0, +) }

    mutating func count(_ kind: EnvelopeError.Kind) { rejected[kind, default: 0] += 1 }
}
