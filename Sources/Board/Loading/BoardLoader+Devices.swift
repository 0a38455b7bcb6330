// SensorGate — Board: validating the devices of a board file.

import Drivers
import Foundation
import HAL
import HALSim
import SensorMath
import World
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
            let fitted = try sim.optionalString("fitted") ?? compatible
            if fitted != "none" && !known.contains(fitted) {
                throw BoardError.at(
                    sim.value("fitted") ?? sim.node, file: reader.file,
                    "unknown fitted chip '\(fitted)'\(Suggestions.hint(for: fitted, in: known)); use a compatible or none"
                )
            }
            description.simulation.fitted = fitted == "none" ? nil : fitted
            try simulation(sim, into: &description)
        }
        try placement(reader, into: &description)
        try settings(reader, into: &description)
        try interrupts(reader, board, into: &description)
        description.sampling = try deviceSampling(reader, description)
        description.batching = try deviceBatching(reader)
        if let processing = try reader.mapping("processing") {
            description.processing = try self.processing(processing)
        }
        if let vibration = try reader.mapping("vibration") { description.vibration = try self.vibration(vibration) }
        return description
    }

    /// `interrupts: {PIN: chip/offset}`, checked against the chip's pins and the board's GPIO chips.
    private static func interrupts(
        _ reader: NodeReader, _ board: BoardDescription, into description: inout DeviceDescription
    ) throws(BoardError) {
        guard let interrupts = try reader.mapping("interrupts") else { return }
        let pins = ChipRegistry.entry(description.compatible)?.interruptPins ?? []
        try interrupts.rejectUnknownKeys(pins)
        for (pin, text, node) in try interrupts.scalars() {
            let reference = try gpioLine(text, node: node, name: pin, file: reader.file, board)
            for other in board.devices {
                if let (otherPin, _) = other.interrupts.first(where: { $0.value == reference }) {
                    throw BoardError.at(
                        node, file: reader.file, "\(reference) is already wired to \(other.label) \(otherPin)")
                }
            }
            description.interrupts[pin] = reference
        }
    }

    /// A GPIO line written `chip/offset` (`gpio0/17`), checked against the board's GPIO chips.
    /// - Parameters:
    ///   - text: the value.
    ///   - node: its node, for errors.
    ///   - name: the key it is given for, for errors.
    ///   - file: the board file.
    ///   - board: the board read so far.
    /// - Returns: the line.
    /// - Throws: `BoardError` naming the value's position.
    static func gpioLine(_ text: String, node: Node, name: String, file: String, _ board: BoardDescription)
        throws(BoardError) -> GPIOLineReference
    {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let offset = UInt32(parts[1]) else {
            throw BoardError.at(node, file: file, "'\(name)' must be a GPIO line as chip/offset, such as gpio0/17")
        }
        let chipName = String(parts[0])
        guard let chip = board.gpioChips.first(where: { $0.name == chipName }) else {
            throw BoardError.at(
                node, file: file,
                "no GPIO chip '\(chipName)' in 'gpio'"
                    + Suggestions.hint(for: chipName, in: board.gpioChips.map(\.name)))
        }
        if chip.isSimulated, offset >= UInt32(chip.lineCount) {
            throw BoardError.at(node, file: file, "\(chipName) has lines 0 to \(chip.lineCount - 1)")
        }
        return GPIOLineReference(chip: chipName, offset: offset)
    }

    /// `mount:` and `axes:`.
    private static func placement(_ reader: NodeReader, into description: inout DeviceDescription)
        throws(BoardError)
    {
        if let mount = try reader.optionalString("mount") {
            guard let mounting = Mounting(rawValue: mount) else {
                let choices = Mounting.allCases.map(\.rawValue)
                throw BoardError.at(
                    reader.value("mount") ?? reader.node, file: reader.file,
                    "mount '\(mount)' is not one of \(choices.joined(separator: ", "))"
                        + Suggestions.hint(for: mount, in: choices))
            }
            description.mounting = mounting
        }
        if let axes = try reader.mapping("axes") {
            try axes.rejectUnknownKeys(axesKeys)
            let degrees = Double.pi / 180
            description.axes = Quaternion.euler(
                roll: try axes.number("roll-deg", default: 0, in: -360...360, unit: "degrees") * degrees,
                pitch: try axes.number("pitch-deg", default: 0, in: -360...360, unit: "degrees") * degrees,
                yaw: try axes.number("yaw-deg", default: 0, in: -360...360, unit: "degrees") * degrees)
        }
    }

    /// `settings:`, checked against the chip's keys and values by making its driver on an inert bus.
    private static func settings(_ reader: NodeReader, into description: inout DeviceDescription)
        throws(BoardError)
    {
        guard let settings = try reader.mapping("settings") else { return }
        guard let entry = ChipRegistry.entry(description.compatible) else {
            throw BoardError.at(
                settings.node, file: reader.file, "\(description.compatible) has no driver settings yet")
        }
        try settings.rejectUnknownKeys(entry.settingKeys)
        let scalars = try settings.scalars()
        let options = ChipOptions(Dictionary(uniqueKeysWithValues: scalars.map { ($0.key, $0.value) }))
        do {
            _ = try entry.makeDriver(inertAttachment(entry), VirtualClock(), options)
        } catch {
            let node = scalars.first { $0.key == error.key }?.node ?? settings.node
            throw BoardError.at(node, file: reader.file, "setting \(error.key): \(error.message)")
        }
        description.settings = options.values
    }

    /// `sim:` beyond `fitted`: trim, seed, noise, replay.
    private static func simulation(_ sim: NodeReader, into description: inout DeviceDescription) throws(BoardError) {
        if let (seed, node) = try sim.optionalInteger("seed") {
            guard seed >= 0 else { throw BoardError.at(node, file: sim.file, "'seed' must not be negative") }
            description.simulation.seed = UInt64(seed)
        }
        if let noise = try sim.optionalFlag("noise") { description.simulation.noise = noise }
        if let nominal = try sim.optionalFlag("nominal") {
            if nominal, let node = sim.value("seed") {
                throw BoardError.at(node, file: sim.file, "a nominal part has no seed; remove 'seed' or 'nominal'")
            }
            description.simulation.nominal = nominal
        }
        if let trim = try sim.mapping("trim") {
            guard let fitted = description.simulation.fitted, let entry = ChipRegistry.entry(fitted) else {
                throw BoardError.at(trim.node, file: sim.file, "trim values need a fitted chip with a model")
            }
            try trim.rejectUnknownKeys(entry.trimKeys)
            let scalars = try trim.scalars()
            let options = ChipOptions(Dictionary(uniqueKeysWithValues: scalars.map { ($0.key, $0.value) }))
            do {
                _ = try entry.makeModel(ModelContext(clock: VirtualClock(), trim: options))
            } catch {
                let node = scalars.first { $0.key == error.key }?.node ?? trim.node
                throw BoardError.at(node, file: sim.file, "trim \(error.key): \(error.message)")
            }
            description.simulation.trim = options.values
        }
        if let replay = try sim.mapping("replay") {
            try replay.rejectUnknownKeys(replayKeys)
            let file = try replay.string("file")
            let folder = (sim.file as NSString).deletingLastPathComponent
            let resolved = file.hasPrefix("/") || folder.isEmpty ? file : "\(folder)/\(file)"
            description.simulation.replay = ReplayDescription(
                file: (resolved as NSString).standardizingPath,
                rateHz: try replay.optionalNumber("rate-hz", in: 1e-6...1e7, unit: "Hz"),
                startS: try replay.number("start-s", default: 0, in: 0...1e9, unit: "s"),
                loops: try replay.optionalFlag("loop") ?? false,
                location: SourceLocation(
                    file: sim.file, line: replay.node.mark?.line ?? 0, column: replay.node.mark?.column ?? 0))
        }
    }

    /// A bus on which making a driver sends nothing, for checking settings at load time.
    static func inertAttachment(_ entry: ChipEntry) -> ChipAttachment {
        if entry.interfaces.contains(.i2c) { return .i2c(SimI2CBus(name: "sim:validation"), I2CAddress(0x08)) }
        return .spi(SimSPIBus(name: "sim:validation").device(chipSelect: 0))
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
