// SensorGate — Envelope: the gateway's signed answer to a downlink command.

import Crypto

/// The gateway's acknowledgement of a command (docs/envelope.md §7.4): which device, which command
/// (by sequence number) and what became of it, signed with the device's identity, so the operator
/// knows the answer is genuine. A command may be acknowledged more than once (`accepted`, then
/// `applied` or `failed`).
public struct CommandAck: Sendable, Equatable {
    /// What became of a command.
    ///
    /// `@unchecked Sendable`: its one non-`Sendable` payload is an immutable swift-crypto public key
    /// value, which swift-crypto 3.12 does not yet declare `Sendable` on Linux.
    public enum Outcome: @unchecked Sendable, Equatable, CustomStringConvertible {
        /// Verified and queued; the outcome of applying it follows.
        case accepted
        /// Refused, with the reason's kind.
        case rejected(CommandRejection.Kind)
        /// Applied, without a restart.
        case applied
        /// Could not be applied (an unknown sensor label, a rate the sensor cannot do), with why.
        case failed(reason: String)
        /// `rotateKey` applied: the device's new public key. The acknowledgement is signed with the
        /// old key, which vouches for the new one; everything after is signed with the new key.
        case keyRotated(newPublicKey: Curve25519.Signing.PublicKey)

        /// The outcome's code on the wire.
        var code: UInt8 {
            switch self {
            case .accepted: 0
            case .rejected: 1
            case .applied: 2
            case .failed: 3
            case .keyRotated: 4
            }
        }

        /// `accepted`, `rejected (kind)`, `applied`, `failed: reason`, `key rotated: new device ID`.
        public var description: String {
            switch self {
            case .accepted: "accepted"
            case .rejected(let kind): "rejected (\(kind.rawValue))"
            case .applied: "applied"
            case .failed(let reason): "failed: \(reason)"
            case .keyRotated(let key): "key rotated: new device ID \(DeviceID(publicKey: key))"
            }
        }

        /// Equal when the same case with equal values (public keys by their bytes).
        public static func == (lhs: Outcome, rhs: Outcome) -> Bool {
            switch (lhs, rhs) {
            case (.accepted, .accepted), (.applied, .applied): true
            case (.rejected(let a), .rejected(let b)): a == b
            case (.failed(let a), .failed(let b)): a == b
            case (.keyRotated(let a), .keyRotated(let b)): a.rawRepresentation == b.rawRepresentation
            default: false
            }
        }
    }

    /// The first byte: a command acknowledgement, version 1.
    public static let magic: UInt8 = 0xA1
    /// The bytes that precede the acknowledgement in the message the device signs (not transmitted).
    public static let signatureContext: [UInt8] = Array("sensorgate-command-ack-v1".utf8) + [0]
    /// The longest failure reason, in UTF-8 bytes (a longer one is cut at a character boundary).
    public static let maxReasonBytes = 200

    /// The acknowledging device.
    public let deviceID: DeviceID
    /// The acknowledged command's sequence number.
    public let sequence: UInt64
    /// What became of it.
    public let outcome: Outcome
    /// The acknowledgement's bytes, signature included.
    public let bytes: [UInt8]

    /// Builds and signs the acknowledgement of command `sequence` with the device's identity.
    /// - Throws: ``CommandRejection/Kind/invalidInput`` for a sequence above 2⁶³ − 1.
    public static func sign(sequence: UInt64, outcome: Outcome, identity: DeviceIdentity) throws(CommandRejection)
        -> CommandAck
    {
        guard sequence <= EnvelopeHeader.maxValue else {
            throw CommandRejection(.invalidInput, "sequence \(sequence) is above 2^63 - 1")
        }
        var outcome = outcome
        if case .failed(let reason) = outcome, reason.utf8.count > maxReasonBytes {
            var cut = reason
            while cut.utf8.count > maxReasonBytes { cut.removeLast() }
            outcome = .failed(reason: cut)
        }
        var bytes: [UInt8] = [magic]
        bytes.append(contentsOf: identity.deviceID.bytes)
        EnvelopeVarint.write(sequence, to: &bytes)
        bytes.append(outcome.code)
        switch outcome {
        case .accepted, .applied: break
        case .rejected(let kind): bytes.append(kind.code)
        case .failed(let reason): bytes.appendText(reason)
        case .keyRotated(let key): bytes.append(contentsOf: key.rawRepresentation)
        }
        do {
            bytes.append(contentsOf: try identity.signature(for: signatureContext + bytes))
        } catch {
            throw CommandRejection(.invalidInput, error.detail)
        }
        return CommandAck(deviceID: identity.deviceID, sequence: sequence, outcome: outcome, bytes: bytes)
    }

    private init(deviceID: DeviceID, sequence: UInt64, outcome: Outcome, bytes: [UInt8]) {
        self.deviceID = deviceID
        self.sequence = sequence
        self.outcome = outcome
        self.bytes = bytes
    }

    /// Reads and authenticates an acknowledgement on the operator side.
    /// - Parameter devicePublicKey: the public key of the device the operator sent the command to.
    /// - Throws: ``CommandRejection/Kind/malformed``, ``CommandRejection/Kind/unsupportedVersion``,
    ///   ``CommandRejection/Kind/wrongDevice`` when it comes from another device,
    ///   ``CommandRejection/Kind/badSignature``.
    public static func verify(_ bytes: [UInt8], devicePublicKey: Curve25519.Signing.PublicKey) throws(CommandRejection)
        -> CommandAck
    {
        var reader = CommandReader(bytes)
        let first = try reader.byte("magic byte")
        guard first == magic else {
            throw CommandRejection(
                .unsupportedVersion,
                "first byte 0x\(String(first, radix: 16)) is not a version 1 acknowledgement (0xa1)")
        }
        guard let deviceID = DeviceID(bytes: try reader.take(DeviceID.byteCount, "device ID")) else {
            throw CommandRejection(.malformed, "the device ID is not \(DeviceID.byteCount) bytes")
        }
        let sequence = try reader.varint("sequence number", maximum: EnvelopeHeader.maxValue)
        let outcome: Outcome
        switch try reader.byte("outcome") {
        case 0: outcome = .accepted
        case 1:
            let code = try reader.byte("rejection kind")
            guard let kind = CommandRejection.Kind(code: code) else {
                throw CommandRejection(.malformed, "rejection kind \(code) is not defined")
            }
            outcome = .rejected(kind)
        case 2: outcome = .applied
        case 3: outcome = .failed(reason: try reader.text("failure reason", maxBytes: maxReasonBytes))
        case 4:
            guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: try reader.take(32, "new public key"))
            else { throw CommandRejection(.malformed, "the new public key is not an Ed25519 key") }
            outcome = .keyRotated(newPublicKey: key)
        case let code: throw CommandRejection(.malformed, "outcome \(code) is not defined")
        }
        let signed = Array(bytes.prefix(reader.offset))
        let signature = try reader.take(SignedCommand.signatureBytes, "signature")
        try reader.end("acknowledgement")
        guard deviceID == DeviceID(publicKey: devicePublicKey) else {
            throw CommandRejection(
                .wrongDevice,
                "the acknowledgement is from device \(deviceID), not \(DeviceID(publicKey: devicePublicKey))")
        }
        guard devicePublicKey.isValidSignature(signature, for: signatureContext + signed) else {
            throw CommandRejection(
                .badSignature, "the acknowledgement of command \(sequence) from \(deviceID) does not verify")
        }
        return CommandAck(deviceID: deviceID, sequence: sequence, outcome: outcome, bytes: bytes)
    }
}
