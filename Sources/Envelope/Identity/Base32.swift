// SensorGate — Envelope: RFC 4648 base32, lower case, without padding, for device IDs.

/// Base32 with the RFC 4648 alphabet in lower case (`a`–`z`, `2`–`7`) and no `=` padding: case-free
/// to read aloud, safe in file names, MQTT topics and URLs.
enum Base32 {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    /// Encodes `bytes`, 5 bits per character, most significant bit first; the last character is
    /// padded with zero bits.
    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[Int((buffer >> UInt32(bits)) & 31)])
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `text` (either case) into exactly `count` bytes, or nil when a character is outside
    /// the alphabet, the length does not match, or the padding bits are not zero.
    static func decode(_ text: String, count: Int) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count == (count * 8 + 4) / 5 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(count)
        var buffer: UInt32 = 0
        var bits = 0
        for character in characters {
            let value: UInt32
            switch character {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(character - UInt8(ascii: "a"))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(character - UInt8(ascii: "A"))
            case UInt8(ascii: "2")...UInt8(ascii: "7"): value = UInt32(character - UInt8(ascii: "2")) + 26
            default: return nil
            }
            buffer = ((buffer << 5) | value) & 0xFFF
            bits += 5
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        guard out.count == count, buffer & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return out
    }
}
