// SensorGate — Collector: the JSON Lines form of decoded batches and samples.

/// One JSON object per line, written without Foundation so that physical values keep their exact
/// decimal digits (a JSON number is any decimal text; a double would round 0.1).
///
/// A batch line:
/// `{"type":"batch","device":"…","stream":1,"sequence":5,"key":true,"priority":0,"start_us":…,
/// "duration_us":…,"rows":60,"first_time_us":…,"last_time_us":…,"schema":"c440f4b30c9b6a10"}`;
/// a sample line (one per row, with `--samples`):
/// `{"type":"sample","device":"…","stream":1,"sequence":5,"t_us":…,"codes":[101325,401],
/// "values":{"pressure":1013.25,"temperature":25.0625}}`.
public enum JSONLines {
    /// The batch line of `batch`, without the newline.
    public static func batchLine(_ batch: CollectedBatch) -> String {
        let header = batch.header
        var line = "{\"type\":\"batch\",\"device\":\"\(header.deviceID)\",\"stream\":\(header.streamID)"
        line += ",\"sequence\":\(header.sequence),\"key\":\(batch.decoded.isKey),\"priority\":\(header.priority)"
        line += ",\"start_us\":\(header.startMicros),\"duration_us\":\(header.durationMicros),\"rows\":\(batch.rows)"
        if let first = batch.timesMicros.first, let last = batch.timesMicros.last {
            line += ",\"first_time_us\":\(first),\"last_time_us\":\(last)"
        }
        if batch.decoded.nearLosslessBound > 0 { line += ",\"near_lossless_bound\":\(batch.decoded.nearLosslessBound)" }
        line += ",\"schema\":\"\(hex16(batch.schema.fingerprint))\"}"
        return line
    }

    /// The sample lines of `batch`, one per row, without newlines.
    public static func sampleLines(_ batch: CollectedBatch) -> [String] {
        let header = batch.header
        let prefix =
            "{\"type\":\"sample\",\"device\":\"\(header.deviceID)\",\"stream\":\(header.streamID)"
            + ",\"sequence\":\(header.sequence),\"t_us\":"
        let names = batch.schema.channels.map { quoted($0.name) }
        return (0..<batch.rows).map { row in
            var line = prefix + "\(batch.timesMicros[row]),\"codes\":["
            line += (0..<names.count).map { "\(batch.code(channel: $0, row: row))" }.joined(separator: ",")
            line += "],\"values\":{"
            line += (0..<names.count).map { "\(names[$0]):\(batch.value(channel: $0, row: row).decimalText())" }
                .joined(separator: ",")
            return line + "}}"
        }
    }

    /// `text` as a JSON string literal.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let s where s.value < 0x20:
                let digits = String(s.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
