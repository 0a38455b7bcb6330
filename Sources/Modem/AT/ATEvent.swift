// SensorGate — Modem: what the AT byte-stream decoder recognises.

/// One unit the ``ATDecoder`` recognised in the byte stream from a modem.
public enum ATEvent: Sendable, Hashable {
    /// A complete, non-empty text line, without its terminator.
    case line(String)
    /// The modem's echo of the command the engine sent (echo on, `ATE1`).
    case echo(String)
    /// The `>` prompt for payload bytes, recognised only while one is expected.
    case prompt
    /// Raw bytes the engine asked for by count, whatever they contain.
    case payload([UInt8])
    /// A line that is not text (invalid UTF-8 or control characters): its bytes.
    case garbage([UInt8])
    /// A line longer than the limit: its first bytes; the rest up to the next terminator is discarded.
    case overlongLine(prefix: [UInt8])
}

/// Byte values of the V.250 framing.
enum ATByte {
    /// Carriage return, S3.
    static let carriageReturn: UInt8 = 0x0D
    /// Line feed, S4.
    static let lineFeed: UInt8 = 0x0A
    /// The prompt character.
    static let greaterThan: UInt8 = 0x3E
    /// The comma between fields.
    static let comma: UInt8 = 0x2C
    /// The space after the prompt.
    static let space: UInt8 = 0x20
    /// Horizontal tab, the one control character allowed in text.
    static let tab: UInt8 = 0x09
    /// NUL, line noise at power-up.
    static let nul: UInt8 = 0x00
    /// All ones, line noise at power-up or a baud-rate mismatch.
    static let allOnes: UInt8 = 0xFF
}
