// SensorGate — Operations: the swift-log handler of the command line: one line per event, text or JSON.

import Foundation
import Logging
import Synchronization

/// How ``LineLogHandler`` writes an event.
public enum LogLineFormat: String, Sendable, CaseIterable {
    /// `sensorgate: mqtt: warning: connection lost; reconnecting broker=127.0.0.1:1883 reason="timeout"`:
    /// for a person and for journald (which adds its own timestamps).
    case text
    /// One JSON object per line: `ts` (UTC, milliseconds), `level`, `logger`, `msg`, then the metadata
    /// keys, for log shippers.
    case json
}

/// A swift-log `LogHandler` that writes one line per event to a sink (standard error by default).
///
/// The logger's label names the component: `sensorgate.mqtt` prints as `mqtt`. Metadata from the
/// handler, the logger and the call are merged (the call wins) and written as `key=value` pairs
/// (quoted when they contain spaces, quotes or `=`) or as JSON members. Lines from concurrent threads
/// never interleave: the sink is called under one process-wide lock.
public struct LineLogHandler: LogHandler {
    /// The events at this level and above are written. Default `.notice`: a run is quiet unless
    /// something needs a person (warnings, errors) or says where the data goes.
    public var logLevel: Logger.Level
    /// Metadata added to every event of this logger.
    public var metadata: Logger.Metadata = [:]
    /// The format. Default `.text`.
    public var format: LogLineFormat
    private let label: String
    private let sink: @Sendable (String) -> Void
    private let now: @Sendable () -> Date

    /// A handler for the logger `label`.
    /// - Parameters:
    ///   - label: the logger's label (`sensorgate.<component>`).
    ///   - level: the lowest level written. Default `.notice`.
    ///   - format: text or JSON. Default `.text`.
    ///   - now: the wall clock for JSON timestamps. Default: the system's.
    ///   - sink: receives each line, newline included. Default: standard error.
    public init(
        label: String, level: Logger.Level = .notice, format: LogLineFormat = .text,
        now: @escaping @Sendable () -> Date = { Date() },
        sink: @escaping @Sendable (String) -> Void = LineLogHandler.standardError
    ) {
        self.label = label
        self.logLevel = level
        self.format = format
        self.now = now
        self.sink = sink
    }

    /// Reads and replaces one metadata value.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one event (swift-log calls this only for events at or above ``logLevel``).
    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, call in call } }
        let line =
            switch format {
            case .text: Self.textLine(component: component, level: event.level, message: "\(event.message)", merged)
            case .json:
                Self.jsonLine(
                    time: now(), logger: label, level: event.level, message: "\(event.message)", merged)
            }
        Self.writeLock.withLock { _ in sink(line) }
    }

    /// The component: the label after `sensorgate.`.
    private var component: String {
        label.hasPrefix("sensorgate.") ? String(label.dropFirst("sensorgate.".count)) : label
    }

    /// The text form: `sensorgate: COMPONENT: [LEVEL: ]MESSAGE[ key=value…]`; the level is spelled
    /// from `warning` up, so ordinary lines read as before.
    static func textLine(component: String, level: Logger.Level, message: String, _ metadata: Logger.Metadata)
        -> String
    {
        var line = "sensorgate: \(component): "
        if level >= .warning { line += "\(level): " }
        line += message
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            line += " \(key)=\(quoted("\(value)"))"
        }
        return line + "\n"
    }

    /// The JSON form: one object with sorted keys; metadata keys that collide with `ts`, `level`,
    /// `logger` or `msg` are prefixed with `meta.`.
    static func jsonLine(
        time: Date, logger: String, level: Logger.Level, message: String, _ metadata: Logger.Metadata
    ) -> String {
        var object: [String: Any] = [
            "ts": timestamp(time), "level": "\(level)", "logger": logger, "msg": message,
        ]
        for (key, value) in metadata {
            let name = object[key] == nil ? key : "meta.\(key)"
            object[name] = jsonValue(value)
        }
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{\"msg\":\"unencodable log event\"}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A metadata value as JSON: strings, arrays and dictionaries keep their shape.
    private static func jsonValue(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): "\(convertible)"
        case .array(let values): values.map(jsonValue)
        case .dictionary(let members): members.mapValues(jsonValue)
        }
    }

    /// `value`, quoted with `"` and its `"` and `\` escaped when it holds a space, quote, `=` or nothing.
    static func quoted(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { " \"=\\\n\t".contains($0) }) else { return value }
        var text = "\""
        for character in value {
            switch character {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            default: text.append(character)
            }
        }
        return text + "\""
    }

    /// `2026-11-22T07:40:00.123Z`.
    static func timestamp(_ time: Date) -> String {
        let milliseconds = Int64((time.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let date = Date(timeIntervalSince1970: TimeInterval(seconds.quotient))
        let components = Calendar(identifier: .gregorian).dateComponents(
            in: TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current, from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ", components.year ?? 0, components.month ?? 0,
            components.day ?? 0, components.hour ?? 0, components.minute ?? 0, components.second ?? 0,
            seconds.remainder)
    }

    /// Writes a line to standard error.
    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Serialises the sinks of every handler in the process.
    private static let writeLock = Mutex(())
}
