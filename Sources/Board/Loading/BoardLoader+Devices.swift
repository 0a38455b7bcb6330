// SensorGate — Board: validating the devices of a board file.

import Drivers
import HAL
import Yams

extension BoardLoader {
    static func device(_ label: String, _ reader: NodeReader, _ board: BoardDescription) throws(BoardError)
        -> DeviceDescription
    {
        try reader.rejectUnknownKeys(deviceKeys)
        let compatible = try reader.string("compatible")
        let known = ChipCatalog.all.map(\.compatible)
        guard known.contains(compatible) else {
            throw BoardError.at(
                reader.value("compatible") ?? reader.node, file: reader.file,
                "unknown compatible '\(compatible)'\(Suggestions.hint(for: compatible, in: known)); "
                    + "supported: \(known.joined(separator: ", "))")
        }
        let busName = try reader.string("bus")
        guard let bus = board.bus(busName) else {
            throw BoardError.at(
                reader.value("bus") ?? reader.node, file: reader.file,
                "device '\(label)' is on bus '\(busName)', which the board does not declare"
                    + Suggestions.hint(for: busName, in: board.buses.map(\.name)))
        }
        var description = DeviceDescription(
            label: label, compatible: compatible, bus: busName, address: nil, chipSelect: nil,
            simulation: SimulatedFitting(fitted: compatible),
            location: SourceLocation(
                file: reader.file, line: reader.node.mark?.line ?? 0, column: reader.node.mark?.column ?? 0))
        switch bus.kind {
        case .i2c:
            guard let (value, node) = try reader.optionalInteger("address") else {
                throw BoardError.at(
                    reader.node, file: reader.file, "I2C device '\(label)' needs an 'address' (0x08–0x77)")
            }
            guard let address = I2CAddress(rawValue: UInt8(clamping: max(0, value))), value <= 0x7F, !address.isReserved
            else {
                throw BoardError.at(node, file: reader.file, "address \(value) is not a 7-bit I2C address (0x08–0x77)")
            }
            if let clash = board.devices.first(where: { $0.bus == busName && $0.address == address }) {
                throw BoardError.at(
                    node, file: reader.file, "address \(address) on '\(busName)' is already used by '\(clash.label)'")
            }
            description.address = address
        case .spi:
            if ChipCatalog.signature(compatible)?.hasSPI == false {
                throw BoardError.at(
                    reader.value("bus") ?? reader.node, file: reader.file,
                    "\(compatible) has no SPI interface; put '\(label)' on an I2C bus")
            }
            guard let (value, node) = try reader.optionalInteger("chip-select") else {
                throw BoardError.at(
                    reader.node, file: reader.file, "SPI device '\(label)' needs a 'chip-select' (0, 1, …)")
            }
            guard (0...255).contains(value) else {
                throw BoardError.at(node, file: reader.file, "chip-select must be 0 to 255")
            }
            description.chipSelect = value
        }
        if let sim = try reader.mapping("sim") {
            try sim.rejectUnknownKeys(simKeys)
            guard bus.isSimulated else {
                throw BoardError.at(
                    sim.node, file: reader.file, "'sim' settings apply only to devices on simulated (sim:) buses")
            }
            let fitted = try sim.string("fitted")
            if fitted != "none" && !known.contains(fitted) {
                throw BoardError.at(
                    sim.value("fitted") ?? sim.node, file: reader.file,
                    "unknown fitted chip '\(fitted)'\(Suggestions.hint(for: fitted, in: known)); use a compatible or none"
                )
            }
            description.simulation.fitted = fitted == "none" ? nil : fitted
        }
        return description
    }

    /// Turns a YAML syntax error into one line with its position.
    static func yamlError(_ error: YamlError, file: String) -> BoardError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let what = [context?.text, problem].compactMap { $0 }.joined(separator: " ")
            return BoardError(file: file, line: mark.line, column: mark.column, message: "YAML syntax: \(what)")
        case .composer(let context, let problem, let mark, _):
            let what = [context?.text, problem].compactMap { $0 }.joined(separator: " ")
            return BoardError(file: file, line: mark.line, column: mark.column, message: "YAML: \(what)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return BoardError(
                file: file, line: context.mark.line, column: context.mark.column,
                message: "\(keys) appears twice in the same mapping; each key may appear once")
        default:
            return BoardError(file: file, line: 0, column: 0, message: "YAML: \(error)")
        }
    }
}
