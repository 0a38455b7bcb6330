// SensorGate — Modem: turning line bytes into text, and the fields of an information response.

/// Text helpers for AT lines.
public enum ATText {
    /// The line as text, or nil when it is not text.
    ///
    /// Leading NUL and 0xFF bytes (power-up line noise) are dropped; what remains must be valid
    /// UTF-8 without control characters other than tab.
    /// - Parameter bytes: the line without its terminator.
    /// - Returns: the text, or nil.
    public static func decode(_ bytes: [UInt8]) -> String? {
        let start = bytes.firstIndex { $0 != ATByte.nul && $0 != ATByte.allOnes } ?? bytes.endIndex
        let body = bytes[start...]
        guard !body.isEmpty, !body.contains(where: { $0 < 0x20 && $0 != ATByte.tab || $0 == 0x7F }) else {
            return nil
        }
        return String(validating: body, as: UTF8.self)
    }

    /// The comma-separated fields after `prefix`, trimmed, with surrounding quotes removed.
    ///
    /// Commas inside double quotes do not split. `fields(of: "+CEREG: 2,1", after: "+CEREG:")` is
    /// `["2", "1"]`; a line with nothing after the prefix has no fields.
    /// - Parameters:
    ///   - line: an information response or URC.
    ///   - prefix: its prefix, such as `+CEREG:`.
    /// - Returns: the fields, or an empty array when `line` does not start with `prefix`.
    public static func fields(of line: String, after prefix: String) -> [String] {
        guard line.hasPrefix(prefix) else { return [] }
        let rest = line.dropFirst(prefix.count)
        guard rest.contains(where: { $0 != " " }) else { return [] }
        var fields: [String] = []
        var current = ""
        var quoted = false
        for character in rest {
            if character == "\"" {
                quoted.toggle()
            } else if character == "," && !quoted {
                fields.append(trimmed(current))
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(trimmed(current))
        return fields
    }

    private static func trimmed(_ text: String) -> String {
        String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
