// SensorGate — Board: validating the `modem:` section.

import Modem
import Yams

extension BoardLoader {
    static let modemKeys = ["dialect", "port", "network", "psm", "lines"]
    static let modemLineKeys = ["line", "active-low"]
    static let psmKeys = ["periodic-tau", "active-time", "upload-interval", "upload-backlog"]

    /// The board's `modem:` section.
    static func modem(_ reader: NodeReader, _ board: BoardDescription) throws(BoardError) -> ModemDescription {
        try reader.rejectUnknownKeys(modemKeys)
        let name = try reader.string("dialect")
        guard let dialect = ModemDialect.named(name) else {
            let names = ModemDialect.all.map(\.name)
            throw BoardError.at(
                reader.value("dialect") ?? reader.node, file: reader.file,
                "unknown modem dialect '\(name)'\(Suggestions.hint(for: name, in: names)); use one of "
                    + names.joined(separator: ", "))
        }
        var modem = ModemDescription(dialect: dialect.name, location: where_(reader))
        if let port = try reader.optionalString("port") {
            guard port == "sim" || port.hasPrefix("/dev/") else {
                throw BoardError.at(
                    reader.value("port") ?? reader.node, file: reader.file,
                    "'port' must be a serial device such as /dev/ttyUSB2 or /dev/ttyS1, or sim, not '\(port)'")
            }
            modem.port = port
        }
        if let network = try choice(reader, "network", ModemNetworkKind.self) {
            guard modem.isSimulated else {
                throw BoardError.at(
                    reader.value("network") ?? reader.node, file: reader.file,
                    "'network' chooses the simulated module's network; a real module (port \(modem.port)) "
                        + "registers on whatever network it finds: remove it")
            }
            modem.network = network
        }
        if let block = try reader.mapping("psm") {
            guard dialect.supportsPSM else {
                let able = ModemDialect.all.filter(\.supportsPSM).map(\.name).joined(separator: ", ")
                throw BoardError.at(
                    reader.keyNode("psm") ?? reader.node, file: reader.file,
                    "the \(dialect.name) module has no power saving mode (AT+CPSMS); remove 'psm' or use one of \(able)"
                )
            }
            modem.psm = try psm(block)
        }
        if let block = try reader.mapping("lines") { modem.lines = try lines(block, dialect, board) }
        return modem
    }

    /// The `modem: lines:` map: each control line as `chip/offset`, or `{line: chip/offset, active-low: true}`.
    static func lines(_ reader: NodeReader, _ dialect: ModemDialect, _ board: BoardDescription)
        throws(BoardError) -> [ModemLineRole: ModemLineDescription]
    {
        try reader.rejectUnknownKeys(ModemLineRole.allCases.map(\.rawValue))
        var lines: [ModemLineRole: ModemLineDescription] = [:]
        for key in reader.keys {
            guard let role = ModemLineRole(rawValue: key), let node = reader.value(key) else { continue }
            let keyNode = reader.keyNode(key) ?? node
            if role == .wake && dialect.power.psmWakePulse == nil {
                let able = ModemDialect.all.filter { $0.power.psmWakePulse != nil }.map(\.name).joined(separator: ", ")
                throw BoardError.at(
                    keyNode, file: reader.file,
                    "the \(dialect.name) module has no separate PSM wake-up line (PWRKEY wakes it); remove 'wake' "
                        + "or wire the line as 'pwrkey' (modules with one: \(able))")
            }
            if role == .reset && dialect.power.resetPulse == nil {
                throw BoardError.at(
                    keyNode, file: reader.file,
                    "the \(dialect.name) module has no RESET_N pin; remove 'reset' (the driver resets it by AT+CFUN=1,1)"
                )
            }
            var line: ModemLineDescription
            if node.scalar != nil {
                let text = try reader.string(key)
                line = ModemLineDescription(
                    line: try gpioLine(text, node: node, name: key, file: reader.file, board),
                    location: location(node, reader))
            } else {
                guard let block = try reader.mapping(key) else { continue }
                try block.rejectUnknownKeys(modemLineKeys)
                let text = try block.string("line")
                let valueNode = block.value("line") ?? node
                line = ModemLineDescription(
                    line: try gpioLine(text, node: valueNode, name: key, file: reader.file, board),
                    location: location(valueNode, reader))
                line.activeLow = try block.optionalFlag("active-low") ?? false
            }
            if let (other, _) = lines.first(where: { $0.value.line == line.line }) {
                throw BoardError.at(
                    node, file: reader.file,
                    "\(line.line) is already the modem's '\(other.rawValue)' line; each line "
                        + "drives one pin")
            }
            for device in board.devices {
                if let (pin, _) = device.interrupts.first(where: { $0.value == line.line }) {
                    throw BoardError.at(
                        node, file: reader.file, "\(line.line) is already wired to \(device.label) \(pin)")
                }
            }
            lines[role] = line
        }
        return lines
    }

    private static func location(_ node: Node, _ reader: NodeReader) -> SourceLocation {
        SourceLocation(file: reader.file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }

    /// The `modem: psm:` block: T3412/T3324 as the network can grant them (TS 24.008 GPRS Timer 3 and
    /// 2), and the upload schedule.
    static func psm(_ reader: NodeReader) throws(BoardError) -> ModemPSMDescription {
        try reader.rejectUnknownKeys(psmKeys)
        var psm = ModemPSMDescription(location: where_(reader))
        // T3412 extended: 31 × 320 h at most; T3324: 31 × 6 min at most (TS 24.008 §10.5.7.4a, §10.5.7.4).
        if let tau = try reader.optionalDuration("periodic-tau", in: .seconds(2) ... .seconds(31 * 1_152_000)) {
            psm.periodicTAU = tau
        }
        if let active = try reader.optionalDuration("active-time", in: .zero ... .seconds(31 * 360)) {
            psm.activeTime = active
        }
        if psm.activeTime >= psm.periodicTAU {
            throw BoardError.at(
                reader.value("active-time") ?? reader.value("periodic-tau") ?? reader.node, file: reader.file,
                "'active-time' must be shorter than 'periodic-tau' (the module would never sleep); "
                    + "NB-IoT networks grant seconds to minutes of active time and hours of TAU")
        }
        if let interval = try reader.optionalDuration("upload-interval", in: .seconds(10) ... .seconds(7 * 86400)) {
            psm.uploadInterval = interval
        }
        if let backlog = try reader.optionalInteger("upload-backlog") {
            guard (1...100_000).contains(backlog.value) else {
                throw BoardError.at(
                    backlog.node, file: reader.file, "'upload-backlog' must be from 1 to 100000 batches")
            }
            psm.uploadBacklog = backlog.value
        }
        return psm
    }
}
