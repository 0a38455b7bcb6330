// SensorGate — Envelope: what an operator can ask a gateway to do.

/// A downlink command (docs/envelope.md §7.2): typed, with a compact encoding of a type varint
/// and the type's fields. New commands get new type numbers; a gateway refuses a type it does not
/// know as ``CommandRejection/Kind/unsupportedCommand``.
public enum OperatorCommand: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Sample the sensor with board label `label` at `rateMilliHz` (mHz, 1 ... 2³² − 1).
    case setSamplingRate(label: String, rateMilliHz: UInt32)
    /// Take a reading now and send it with the next batch: of the sensor `label`, or of every
    /// sensor when nil.
    case requestReading(label: String?)
    /// Make a new device identity, acknowledge it (signed with the old key, carrying the new public
    /// key) and sign everything after with the new key.
    case rotateKey

    /// The longest sensor label, in UTF-8 bytes.
    public static let maxLabelBytes = 64

    /// The type number on the wire.
    public var typeCode: UInt8 {
        switch self {
        case .setSamplingRate: 1
        case .requestReading: 2
        case .rotateKey: 3
        }
    }

    /// `set-rate LABEL HZ`, `read [LABEL]` or `rotate-key`.
    public var description: String {
        switch self {
        case .setSamplingRate(let label, let rate):
            "set-rate \(label) \(rate / 1000).\(String(rate % 1000 + 1000).dropFirst()) Hz"
        case .requestReading(let label): label.map { "read \($0)" } ?? "read (all sensors)"
        case .rotateKey: "rotate-key"
        }
    }

    /// Checks the fields against their ranges.
    /// - Throws: ``CommandRejection/Kind/invalidInput``.
    func validate() throws(CommandRejection) {
        switch self {
        case .setSamplingRate(let label, let rate):
            try Self.validate(label: label)
            guard rate > 0 else { throw CommandRejection(.invalidInput, "a sampling rate must be above 0 mHz") }
        case .requestReading(let label):
            if let label { try Self.validate(label: label) }
        case .rotateKey: break
        }
    }

    private static func validate(label: String) throws(CommandRejection) {
        guard (1...maxLabelBytes).contains(label.utf8.count) else {
            throw CommandRejection(
                .invalidInput, "the sensor label \"\(label)\" must be 1 to \(maxLabelBytes) UTF-8 bytes")
        }
    }

    /// The command's bytes.
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = [typeCode]
        switch self {
        case .setSamplingRate(let label, let rate):
            bytes.appendText(label)
            EnvelopeVarint.write(UInt64(rate), to: &bytes)
        case .requestReading(let label):
            bytes.appendText(label ?? "")
        case .rotateKey: break
        }
        return bytes
    }

    /// Reads a command that fills `bytes` exactly.
    /// - Throws: ``CommandRejection/Kind/malformed``, ``CommandRejection/Kind/unsupportedCommand``.
    static func decode(_ bytes: [UInt8]) throws(CommandRejection) -> OperatorCommand {
        var reader = CommandReader(bytes)
        let type = try reader.varint("command type", maximum: UInt64(UInt8.max))
        let command: OperatorCommand
        switch type {
        case 1:
            let label = try reader.text("sensor label", maxBytes: maxLabelBytes)
            let rate = try reader.varint("sampling rate", maximum: UInt64(UInt32.max))
            guard !label.isEmpty, rate > 0 else {
                throw CommandRejection(.malformed, "set-rate needs a sensor label and a rate above 0 mHz")
            }
            command = .setSamplingRate(label: label, rateMilliHz: UInt32(rate))
        case 2:
            let label = try reader.text("sensor label", maxBytes: maxLabelBytes)
            command = .requestReading(label: label.isEmpty ? nil : label)
        case 3:
            command = .rotateKey
        default:
            throw CommandRejection(.unsupportedCommand, "command type \(type) is not known to this gateway")
        }
        try reader.end("command")
        return command
    }
}
