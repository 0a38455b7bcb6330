// SensorGate — Envelope: a downlink command as it travels, signed by the operator.

import Crypto

/// A downlink command addressed to one device, with its sequence number, validity period and the
/// operator's Ed25519 signature (docs/envelope.md §7.1). Parsing checks the layout only; nothing in
/// a parsed command is to be trusted until ``CommandVerifier`` has accepted it.
public struct SignedCommand: Sendable, Equatable {
    /// The first byte: a signed command, version 1. Distinct from every envelope's first byte
    /// (0x20 ... 0x3F) and from an acknowledgement's, so one can never be read as another.
    public static let magic: UInt8 = 0xC1
    /// The bytes that precede the command in the message the operator signs (not transmitted):
    /// `sensorgate-command-v1` and a zero byte, so a command signature is never valid as anything else.
    public static let signatureContext: [UInt8] = Array("sensorgate-command-v1".utf8) + [0]
    /// The largest command body, in bytes.
    public static let maxCommandBytes = 256
    /// The signature's length.
    public static let signatureBytes = 64

    /// The device the command is for.
    public let deviceID: DeviceID
    /// The command's sequence number for this device, 0 ... 2⁶³ − 1; each must be above the last accepted.
    public let sequence: UInt64
    /// When the operator issued it, µs since the Unix epoch, 0 ... 2⁶² − 1.
    public let issuedAtMicros: UInt64
    /// After this, µs since the Unix epoch, the command is refused; not before ``issuedAtMicros``.
    public let expiresAtMicros: UInt64
    /// What to do.
    public let command: OperatorCommand
    /// The command's bytes, signature included.
    public let bytes: [UInt8]

    /// The bytes the signature covers (after ``signatureContext``): all but the last 64.
    public var signedBytes: ArraySlice<UInt8> { bytes.dropLast(Self.signatureBytes) }
    /// The operator's signature.
    public var signature: ArraySlice<UInt8> { bytes.suffix(Self.signatureBytes) }

    /// Builds and signs a command.
    /// - Throws: ``CommandRejection/Kind/invalidInput`` when a field is out of range (a sequence
    ///   above 2⁶³ − 1, times above 2⁶² − 1, an expiry before the issue time, a bad label or rate).
    public static func sign(
        _ command: OperatorCommand, for deviceID: DeviceID, sequence: UInt64, issuedAtMicros: UInt64,
        expiresAtMicros: UInt64, operatorKey: OperatorKey
    ) throws(CommandRejection) -> SignedCommand {
        guard sequence <= EnvelopeHeader.maxValue else {
            throw CommandRejection(.invalidInput, "sequence \(sequence) is above 2^63 - 1")
        }
        guard expiresAtMicros <= EnvelopeHeader.maxMicros, issuedAtMicros <= expiresAtMicros else {
            throw CommandRejection(
                .invalidInput, "the validity \(issuedAtMicros) ... \(expiresAtMicros) µs is empty or above 2^62 - 1")
        }
        try command.validate()
        var bytes: [UInt8] = [magic]
        bytes.append(contentsOf: deviceID.bytes)
        EnvelopeVarint.write(sequence, to: &bytes)
        EnvelopeVarint.write(issuedAtMicros, to: &bytes)
        EnvelopeVarint.write(expiresAtMicros, to: &bytes)
        let body = command.encoded()
        EnvelopeVarint.write(UInt64(body.count), to: &bytes)
        bytes.append(contentsOf: body)
        bytes.append(contentsOf: try operatorKey.signature(for: signatureContext + bytes))
        return SignedCommand(
            deviceID: deviceID, sequence: sequence, issuedAtMicros: issuedAtMicros, expiresAtMicros: expiresAtMicros,
            command: command, bytes: bytes)
    }

    private init(
        deviceID: DeviceID, sequence: UInt64, issuedAtMicros: UInt64, expiresAtMicros: UInt64,
        command: OperatorCommand, bytes: [UInt8]
    ) {
        self.deviceID = deviceID
        self.sequence = sequence
        self.issuedAtMicros = issuedAtMicros
        self.expiresAtMicros = expiresAtMicros
        self.command = command
        self.bytes = bytes
    }

    /// Splits `bytes` into its fields, as docs/envelope.md §7.1 lays them out, without checking the
    /// signature.
    /// - Throws: ``CommandRejection/Kind/malformed`` (truncated, a field out of range, bytes after
    ///   the end), ``CommandRejection/Kind/unsupportedVersion``, ``CommandRejection/Kind/unsupportedCommand``.
    public static func parse(_ bytes: [UInt8]) throws(CommandRejection) -> SignedCommand {
        try SignedCommand(try Layout.parse(bytes))
    }

    /// The command of an authenticated `layout`.
    /// - Throws: ``CommandRejection/Kind/malformed``, ``CommandRejection/Kind/unsupportedCommand``.
    init(_ layout: Layout) throws(CommandRejection) {
        self.init(
            deviceID: layout.deviceID, sequence: layout.sequence, issuedAtMicros: layout.issuedAtMicros,
            expiresAtMicros: layout.expiresAtMicros, command: try OperatorCommand.decode(layout.body),
            bytes: layout.bytes)
    }

    /// Whether the signature verifies with `key`.
    public func isSigned(by key: Curve25519.Signing.PublicKey) -> Bool {
        key.isValidSignature(signature, for: Self.signatureContext + signedBytes)
    }
}
