// SensorGate — Codec: what a control-stream payload is, told by its first byte (docs/batch-format.md §11.1).

/// A payload on the control stream (stream 0): a stream schema (first byte 0x01 … 0x7F, its version)
/// or a control message (first byte: the kind in the high nibble, 0x80 … 0xF0, and the version in the low
/// one; 0x81 is a ``DropNotice``, 0x91 a ``ClockStepNotice``).
public enum ControlMessage: Sendable, Hashable {
    /// A stream schema (§11).
    case schema(StreamSchema)
    /// A drop notice (§12).
    case drops(DropNotice)
    /// A clock-step notice (§13).
    case clockSteps(ClockStepNotice)

    /// Decodes a control-stream payload.
    /// - Throws: ``CodecError``: `truncated` for no bytes, `unsupportedVersion` for a first byte this
    ///   version does not know, or the schema's or notices' own errors.
    public static func decode(_ bytes: [UInt8]) throws(CodecError) -> ControlMessage {
        guard let first = bytes.first else { throw CodecError(.truncated, "an empty control-stream payload") }
        if first == DropNotice.leadByte { return .drops(try DropNotice.decode(bytes)) }
        if first == ClockStepNotice.leadByte { return .clockSteps(try ClockStepNotice.decode(bytes)) }
        if first & 0x80 != 0 {
            throw CodecError(
                .unsupportedVersion, "control message kind 0x\(String(first, radix: 16)) is not known here")
        }
        return .schema(try StreamSchema.decode(bytes))
    }

    /// The payload bytes.
    public func encoded() -> [UInt8] {
        switch self {
        case .schema(let schema): schema.encoded()
        case .drops(let notice): notice.encoded()
        case .clockSteps(let notice): notice.encoded()
        }
    }
}
