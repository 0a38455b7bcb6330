// SensorGate — Board: durations (`10s`, `7d`) and byte counts (`64MiB`) from YAML nodes.

import HAL
import Yams

extension NodeReader {
    /// An optional duration written `500ms`, `10s`, `5m`, `24h` or `7d`, range-checked.
    /// - Parameters:
    ///   - key: the key.
    ///   - range: the accepted range.
    /// - Returns: the duration, or nil when absent.
    /// - Throws: `BoardError` at the value.
    func optionalDuration(_ key: String, in range: ClosedRange<Duration>) throws(BoardError) -> Duration? {
        guard let node = value(key) else { return nil }
        let text = node.scalar?.string ?? ""
        guard let duration = Self.duration(text) else {
            throw BoardError.at(node, file: file, "'\(key)' must be a duration such as 500ms, 10s, 5m, 24h or 7d")
        }
        guard range.contains(duration) else {
            throw BoardError.at(
                node, file: file,
                "'\(key)' must be from \(Self.text(range.lowerBound)) to \(Self.text(range.upperBound))")
        }
        return duration
    }

    /// An optional byte count: an integer, or one with `kB`, `MB`, `GB` (10³ⁿ) or `KiB`, `MiB`, `GiB` (2¹⁰ⁿ).
    /// - Parameters:
    ///   - key: the key.
    ///   - range: the accepted range.
    /// - Returns: the count, or nil when absent.
    /// - Throws: `BoardError` at the value.
    func optionalBytes(_ key: String, in range: ClosedRange<Int64>) throws(BoardError) -> Int64? {
        guard let node = value(key) else { return nil }
        let text = node.scalar?.string ?? ""
        let units: [(String, Int64)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("kB", 1000), ("MB", 1_000_000),
            ("GB", 1_000_000_000), ("B", 1), ("", 1),
        ]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let count = Int64(text.dropLast(suffix.count).trimmingSpaces), count >= 0,
                count <= Int64.max / scale
            else { continue }
            guard range.contains(count * scale) else {
                throw BoardError.at(
                    node, file: file, "'\(key)' must be from \(range.lowerBound) to \(range.upperBound) bytes")
            }
            return count * scale
        }
        throw BoardError.at(node, file: file, "'\(key)' must be a byte count such as 67108864, 64MiB or 500MB")
    }

    /// The duration `text` names (`ms`, `s`, `m`, `h`, `d` suffixes), or nil.
    static func duration(_ text: String) -> Duration? {
        let units: [(suffix: String, seconds: Double)] = [
            ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400),
        ]
        for (suffix, seconds) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value >= 0, value.isFinite, value < 1e9 else {
                return nil
            }
            return .nanoseconds(Int64((value * seconds * 1e9).rounded()))
        }
        return nil
    }

    private static func text(_ duration: Duration) -> String {
        let seconds = Double(duration.nanoseconds) / 1e9
        if seconds >= 86400, seconds.truncatingRemainder(dividingBy: 86400) == 0 { return "\(Int(seconds / 86400))d" }
        if seconds >= 1 { return seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s" }
        return "\(Int(seconds * 1000))ms"
    }
}

extension Substring {
    /// Without leading and trailing spaces.
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
