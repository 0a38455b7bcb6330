// SensorGate — Board: validating the `modbus:` section.

import Modbus
import Yams

extension BoardLoader {
    static let modbusKeys = ["listen", "unit-id", "read-only", "allow", "max-clients", "stale-after-s", "alarms"]
    static let modbusAlarmKeys = ["name", "point", "high", "low", "hysteresis"]

    /// The board's `modbus:` section.
    static func modbus(_ reader: NodeReader) throws(BoardError) -> ModbusDescription {
        try reader.rejectUnknownKeys(modbusKeys)
        var modbus = ModbusDescription()
        modbus.location = SourceLocation(
            file: reader.file, line: reader.node.mark?.line ?? 0, column: reader.node.mark?.column ?? 0)
        if let listen = try reader.optionalString("listen") {
            guard ModbusListenAddress(listen) != nil else {
                throw BoardError.at(
                    reader.value("listen") ?? reader.node, file: reader.file,
                    "'listen' must be HOST:PORT such as 127.0.0.1:1502 or [::1]:1502, not '\(listen)'")
            }
            modbus.listen = listen
        }
        if let unit = try reader.optionalInteger("unit-id") {
            guard (1...247).contains(unit.value) else {
                throw BoardError.at(unit.node, file: reader.file, "'unit-id' must be from 1 to 247")
            }
            modbus.unit = unit.value
        }
        modbus.readOnly = try reader.optionalFlag("read-only") ?? false
        if let clients = try reader.optionalInteger("max-clients") {
            guard (1...1024).contains(clients.value) else {
                throw BoardError.at(clients.node, file: reader.file, "'max-clients' must be from 1 to 1024")
            }
            modbus.maxClients = clients.value
        }
        modbus.staleAfterS = try reader.number("stale-after-s", default: 10, in: 0.1...86_400, unit: "s")
        if let allow = reader.value("allow") {
            guard let items = allow.sequence else {
                throw BoardError.at(
                    allow, file: reader.file, "'allow' must be a list of networks such as [127.0.0.0/8]")
            }
            for item in items {
                let text = item.scalar?.string ?? ""
                guard ModbusAllowList.Block(text) != nil else {
                    throw BoardError.at(
                        item, file: reader.file, "'\(text)' is not a network; write 192.168.1.0/24, 10.0.0.7 or ::1/128"
                    )
                }
                modbus.allow.append(text)
            }
        }
        for alarm in try reader.optionalList("alarms") ?? [] {
            try alarm.rejectUnknownKeys(modbusAlarmKeys)
            let high = try alarm.optionalNumber("high")
            let low = try alarm.optionalNumber("low")
            guard high != nil || low != nil else {
                throw BoardError.at(alarm.node, file: reader.file, "an alarm needs 'high', 'low' or both")
            }
            modbus.alarms.append(
                ModbusAlarmDescription(
                    name: try alarm.string("name"), point: try alarm.string("point"), high: high, low: low,
                    hysteresis: try alarm.number("hysteresis", default: 0, in: 0...1e12),
                    location: SourceLocation(
                        file: reader.file, line: alarm.node.mark?.line ?? 0, column: alarm.node.mark?.column ?? 0)))
        }
        return modbus
    }
}
