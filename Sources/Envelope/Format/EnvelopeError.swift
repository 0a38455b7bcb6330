// SensorGate — Envelope: the one error type of envelope parsing, sealing and verification.

/// Why an envelope could not be built, parsed or accepted.
///
/// Every failure on received bytes is one of these, never a trap: the parser checks each field
/// against the bytes that remain and against ``EnvelopeLimits`` before it uses it.
public struct EnvelopeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The portable classification that callers switch on (and the verifier counts).
    public enum Kind: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
        /// The input ended before the envelope did.
        case truncated
        /// The bytes are not a valid envelope (a field out of range, trailing bytes).
        case corrupt
        /// The envelope names a format version or protection this parser does not know.
        case unsupportedVersion
        /// A field exceeds a documented or caller-given limit (payload length).
        case limitExceeded
        /// The device ID is not registered with the verifier.
        case unknownDevice
        /// The envelope's protection (signed or sealed) is not the one registered for the device.
        case protectionMismatch
        /// The signature (or, for a sealed envelope, the authentication tag) does not verify.
        case badSignature
        /// The device already delivered this stream and sequence number: a replay.
        case replay
        /// The sequence number is below the replay window of its stream: too late to tell, so refused.
        case stale
        /// The caller's values do not fit the format (sender side).
        case invalidInput
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
