// SensorGate — Envelope: the symmetric key provisioned for sealed envelopes.

import Crypto
import Foundation

/// A 256-bit ChaCha20-Poly1305 key provisioned for one device (never shared between devices: the
/// nonce is built from the stream ID and sequence number, which are unique per device only).
///
/// Its file is one line of 64 hexadecimal digits, mode 0600. `description` never shows the key.
///
/// `@unchecked Sendable`: its one stored property is a `let` `SymmetricKey`, an immutable value that
/// swift-crypto 3.12 does not yet declare `Sendable` on Linux.
public struct SealingKey: @unchecked Sendable, CustomStringConvertible, CustomReflectable {
    let key: SymmetricKey

    /// A new key from the system's secure random generator.
    public static func generate() -> SealingKey { SealingKey(key: SymmetricKey(size: .bits256)) }

    init(key: SymmetricKey) { self.key = key }

    /// A key from its 32 bytes.
    /// - Throws: ``IdentityError/Kind/malformed`` unless `bytes` has 32 bytes.
    public init(bytes: [UInt8]) throws(IdentityError) {
        guard bytes.count == 32 else {
            throw IdentityError(.malformed, "a sealing key is 32 bytes, not \(bytes.count)")
        }
        key = SymmetricKey(data: bytes)
    }

    /// Reads a key file written by ``save(to:replacing:)``.
    /// - Throws: ``IdentityError/Kind/notFound``, ``IdentityError/Kind/insecurePermissions``,
    ///   ``IdentityError/Kind/malformed``.
    public static func load(file path: String) throws(IdentityError) -> SealingKey {
        let text = try SecretFile.load(path, secret: true)
        let digits = text.filter { !($0 == 0x0A || $0 == 0x0D || $0 == 0x20) }
        var bytes: [UInt8] = []
        var index = 0
        while index + 1 < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { break }
            bytes.append(high << 4 | low)
            index += 2
        }
        guard index == digits.count, bytes.count == 32 else {
            throw IdentityError(.malformed, "\(path): a sealing key file holds one line of 64 hexadecimal digits")
        }
        return try SealingKey(bytes: bytes)
    }

    /// Writes the key to `path` with mode 0600 from the moment the file exists.
    /// - Throws: ``IdentityError/Kind/exists`` when `path` exists and `replacing` is false.
    public func save(to path: String, replacing: Bool = false) throws(IdentityError) {
        let digits = key.withUnsafeBytes { raw in
            raw.map { byte in String(byte, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }
        }
        try SecretFile.store(Array((digits.joined() + "\n").utf8), to: path, mode: 0o600, replacing: replacing)
    }

    /// Never the key.
    public var description: String { "SealingKey(256 bits)" }

    /// No children, so `dump` cannot print the key.
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// The nonce of an envelope (docs/envelope.md §3.2): the stream ID (4 bytes) and the sequence
    /// number (8 bytes), big-endian. Unique for as long as a device never reuses a sequence number of a stream.
    static func nonce(streamID: UInt32, sequence: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(12)
        for shift in stride(from: 24, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: streamID >> UInt32(shift)))
        }
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: sequence >> UInt64(shift)))
        }
        return bytes
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
