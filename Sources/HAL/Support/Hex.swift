// SensorGate — HAL: hexadecimal spelling for messages and transcripts (HAL has no Foundation).

/// Hexadecimal formatting for addresses, register values and byte transcripts.
public enum Hex {
    private static let digits: [Character] = Array("0123456789abcdef")

    /// A byte as `0x0f`.
    /// - Parameter value: the byte.
    /// - Returns: `0x` and two lowercase digits.
    public static func byte(_ value: UInt8) -> String {
        "0x" + String(digits[Int(value >> 4)]) + String(digits[Int(value & 0x0F)])
    }

    /// A 16-bit value as `0x0117`.
    /// - Parameter value: the value.
    /// - Returns: `0x` and four lowercase digits.
    public static func word(_ value: UInt16) -> String {
        "0x" + [12, 8, 4, 0].map { String(digits[Int((value >> UInt16($0)) & 0x0F)]) }.joined()
    }

    /// Bytes as `[0xd0 0x58]`.
    /// - Parameter bytes: the bytes.
    /// - Returns: the bytes in brackets, separated by spaces.
    public static func bytes(_ bytes: some Sequence<UInt8>) -> String {
        "[" + bytes.map { byte($0) }.joined(separator: " ") + "]"
    }
}
