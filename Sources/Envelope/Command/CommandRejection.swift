// SensorGate — Envelope: why a downlink command (or its acknowledgement) was refused.

/// Why a signed command was refused by the gateway, or an acknowledgement by the operator
/// (docs/envelope.md §7). Every refusal of received bytes is one of these, never a trap.
public struct CommandRejection: Error, Equatable, Sendable, CustomStringConvertible {
    /// The portable classification; its ``code`` travels in a `rejected` acknowledgement.
    public enum Kind: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
        /// The bytes end early, have a field out of range or bytes after the end.
        case malformed
        /// The magic byte names another format or version.
        case unsupportedVersion
        /// The command type (or a field of it) is not one this gateway knows.
        case unsupportedCommand
        /// The command is addressed to another device (or the acknowledgement comes from one).
        case wrongDevice
        /// The signature does not verify with any configured operator key (or the device key).
        case badSignature
        /// The command's expiry time has passed.
        case expired
        /// The command's issue time is further in the future than the allowed clock skew.
        case notYetValid
        /// The sequence number is not above the last accepted one: a replay or an old command.
        case replay
        /// The sender's values do not fit the format (sender side).
        case invalidInput

        /// The one-byte code of the kind in an acknowledgement (docs/envelope.md §7.4).
        public var code: UInt8 {
            switch self {
            case .malformed: 1
            case .unsupportedVersion: 2
            case .unsupportedCommand: 3
            case .wrongDevice: 4
            case .badSignature: 5
            case .expired: 6
            case .notYetValid: 7
            case .replay: 8
            case .invalidInput: 9
            }
        }

        /// The kind of `code`, or nil for an unknown code.
        public init?(code: UInt8) {
            guard let kind = Self.allCases.first(where: { $0.code == code }) else { return nil }
            self = kind
        }
    }

    /// The classification.
    public let kind: Kind
    /// What exactly was wrong, naming the device or the field, for people.
    public let detail: String

    /// Creates a rejection of `kind` with a human-readable `detail`.
    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// `kind: detail`.
    public var description: String { "\(kind.rawValue): \(detail)" }
}
