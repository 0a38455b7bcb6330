// SensorGate — Modbus: the register map as a person reads it: plain text or Markdown.

/// Renders a ``ModbusRegisterMap`` (what `sensorgate modbus map` prints and docs/modbus.md holds).
public enum ModbusMapDocument {
    /// The map as Markdown tables.
    /// - Parameters:
    ///   - map: the map.
    ///   - title: what it is the map of (the board's name).
    /// - Returns: Markdown, ending with a newline.
    public static func markdown(_ map: ModbusRegisterMap, title: String) -> String {
        var lines = ["### Register map of \(title)", ""]
        lines.append(
            "Protocol (0-based) addresses; 32-bit values high word first. \(map.points.count) points, "
                + "\(map.alarms.count) alarms, \(map.holdingRegisterCount / 2) settings"
                + (map.readOnly ? " (read-only mode: no holding registers, no coils)." : "."))
        lines += ["", "#### Input registers (function 4)", ""]
        lines.append("| register | points | unit | int32 scale | int32 offset | int16 scale | what |")
        lines.append("|---:|---|---|---:|---:|---:|---|")
        lines.append("| 0 | layout version (\(ModbusRegisterMap.layoutVersion)) | | | | | |")
        lines.append("| 1, 2, 3 | points, alarms, settings served | | | | | |")
        lines.append("| 4–5 | update counter (uint32) | | | | | moves whenever the gateway publishes |")
        for (index, point) in map.points.enumerated() {
            let base = ModbusRegisterMap.recordAddress(index)
            lines.append(
                "| \(base)–\(base + 7) | `\(point.name)` | \(point.unit) | \(number(point.int32Scale)) | "
                    + "\(number(point.int32Offset)) | \(number(point.int16Scale)) | \(point.summary) |")
        }
        lines += ["", "#### Discrete inputs (function 2) and coils (functions 1, 5, 15)", ""]
        lines.append("| address | alarm | raised when |")
        lines.append("|---:|---|---|")
        for (index, alarm) in map.alarms.enumerated() {
            lines.append("| \(index) | `\(alarm.name)` | \(alarm.summary) |")
        }
        lines += ["", "#### Holding registers (functions 3, 6, 16, 23), float32", ""]
        if map.readOnly {
            lines.append("None in read-only mode; the settings keep their defaults.")
        } else {
            lines.append("| registers | setting | unit | default | accepted |")
            lines.append("|---:|---|---|---:|---|")
            for (index, setting) in map.settings.enumerated() {
                let accepted =
                    "\(number(setting.range.lowerBound)) … \(number(setting.range.upperBound))"
                    + (setting.allowsNaN ? ", NaN" : "")
                lines.append(
                    "| \(2 * index)–\(2 * index + 1) | `\(setting.name)` | \(setting.unit) | "
                        + "\(number(setting.defaultValue)) | \(accepted) |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The map as aligned plain text, one line per register block.
    /// - Parameters:
    ///   - map: the map.
    ///   - title: what it is the map of.
    /// - Returns: text ending with a newline.
    public static func text(_ map: ModbusRegisterMap, title: String) -> String {
        var lines = ["Modbus register map of \(title) (0-based addresses; 32-bit values high word first)"]
        lines.append("input registers: 0 layout version, 1-3 counts, 4-5 update counter")
        lines.append("input registers per point: +0-1 float32, +2-3 int32, +4 int16, +5 quality, +6-7 age ms")
        for (index, point) in map.points.enumerated() {
            let base = ModbusRegisterMap.recordAddress(index)
            lines.append(
                pad("  \(base)-\(base + 7)", 14) + pad(point.name, 34) + pad(point.unit, 6)
                    + "int32 × \(number(point.int32Scale)) + \(number(point.int32Offset)), int16 × \(number(point.int16Scale))"
            )
        }
        lines.append("discrete inputs (alarm active)" + (map.readOnly ? ":" : " and coils (alarm enabled):"))
        for (index, alarm) in map.alarms.enumerated() { lines.append(pad("  \(index)", 14) + alarm.name) }
        lines.append("holding registers (float32 settings):" + (map.readOnly ? " none (read-only)" : ""))
        if !map.readOnly {
            for (index, setting) in map.settings.enumerated() {
                lines.append(
                    pad("  \(2 * index)-\(2 * index + 1)", 14) + pad(setting.name, 34) + pad(setting.unit, 6)
                        + "default \(number(setting.defaultValue))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    /// A number without trailing zeros: 0.00390625, 1e-09, 101325, NaN.
    private static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
