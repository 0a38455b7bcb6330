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
    /// Use `deciPascals` / 10 Pa as the sea-level pressure (QNH) of the gateway's barometric altitude from
    /// now on: what a reference station at a surveyed height reports, so that the weather's pressure
    /// changes do not show as altitude.
    case setSeaLevelPressure(deciPascals: UInt32)

    /// The sea-level pressures a `set-qnh` takes, in 0.1 Pa: 800 … 1 100 hPa, beyond the lowest (870 hPa)
    /// and highest (1 084.8 hPa) ever recorded.
    public static let seaLevelDeciPascals: ClosedRange<UInt32> = 800_000...1_100_000
    /// The longest sensor label, in UTF-8 bytes.
    public static let maxLabelBytes = 64

    /// The type number on the wire.
    public var typeCode: UInt8 {
        switch self {
        case .setSamplingRate: 1
        case .requestReading: 2
        case .rotateKey: 3
        case .setSeaLevelPressure: 4
        }
    }

    /// `set-rate LABEL HZ`, `read [LABEL]`, `rotate-key` or `set-qnh HPA hPa`.
    public var description: String {
        switch self {
        case .setSamplingRate(let label, let rate):
            "set-rate \(label) \(rate / 1000).\(String(rate % 1000 + 1000).dropFirst()) Hz"
        case .requestReading(let label): label.map { "read \($0)" } ?? "read (all sensors)"
        case .rotateKey: "rotate-key"
        case .setSeaLevelPressure(let deci):
            "set-qnh \(deci / 1000).\(String(deci % 1000 + 1000).dropFirst()) hPa"
        }
    }

    /// Checks the fields against their ranges (signing does; a gateway does before it applies a command
    /// that another signer may have made).
    /// - Throws: ``CommandRejection/Kind/invalidInput``.
    public func validate() throws(CommandRejection) {
        switch self {
        case .setSamplingRate(let label, let rate):
            try Self.validate(label: label)
            guard rate > 0 else { throw CommandRejection(.invalidInput, "a sampling rate must be above 0 mHz") }
        case .requestReading(let label):
            if let label { try Self.validate(label: label) }
        case .rotateKey: break
        case .setSeaLevelPressure(let deci):
            guard Self.seaLevelDeciPascals.contains(deci) else {
                throw CommandRejection(
                    .invalidInput, "a sea-level pressure of \(deci) × 0.1 Pa is outside 800 … 1 100 hPa")
            }
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
        case .setSeaLevelPressure(let deci):
            EnvelopeVarint.write(UInt64(deci), to: &bytes)
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
        case 4:
            let deci = try reader.varint("sea-level pressure", maximum: UInt64(UInt32.max))
            command = .setSeaLevelPressure(deciPascals: UInt32(deci))
        default:
            throw CommandRejection(.unsupportedCommand, "command type \(type) is not known to this gateway")
        }
        try reader.end("command")
        return command
    }
}
