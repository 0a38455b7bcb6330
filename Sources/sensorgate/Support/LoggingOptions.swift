// SensorGate — the command line's logging options: level and format of the swift-log handler.

import ArgumentParser
import Foundation
import Logging
import Operations
import Synchronization

/// `--log-level` and `--log-format` of the commands that run for a while (`run`, `collect`, `hil`).
/// The level falls back to SENSORGATE_LOG_LEVEL (for a systemd unit), then to `notice`: quiet by
/// default, so a run prints where its data goes, warnings and errors, and nothing else.
struct LoggingOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The lowest level logged: trace, debug, info, notice (default), warning, error, critical; or "
                + "SENSORGATE_LOG_LEVEL.", valueName: "LEVEL"))
    var logLevel: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "text (default: one line per event, key=value metadata) or json (one object per line).",
            valueName: "FORMAT"))
    var logFormat = "text"

    /// The level and format asked for.
    /// - Throws: `Failure` naming the option (or the variable) and the values it takes.
    func resolved(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (
        level: Logger.Level, format: LogLineFormat
    ) {
        let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
        let level: Logger.Level
        if let logLevel {
            guard let parsed = Logger.Level(rawValue: logLevel.lowercased()) else {
                throw Failure("--log-level \(logLevel): not a level; use one of \(levels)")
            }
            level = parsed
        } else if let text = environment["SENSORGATE_LOG_LEVEL"], !text.isEmpty {
            guard let parsed = Logger.Level(rawValue: text.lowercased()) else {
                throw Failure("SENSORGATE_LOG_LEVEL=\(text): not a level; use one of \(levels)")
            }
            level = parsed
        } else {
            level = .notice
        }
        guard let format = LogLineFormat(rawValue: logFormat.lowercased()) else {
            throw Failure("--log-format \(logFormat): use text or json")
        }
        return (level, format)
    }

    /// Installs the process's log handler (once; later calls keep the first choice) and returns the
    /// logger for `component` (`sensorgate.<component>`).
    /// - Throws: `Failure` for a bad level or format.
    func bootstrap(_ component: String) throws -> Logger {
        let (level, format) = try resolved()
        return Self.logger(component, level: level, format: format)
    }

    /// The logger for `component`, installing the handler with `level` and `format` first if no
    /// command has (commands without logging options log warnings and above, as text, on stderr).
    static func logger(_ component: String, level: Logger.Level = .notice, format: LogLineFormat = .text) -> Logger {
        installed.withLock { installed in
            guard !installed else { return }
            installed = true
            LoggingSystem.bootstrap { label in LineLogHandler(label: label, level: level, format: format) }
        }
        return Logger(label: "sensorgate.\(component)")
    }

    /// Whether the handler is installed (swift-log allows one bootstrap per process).
    private static let installed = Mutex(false)
}
