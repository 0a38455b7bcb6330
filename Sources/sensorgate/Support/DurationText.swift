// SensorGate — sensorgate: durations and addresses as typed on the command line.

/// `500ms`, `10s`, `5m`, `24h` as durations, and IPv4 literals.
enum DurationText {
    /// The duration `text` names, or nil.
    static func parse(_ text: String) -> Duration? {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, seconds) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value >= 0, value.isFinite else { return nil }
            return .nanoseconds(Int64((value * seconds * 1e9).rounded()))
        }
        return nil
    }

    /// Whether `text` is a dotted-quad IPv4 address.
    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
    }
}
