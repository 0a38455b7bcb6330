// SensorGate — sensorgate: a duration option (`500ms`, `10s`, `5m`, `24h`).

import ArgumentParser

/// A positive duration option, parsed by ``DurationText``.
struct DurationArgument: ExpressibleByArgument {
    /// The duration.
    let duration: Duration

    /// Parses `500ms`, `10s`, `5m`, `24h`, `1.5h`, or `forever` (a century: a deployed gateway's run,
    /// ended by SIGTERM); zero is refused.
    init?(argument: String) {
        if argument == "forever" {
            duration = .seconds(100 * 365 * 86_400)
            return
        }
        guard let duration = DurationText.parse(argument), duration > .zero else { return nil }
        self.duration = duration
    }
}
