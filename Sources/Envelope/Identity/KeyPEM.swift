// SensorGate — Envelope: Ed25519 keys as PEM files (RFC 8410), readable by OpenSSL.

import Foundation

/// Ed25519 keys in the standard PEM forms of RFC 8410: the private key as PKCS #8
/// (`-----BEGIN PRIVATE KEY-----`) and the public key as SubjectPublicKeyInfo
/// (`-----BEGIN PUBLIC KEY-----`). For Ed25519 both DER forms are a fixed prefix and the 32 key
/// bytes, so `openssl pkey -in device.key -pubout` reads our files and we read OpenSSL's
/// (`openssl genpkey -algorithm ed25519`).
enum KeyPEM {
    /// SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32) } }.
    static let privatePrefix: [UInt8] = [
        0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]
    /// SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (0 unused bits, 32 bytes) }.
    static let publicPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// The PEM text of a 32-byte private key seed.
    static func privateKey(_ seed: [UInt8]) -> [UInt8] { armor(privatePrefix + seed, label: "PRIVATE KEY") }

    /// The PEM text of a 32-byte public key.
    static func publicKey(_ key: [UInt8]) -> [UInt8] { armor(publicPrefix + key, label: "PUBLIC KEY") }

    /// The 32 seed bytes of a private key PEM, or nil when it is not an Ed25519 PKCS #8 key.
    static func parsePrivateKey(_ text: [UInt8]) -> [UInt8]? {
        unarmor(text, label: "PRIVATE KEY", prefix: privatePrefix)
    }

    /// The 32 bytes of a public key PEM, or nil when it is not an Ed25519 SubjectPublicKeyInfo.
    static func parsePublicKey(_ text: [UInt8]) -> [UInt8]? { unarmor(text, label: "PUBLIC KEY", prefix: publicPrefix) }

    private static func armor(_ der: [UInt8], label: String) -> [UInt8] {
        let base64 = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return Array("-----BEGIN \(label)-----\n\(base64)\n-----END \(label)-----\n".utf8)
    }

    private static func unarmor(_ text: [UInt8], label: String, prefix: [UInt8]) -> [UInt8]? {
        guard let string = String(validating: text, as: UTF8.self) else { return nil }
        let lines = string.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard lines.count >= 3, lines.first == "-----BEGIN \(label)-----", lines.last == "-----END \(label)-----",
            let der = Data(base64Encoded: lines.dropFirst().dropLast().joined())
        else { return nil }
        let bytes = Array(der)
        guard bytes.count == prefix.count + 32, bytes.starts(with: prefix) else { return nil }
        return Array(bytes.suffix(32))
    }
}
