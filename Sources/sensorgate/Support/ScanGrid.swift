// SensorGate — sensorgate: the i2cdetect-style address grid.

import Drivers
import HAL

/// Draws a scan as i2cdetect does: rows of 16 addresses, `--` for nothing, `UU` for a kernel driver,
/// the address for a device, blanks outside the scanned range.
enum ScanGrid {
    /// The grid's lines.
    static func lines(_ entries: [I2CScanEntry]) -> [String] {
        var byAddress: [UInt8: I2CScanStatus] = [:]
        for entry in entries { byAddress[entry.address.rawValue] = entry.status }
        var lines = ["     0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f"]
        for row in stride(from: 0, to: 0x80, by: 0x10) {
            var line = String(Hex.byte(UInt8(row)).dropFirst(2)) + ":"
            for column in 0..<16 {
                let address = UInt8(row + column)
                let cell: String
                switch byAddress[address] {
                case .none: cell = "  "
                case .empty: cell = "--"
                case .present: cell = String(Hex.byte(address).dropFirst(2))
                case .heldByDriver: cell = "UU"
                case .error: cell = "XX"
                }
                line += " " + cell
            }
            lines.append(line)
        }
        return lines
    }

    /// One line per device found: address, part, compatible and evidence, or `unknown device`.
    static func findings(_ entries: [I2CScanEntry], bus: String) -> [String] {
        entries.compactMap { entry in
            switch entry.status {
            case .present:
                guard let (signature, evidence) = entry.chips.first else {
                    return "\(bus) \(entry.address): unknown device"
                }
                let also = entry.chips.dropFirst().map { " or \($0.signature.part)" }.joined()
                return "\(bus) \(entry.address): \(signature.part)\(also) (\(signature.compatible)): \(evidence)"
            case .heldByDriver:
                return "\(bus) \(entry.address): held by a kernel driver"
            case .error(let error):
                return "\(bus) \(entry.address): \(error.kind): \(error)"
            case .empty:
                return nil
            }
        }
    }
}
