// SensorGate — Envelope: a device's Ed25519 identity.

import Crypto
import Foundation

/// A device's identity: its Ed25519 signing key pair and the ``DeviceID`` derived from the public key.
///
/// The private key never leaves this value except to ``save(to:replacing:)``: `description`,
/// `debugDescription` and `dump` show the device ID only, so the key cannot reach a log by accident.
///
/// `@unchecked Sendable`: every stored property is a `let`, and swift-crypto's key types are
/// immutable values (their storage is written once, in their initialiser), which swift-crypto 3.12
/// does not yet declare `Sendable` on Linux.
public struct DeviceIdentity: @unchecked Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The file name of the private key inside an identity folder (PKCS #8 PEM, mode 0600).
    public static let privateKeyFile = "device.key"
    /// The file name of the public key inside an identity folder (SubjectPublicKeyInfo PEM, mode 0644).
    public static let publicKeyFile = "device.pub"

    let signingKey: Curve25519.Signing.PrivateKey
    /// The public key, which the collector registers.
    public let publicKey: Curve25519.Signing.PublicKey
    /// The device ID, derived from ``publicKey``.
    public let deviceID: DeviceID

    /// A new identity from the system's secure random generator.
    public static func generate() -> DeviceIdentity {
        DeviceIdentity(signingKey: Curve25519.Signing.PrivateKey())
    }

    init(signingKey: Curve25519.Signing.PrivateKey) {
        self.signingKey = signingKey
        publicKey = signingKey.publicKey
        deviceID = DeviceID(publicKey: publicKey)
    }

    /// The identity whose private key is the 32-byte Ed25519 seed `seed` (RFC 8032); for tests and
    /// for keys provisioned by other tools.
    /// - Throws: ``IdentityError/Kind/malformed`` unless `seed` has 32 bytes.
    public init(seed: [UInt8]) throws(IdentityError) {
        do {
            self.init(signingKey: try Curve25519.Signing.PrivateKey(rawRepresentation: seed))
        } catch {
            throw IdentityError(.malformed, "an Ed25519 private key is 32 bytes, not \(seed.count)")
        }
    }

    /// Signs `message` with the device's private key (Ed25519, 64 bytes).
    func signature(for message: [UInt8]) throws(EnvelopeError) -> [UInt8] {
        do {
            return Array(try signingKey.signature(for: message))
        } catch {
            throw EnvelopeError(.invalidInput, "signing failed: \(error)")
        }
    }

    /// `DeviceIdentity(<device ID>)`; never the key.
    public var description: String { "DeviceIdentity(\(deviceID))" }

    /// The same as ``description``.
    public var debugDescription: String { description }

    /// Only the device ID, so `dump` cannot print the key.
    public var customMirror: Mirror { Mirror(self, children: ["deviceID": deviceID]) }
}
