// SensorGate — Envelope: a signed command's fields before its command body is decoded.

import Crypto

extension SignedCommand {
    /// The fields of docs/envelope.md §7.1 with the command body still in bytes, so that the
    /// signature can be checked before the body is interpreted: a genuine command of a type this
    /// gateway does not know is then told apart from a forged one.
    struct Layout {
        let deviceID: DeviceID
        let sequence: UInt64
        let issuedAtMicros: UInt64
        let expiresAtMicros: UInt64
        let body: [UInt8]
        let bytes: [UInt8]

        /// Reads the layout.
        /// - Throws: ``CommandRejection/Kind/malformed``, ``CommandRejection/Kind/unsupportedVersion``.
        static func parse(_ bytes: [UInt8]) throws(CommandRejection) -> Layout {
            var reader = CommandReader(bytes)
            let first = try reader.byte("magic byte")
            guard first == SignedCommand.magic else {
                throw CommandRejection(
                    .unsupportedVersion, "first byte 0x\(String(first, radix: 16)) is not a version 1 command (0xc1)")
            }
            guard let deviceID = DeviceID(bytes: try reader.take(DeviceID.byteCount, "device ID")) else {
                throw CommandRejection(.malformed, "the device ID is not \(DeviceID.byteCount) bytes")
            }
            let sequence = try reader.varint("sequence number", maximum: EnvelopeHeader.maxValue)
            let issued = try reader.varint("issue time", maximum: EnvelopeHeader.maxMicros)
            let expires = try reader.varint("expiry time", maximum: EnvelopeHeader.maxMicros)
            guard issued <= expires else {
                throw CommandRejection(.malformed, "the expiry time \(expires) is before the issue time \(issued)")
            }
            let length = Int(try reader.varint("command length", maximum: UInt64(SignedCommand.maxCommandBytes)))
            let body = try reader.take(length, "command")
            _ = try reader.take(SignedCommand.signatureBytes, "signature")
            try reader.end("command")
            return Layout(
                deviceID: deviceID, sequence: sequence, issuedAtMicros: issued, expiresAtMicros: expires, body: body,
                bytes: bytes)
        }

        /// Whether the signature verifies with `key`.
        func isSigned(by key: Curve25519.Signing.PublicKey) -> Bool {
            key.isValidSignature(
                bytes.suffix(SignedCommand.signatureBytes),
                for: SignedCommand.signatureContext + bytes.dropLast(SignedCommand.signatureBytes))
        }
    }
}
