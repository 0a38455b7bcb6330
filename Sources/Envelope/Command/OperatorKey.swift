// SensorGate — Envelope: the operator's signing key for downlink commands.

import Crypto

/// The operator's Ed25519 key, which signs downlink commands. Its files are the ones
/// `sensorgate keygen` writes (PKCS #8 PEM, mode 0600; the public key as SubjectPublicKeyInfo PEM),
/// so an operator key is made like a device identity. `description` never shows the key.
///
/// `@unchecked Sendable`: its stored properties are `let` swift-crypto key values, immutable, which
/// swift-crypto 3.12 does not yet declare `Sendable` on Linux.
public struct OperatorKey: @unchecked Sendable, CustomStringConvertible, CustomReflectable {
    let signingKey: Curve25519.Signing.PrivateKey
    /// The public key, which gateways are configured with.
    public let publicKey: Curve25519.Signing.PublicKey

    /// The key whose 32-byte Ed25519 seed is `seed` (RFC 8032).
    /// - Throws: ``IdentityError/Kind/malformed`` unless `seed` has 32 bytes.
    public init(seed: [UInt8]) throws(IdentityError) {
        do {
            signingKey = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        } catch {
            throw IdentityError(.malformed, "an Ed25519 private key is 32 bytes, not \(seed.count)")
        }
        publicKey = signingKey.publicKey
    }

    /// Reads a private key file (`device.key` of a `sensorgate keygen` folder, or OpenSSL's
    /// `openssl genpkey -algorithm ed25519`).
    /// - Throws: ``IdentityError/Kind/notFound``, ``IdentityError/Kind/insecurePermissions`` when
    ///   group or others may read or write it, ``IdentityError/Kind/malformed``.
    public static func load(file path: String) throws(IdentityError) -> OperatorKey {
        let text = try SecretFile.load(path, secret: true)
        guard let seed = KeyPEM.parsePrivateKey(text) else {
            throw IdentityError(
                .malformed, "\(path): not an Ed25519 private key (PKCS #8 PEM); create one with sensorgate keygen")
        }
        return try OperatorKey(seed: seed)
    }

    /// Signs `message` (Ed25519, 64 bytes).
    func signature(for message: [UInt8]) throws(CommandRejection) -> [UInt8] {
        do {
            return Array(try signingKey.signature(for: message))
        } catch {
            throw CommandRejection(.invalidInput, "signing failed: \(error)")
        }
    }

    /// `OperatorKey(<ID of the public key>)`; never the key.
    public var description: String { "OperatorKey(\(DeviceID(publicKey: publicKey)))" }

    /// No children, so `dump` cannot print the key.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
