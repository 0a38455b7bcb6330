// SensorGate — Envelope: writing a public key file, for a rotated device key.

import Crypto

extension DeviceIdentity {
    /// Writes `publicKey` as SubjectPublicKeyInfo PEM (what ``publicKeyFile`` holds), mode 0644, so
    /// the collector can register a device's new key after a `rotateKey` command.
    /// - Throws: ``IdentityError/Kind/exists`` when `path` exists; ``IdentityError/Kind/io``.
    public static func savePublicKey(_ publicKey: Curve25519.Signing.PublicKey, to path: String) throws(IdentityError) {
        try SecretFile.store(
            KeyPEM.publicKey(Array(publicKey.rawRepresentation)), to: path, mode: 0o644, replacing: false)
    }
}
