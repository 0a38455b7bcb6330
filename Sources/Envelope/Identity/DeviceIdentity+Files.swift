// SensorGate — Envelope: saving and loading a device identity folder.

import Crypto
import Foundation

extension DeviceIdentity {
    /// Saves the identity in `directory` (created with mode 0700 if missing): the private key as
    /// ``privateKeyFile`` with mode 0600 from the moment it exists, and the public key as
    /// ``publicKeyFile`` with mode 0644.
    /// - Parameter replacing: false (the default) refuses to overwrite an existing private key.
    /// - Throws: ``IdentityError/Kind/exists`` when the key exists and `replacing` is false;
    ///   ``IdentityError/Kind/io`` when the system refuses a file operation.
    public func save(to directory: String, replacing: Bool = false) throws(IdentityError) {
        try SecretFile.ensureDirectory(directory)
        let seed = Array(signingKey.rawRepresentation)
        try SecretFile.store(
            KeyPEM.privateKey(seed), to: Self.path(directory, Self.privateKeyFile), mode: 0o600, replacing: replacing,
            consequence: " (the device ID changes)")
        try SecretFile.store(
            KeyPEM.publicKey(Array(publicKey.rawRepresentation)), to: Self.path(directory, Self.publicKeyFile),
            mode: 0o644, replacing: true)
    }

    /// Loads the identity saved in `directory` by ``save(to:replacing:)`` (or an Ed25519 PKCS #8 PEM
    /// from OpenSSL). Only the private key is read; the public key and the ID are derived from it.
    /// - Throws: ``IdentityError/Kind/notFound``, ``IdentityError/Kind/insecurePermissions`` when
    ///   group or others may read or write the key, ``IdentityError/Kind/malformed``.
    public static func load(from directory: String) throws(IdentityError) -> DeviceIdentity {
        let path = path(directory, privateKeyFile)
        let text = try SecretFile.load(path, secret: true)
        guard let seed = KeyPEM.parsePrivateKey(text) else {
            throw IdentityError(
                .malformed, "\(path): not an Ed25519 private key (PKCS #8 PEM); create one with sensorgate keygen")
        }
        return try DeviceIdentity(seed: seed)
    }

    /// Reads a public key file (``publicKeyFile`` of an identity folder, or OpenSSL's
    /// `openssl pkey -pubout` of an Ed25519 key), for the collector's registry.
    /// - Throws: ``IdentityError/Kind/notFound``, ``IdentityError/Kind/malformed``.
    public static func loadPublicKey(file path: String) throws(IdentityError) -> Curve25519.Signing.PublicKey {
        let text = try SecretFile.load(path, secret: false)
        guard let raw = KeyPEM.parsePublicKey(text),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else {
            throw IdentityError(.malformed, "\(path): not an Ed25519 public key (SubjectPublicKeyInfo PEM)")
        }
        return key
    }

    private static func path(_ directory: String, _ file: String) -> String {
        directory.hasSuffix("/") ? directory + file : directory + "/" + file
    }
}
