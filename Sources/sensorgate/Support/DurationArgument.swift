// SensorGate — sensorgate: durations on the command line (`500ms`, `10s`, `5m`, `24h`).

import ArgumentParser

/// A duration option: a number and a unit (ms, s, m, h).
struct DurationArgument: ExpressibleByArgument {
    /// The duration.
    let duration: Duration

    /// Parses `500ms`, `10s`, `5m`, `24h`, `1.5h`.
    init?(argument: String) {
        let units: [(String, Double)] = [("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where argument.hasSuffix(suffix) {
            guard let value = Double(argument.dropLast(suffix.count)), value.isFinite, value > 0 else { return nil }
            duration = .nanoseconds(Int64((value * scale * 1e9).rounded()))
            return
        }
        return nil
    }
}
