// SensorGate — sensorgate: readings as JSON Lines and as text.

import Board
import Drivers
import Foundation

/// `read --json`: `{"sensor", "chip", "bus", "address" or "chip_select", "values", "raw"}` per line,
/// keys in that order; value keys name their units (`pressure_pa`, `accel_mps2`, …).
enum ReadingJSON {
    /// One line for one reading.
    static func line(_ device: DeviceDescription, bus: String, reading: SensorReading) -> String {
        var fields = [
            "\"sensor\": \(string(device.label))", "\"chip\": \(string(device.compatible))", "\"bus\": \(string(bus))",
        ]
        if let address = device.address { fields.append("\"address\": \(string(address.description))") }
        if let chipSelect = device.chipSelect { fields.append("\"chip_select\": \(chipSelect)") }
        let values = Quantity.allCases.compactMap { quantity -> String? in
            guard let value = reading.values[quantity] else { return nil }
            return
                "\(string(quantity.rawValue)): \(quantity.isVector ? "[\(value.map(number).joined(separator: ", "))]" : number(value.first ?? .nan))"
        }
        // RawCodes iterates sorted by name, the order these keys have always had.
        let raw = reading.raw.map { name, codes -> String in
            "\(string(name.rawValue)): \(codes.count == 1 ? "\(codes[0])" : "[\(codes.map(String.init).joined(separator: ", "))]")"
        }
        fields.append("\"values\": {\(values.joined(separator: ", "))}")
        fields.append("\"raw\": {\(raw.joined(separator: ", "))}")
        return "{\(fields.joined(separator: ", "))}"
    }

    /// A JSON string literal.
    static func string(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode(text) else { return "\"\"" }
        return String(decoding: data, as: UTF8.self)
    }

    /// A JSON number, or null for values JSON cannot carry.
    static func number(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "null"
    }
}

/// `read` without `--json`: one line per sensor with values and units.
enum ReadingText {
    /// One line for one reading.
    static func line(_ device: DeviceDescription, bus: String, reading: SensorReading) -> String {
        let place = device.address.map { "\(bus) \($0)" } ?? "\(bus) cs\(device.chipSelect ?? 0)"
        let values = Quantity.allCases.compactMap { quantity -> String? in
            guard let value = reading.values[quantity] else { return nil }
            let (name, unit, digits) = presentation(quantity)
            let text = value.map { String(format: "%.\(digits)f", $0) }.joined(separator: " ")
            return "\(name) \(quantity.isVector ? "[\(text)]" : text) \(unit)"
        }
        let padded = device.label.padding(toLength: max(14, device.label.count + 1), withPad: " ", startingAt: 0)
        let chip = device.compatible.padding(toLength: 20, withPad: " ", startingAt: 0)
        return
            "\(padded)\(chip)\(place.padding(toLength: 16, withPad: " ", startingAt: 0))\(values.joined(separator: "  "))"
    }

    private static func presentation(_ quantity: Quantity) -> (String, String, Int) {
        switch quantity {
        case .pressurePa: ("pressure", "Pa", 2)
        case .temperatureC: ("temperature", "°C", 3)
        case .humidityRH: ("humidity", "%RH", 2)
        case .accelMps2: ("accel", "m/s²", 4)
        case .gyroRadps: ("gyro", "rad/s", 5)
        case .magUT: ("mag", "µT", 2)
        }
    }
}
