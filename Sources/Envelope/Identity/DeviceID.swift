// SensorGate — Envelope: the stable device ID derived from a device's public key.

import Crypto

/// A device's stable identifier: the first 10 bytes (80 bits) of SHA-256 over the raw 32-byte
/// Ed25519 public key. Written as 16 characters of lower-case base32 (RFC 4648, no padding), for
/// example `k3x7q2m4a9...`; carried as the 10 raw bytes in every envelope (docs/envelope.md §2).
///
/// This type is the one code path from a key to an ID: `keygen`, the envelope writer and the
/// verifier's registry all use ``init(publicKey:)``.
public struct DeviceID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The number of bytes of an ID.
    public static let byteCount = 10
    /// The number of characters of its text form.
    public static let textLength = 16

    /// The ID's bytes (exactly ``byteCount``).
    public let bytes: [UInt8]

    /// The ID of the device whose signing key has `publicKey`.
    public init(publicKey: Curve25519.Signing.PublicKey) {
        bytes = Array(SHA256.hash(data: publicKey.rawRepresentation).prefix(Self.byteCount))
    }

    /// An ID from its bytes, as read from an envelope; nil unless exactly ``byteCount`` bytes.
    public init?<Bytes: Collection<UInt8>>(bytes: Bytes) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = Array(bytes)
    }

    /// An ID from its text form (either case); nil when it is not 16 base32 characters.
    public init?(_ text: String) {
        guard let bytes = Base32.decode(text, count: Self.byteCount) else { return nil }
        self.bytes = bytes
    }

    /// The text form: 16 lower-case base32 characters.
    public var description: String { Base32.encode(bytes) }

    /// Orders IDs by their bytes.
    public static func < (lhs: DeviceID, rhs: DeviceID) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    /// Encodes as the text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Decodes the text form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = DeviceID(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\(text) is not a device ID (16 base32 characters)")
        }
        self = id
    }
}
