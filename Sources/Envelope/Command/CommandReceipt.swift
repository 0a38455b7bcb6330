// SensorGate — Envelope: what the gateway does with received command bytes.

/// The result of ``CommandVerifier/receive(_:identity:)``: the command to apply, or why it was
/// refused, and the acknowledgement to send back, if any.
public struct CommandReceipt: Sendable {
    /// The accepted command, to apply; nil when refused.
    public let command: SignedCommand?
    /// Why the bytes were refused; nil when accepted.
    public let rejection: CommandRejection?
    /// The acknowledgement to publish: `accepted`, or `rejected` for a command the operator signed;
    /// nil for bytes the operator did not sign.
    public let ack: CommandAck?
}

/// How many commands a gateway accepted and refused, by kind.
public struct CommandCounters: Sendable, Equatable {
    /// Commands accepted.
    public var accepted = 0
    /// Refusals by kind.
    public var rejected: [CommandRejection.Kind: Int] = [:]

    /// All refusals.
    public var totalRejected: Int { rejected.values.reduce(0, +) }
}
