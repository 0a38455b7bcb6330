// SensorGate — Board: validating the `modem:` section.

import Modem

extension BoardLoader {
    static let modemKeys = ["dialect", "port", "network"]

    /// The board's `modem:` section.
    static func modem(_ reader: NodeReader) throws(BoardError) -> ModemDescription {
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
        return modem
    }
}
