// SensorGate — Uplink/CoAP: the one error type of the CoAP codec and endpoints.

/// Why a CoAP message could not be parsed, or an exchange did not complete.
public struct CoAPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The portable classification.
    public enum Kind: String, Sendable, Equatable {
        /// The datagram is not a valid CoAP message (RFC 7252 §3: short header, bad version, token
        /// length above 8, a reserved option nibble 15, an option running past the end, a payload
        /// marker with no payload).
        case malformed
        /// No acknowledgement after the last retransmission (MAX_RETRANSMIT), or no separate response
        /// in time.
        case timeout
        /// The server answered with a Reset.
        case reset
        /// The server answered with an error code (4.xx or 5.xx) the client cannot recover from.
        case rejected
        /// The caller's request does not fit (a payload above the block-wise limit, an option too long).
        case invalidInput
        /// A socket call failed.
        case io
    }

    /// The classification.
    public let kind: Kind
    /// What exactly was wrong, for people.
    public let detail: String

    /// Creates an error of `kind` with a human-readable `detail`.
    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// `kind: detail`.
    public var description: String { "\(kind.rawValue): \(detail)" }
}
