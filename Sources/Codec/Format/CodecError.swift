// SensorGate — Codec: the one error type of the batch codec.

/// Why a batch could not be encoded or decoded.
///
/// Every decoding failure is one of these, never a trap: the decoder checks each count and length
/// against the bytes that remain and against ``DecodeLimits`` before it allocates.
public struct CodecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The portable classification that callers switch on.
    public enum Kind: String, Sendable, Equatable {
        /// The input ended before the batch did.
        case truncated
        /// The bytes are not a valid batch (a field out of range, a value that overflows, trailing bytes).
        case corrupt
        /// The batch names a format version or a feature bit this decoder does not know.
        case unsupportedVersion
        /// A count in the batch exceeds a documented or caller-given limit.
        case limitExceeded
        /// A delta batch arrived without its predecessor; wait for the next key batch.
        case missingPredecessor
        /// The caller's batch does not match the stream layout (encoder side).
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
