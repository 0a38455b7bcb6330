// SensorGate — Board: validating the board's `metrics:` and `watchdog:` sections.

import HAL

extension BoardLoader {
    static let metricsKeys = ["listen"]
    static let watchdogKeys = ["device", "timeout", "stall-timeout", "systemd"]

    /// The board's `metrics:` section.
    static func metrics(_ reader: NodeReader) throws(BoardError) -> MetricsDescription {
        try reader.rejectUnknownKeys(metricsKeys)
        var metrics = MetricsDescription()
        metrics.location = SourceLocation(
            file: reader.file, line: reader.node.mark?.line ?? 0, column: reader.node.mark?.column ?? 0)
        if let listen = try reader.optionalString("listen") {
            guard let colon = listen.lastIndex(of: ":"), colon != listen.startIndex,
                let port = Int(listen[listen.index(after: colon)...]), (1...65_535).contains(port)
            else {
                throw BoardError.at(
                    reader.value("listen") ?? reader.node, file: reader.file,
                    "'listen' must be HOST:PORT with a port from 1 to 65535, such as 127.0.0.1:9464")
            }
            metrics.listen = listen
        }
        return metrics
    }

    /// The board's `watchdog:` section.
    static func watchdog(_ reader: NodeReader) throws(BoardError) -> WatchdogDescription {
        try reader.rejectUnknownKeys(watchdogKeys)
        var watchdog = WatchdogDescription()
        watchdog.location = SourceLocation(
            file: reader.file, line: reader.node.mark?.line ?? 0, column: reader.node.mark?.column ?? 0)
        if let device = try reader.optionalString("device") {
            guard device.hasPrefix("/dev/") else {
                throw BoardError.at(
                    reader.value("device") ?? reader.node, file: reader.file,
                    "'device' must be a watchdog device such as /dev/watchdog")
            }
            watchdog.device = device
        }
        watchdog.timeout =
            try reader.optionalDuration("timeout", in: .seconds(1)...(.seconds(3600))) ?? watchdog.timeout
        watchdog.stallTimeout =
            try reader.optionalDuration("stall-timeout", in: .seconds(1)...(.seconds(3600))) ?? watchdog.stallTimeout
        watchdog.systemd = try reader.optionalFlag("systemd") ?? watchdog.systemd
        if watchdog.device != nil, watchdog.stallTimeout >= watchdog.timeout {
            throw BoardError.at(
                reader.value("stall-timeout") ?? reader.node, file: reader.file,
                "'stall-timeout' must be shorter than the watchdog's 'timeout', or a stall resets the gateway "
                    + "only after the watchdog already has")
        }
        return watchdog
    }
}
