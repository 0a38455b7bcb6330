// SensorGate — Board: validating the `modbus-rtu:` section: lines, transmitters, register maps.

import HAL
import ModbusRTU
import Yams

extension BoardLoader {
    static let rtuLineKeys = [
        "port", "baud", "parity", "stop-bits", "rs485", "response-timeout", "retries", "frame-silence", "sim",
        "devices",
    ]
    static let rtuRS485Keys = [
        "enabled", "rts-on-send", "rts-after-send", "delay-before-send-ms", "delay-after-send-ms",
    ]
    static let rtuLineSimKeys = ["link", "crc-error-every", "truncate-every", "garbage-every", "silence-every"]
    static let rtuDeviceKeys = ["address", "rate-hz", "points", "batch", "sim"]
    static let rtuPointKeys = ["channel", "table", "address", "type", "scale", "offset", "unit", "lsb"]
    static let rtuDeviceSimKeys = ["fitted", "base", "swing", "period-s", "scale", "unit-code"]
    /// Channel units an RTU point may have: the gateway's pressure, temperature and relative humidity.
    static let rtuUnits = ["Pa", "Cel", "%"]

    /// The board's `modbus-rtu:` section: one entry per line.
    static func modbusRTU(_ reader: NodeReader, _ board: BoardDescription) throws(BoardError)
        -> [ModbusRTULineDescription]
    {
        var lines: [ModbusRTULineDescription] = []
        var labels = Set(board.devices.map(\.label))
        for (name, line) in try reader.entries() {
            let description = try rtuLine(name, line)
            for device in description.devices {
                guard labels.insert(device.label).inserted else {
                    throw BoardError(
                        file: reader.file, line: device.location.line, column: device.location.column,
                        message: "device label '\(device.label)' is used twice; each device needs its own label")
                }
            }
            lines.append(description)
        }
        return lines
    }

    private static func rtuLine(_ name: String, _ reader: NodeReader) throws(BoardError) -> ModbusRTULineDescription {
        try reader.rejectUnknownKeys(rtuLineKeys)
        let port = try reader.string("port")
        guard port.hasPrefix("sim:") || port.hasPrefix("/") else {
            throw BoardError.at(
                reader.value("port") ?? reader.node, file: reader.file,
                "line port '\(port)' must be a serial device (/dev/ttyUSB0, /dev/serial/by-id/…) or sim:NAME")
        }
        var serial = ModbusRTULineDescription.defaultSerial
        if let baud = try reader.optionalInteger("baud") {
            guard (300...4_000_000).contains(baud.value) else {
                throw BoardError.at(baud.node, file: reader.file, "'baud' must be from 300 to 4000000 (such as 19200)")
            }
            serial.baudRate = baud.value
        }
        if let parity = try reader.optionalString("parity") {
            switch parity {
            case "none": serial.parity = .none
            case "even": serial.parity = .even
            case "odd": serial.parity = .odd
            default:
                throw BoardError.at(
                    reader.value("parity") ?? reader.node, file: reader.file,
                    "unknown parity '\(parity)'; use even (the default), odd or none")
            }
        }
        if let stop = try reader.optionalInteger("stop-bits") {
            guard stop.value == 1 || stop.value == 2 else {
                throw BoardError.at(stop.node, file: reader.file, "'stop-bits' must be 1 or 2")
            }
            serial.stopBits = stop.value == 1 ? .one : .two
        }
        var client = ModbusRTUSettings()
        client.responseTimeout =
            try reader.optionalDuration("response-timeout", in: .milliseconds(1)...(.seconds(10)))
            ?? client.responseTimeout
        if let retries = try reader.optionalInteger("retries") {
            guard (0...10).contains(retries.value) else {
                throw BoardError.at(retries.node, file: reader.file, "'retries' must be from 0 to 10")
            }
            client.retries = retries.value
        }
        client.frameSilence = try reader.optionalDuration("frame-silence", in: .microseconds(100)...(.seconds(1)))
        var rs485: RS485Settings?
        if let section = try reader.mapping("rs485") {
            try section.rejectUnknownKeys(rtuRS485Keys)
            var settings = RS485Settings()
            settings.enabled = try section.optionalFlag("enabled") ?? true
            settings.rtsOnSend = try section.optionalFlag("rts-on-send") ?? settings.rtsOnSend
            settings.rtsAfterSend = try section.optionalFlag("rts-after-send") ?? settings.rtsAfterSend
            settings.delayBeforeSendMs = UInt32(
                try section.number("delay-before-send-ms", default: 0, in: 0...1000, unit: "ms"))
            settings.delayAfterSendMs = UInt32(
                try section.number("delay-after-send-ms", default: 0, in: 0...1000, unit: "ms"))
            rs485 = settings
        }
        var faults = RTULineFaultPattern()
        var link = SimulatedRTULink.auto
        if let sim = try reader.mapping("sim") {
            try sim.rejectUnknownKeys(rtuLineSimKeys)
            guard port.hasPrefix("sim:") else {
                throw BoardError.at(sim.node, file: reader.file, "'sim' faults apply only to a sim: line")
            }
            func every(_ key: String) throws(BoardError) -> Int {
                Int(try sim.number(key, default: 0, in: 0...1_000_000))
            }
            faults.crcEvery = try every("crc-error-every")
            faults.truncateEvery = try every("truncate-every")
            faults.garbageEvery = try every("garbage-every")
            faults.silenceEvery = try every("silence-every")
            if let name = try sim.optionalString("link") {
                guard let value = SimulatedRTULink(rawValue: name) else {
                    throw BoardError.at(
                        sim.value("link") ?? sim.node, file: reader.file,
                        "unknown link '\(name)'; use auto (in process at --speed max, a pseudo-terminal when "
                            + "paced; the default), pty or in-process")
                }
                link = value
            }
        }
        var devices: [ModbusRTUDeviceDescription] = []
        guard let deviceSection = try reader.mapping("devices") else {
            throw BoardError.at(reader.node, file: reader.file, "line '\(name)' needs 'devices' (at least one)")
        }
        for (label, device) in try deviceSection.entries() {
            let description = try rtuDevice(label, device)
            if let other = devices.first(where: { $0.address == description.address }) {
                throw BoardError.at(
                    device.value("address") ?? device.node, file: reader.file,
                    "address \(description.address) is already '\(other.label)' on line '\(name)'")
            }
            devices.append(description)
        }
        return ModbusRTULineDescription(
            name: name, port: port, serial: serial, rs485: rs485, client: client, simulatedFaults: faults,
            simulatedLink: link, devices: devices, location: location(of: reader))
    }

    private static func rtuDevice(_ label: String, _ reader: NodeReader) throws(BoardError)
        -> ModbusRTUDeviceDescription
    {
        try reader.rejectUnknownKeys(rtuDeviceKeys)
        guard let address = try reader.optionalInteger("address") else {
            throw BoardError.at(reader.node, file: reader.file, "device '\(label)' needs 'address' (1 to 247)")
        }
        guard (1...247).contains(address.value) else {
            throw BoardError.at(address.node, file: reader.file, "'address' must be from 1 to 247")
        }
        let rateHz = try reader.number("rate-hz", default: 1, in: 0.001...100, unit: "Hz")
        guard let points = try reader.optionalList("points"), !points.isEmpty else {
            throw BoardError.at(
                reader.node, file: reader.file,
                "device '\(label)' needs 'points': a list of {channel, table, address, type, scale, unit}")
        }
        var described: [ModbusRTUPointDescription] = []
        for point in points {
            let next = try rtuPoint(point)
            if described.contains(where: { $0.register.name == next.register.name }) {
                throw BoardError.at(
                    point.value("channel") ?? point.node, file: reader.file,
                    "channel '\(next.register.name)' is already a point of '\(label)'")
            }
            // A reading holds at most three components of one quantity (SensorReading's inline storage).
            if described.filter({ $0.register.unit == next.register.unit }).count >= 3 {
                throw BoardError.at(
                    point.value("unit") ?? point.node, file: reader.file,
                    "'\(label)' already has three points in \(next.register.unit); a device reads at most "
                        + "three channels of one unit: split the transmitter into two devices")
            }
            described.append(next)
        }
        var simulation = SimulatedTransmitterDescription()
        if let sim = try reader.mapping("sim") {
            try sim.rejectUnknownKeys(rtuDeviceSimKeys)
            simulation.fitted = try sim.optionalFlag("fitted") ?? true
            simulation.base = try sim.number("base", default: 0)
            simulation.swing = try sim.number("swing", default: 0, in: 0...1e12)
            simulation.periodS = try sim.number("period-s", default: 60, in: 0.001...1e9, unit: "s")
            simulation.scale = try sim.number("scale", default: 1)
            guard simulation.scale != 0 else {
                throw BoardError.at(sim.value("scale") ?? sim.node, file: reader.file, "'scale' must not be 0")
            }
            simulation.unitCode = UInt16(try sim.number("unit-code", default: 0, in: 0...65535))
        }
        return ModbusRTUDeviceDescription(
            label: label, address: UInt8(address.value), rateHz: rateHz, points: described,
            batching: try deviceBatching(reader), simulation: simulation, location: location(of: reader))
    }

    private static func rtuPoint(_ reader: NodeReader) throws(BoardError) -> ModbusRTUPointDescription {
        try reader.rejectUnknownKeys(rtuPointKeys)
        let channel = try reader.string("channel")
        guard !channel.isEmpty, channel.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw BoardError.at(
                reader.value("channel") ?? reader.node, file: reader.file,
                "channel '\(channel)' must be letters, digits, '-' or '_'")
        }
        let tableName = try reader.optionalString("table") ?? "input"
        guard let table = ModbusRTURegister.Table(rawValue: tableName) else {
            throw BoardError.at(
                reader.value("table") ?? reader.node, file: reader.file,
                "unknown table '\(tableName)'; use input (function 4, the default) or holding (function 3)")
        }
        guard let address = try reader.optionalInteger("address") else {
            throw BoardError.at(reader.node, file: reader.file, "point '\(channel)' needs 'address' (0-based register)")
        }
        let typeName = try reader.string("type")
        guard let encoding = ModbusRTURegister.Encoding(rawValue: typeName) else {
            let names = ModbusRTURegister.Encoding.allCases.map(\.rawValue)
            throw BoardError.at(
                reader.value("type") ?? reader.node, file: reader.file,
                "unknown type '\(typeName)'\(Suggestions.hint(for: typeName, in: names)); use "
                    + names.joined(separator: ", "))
        }
        guard address.value >= 0, address.value + encoding.registers <= 65_536 else {
            throw BoardError.at(address.node, file: reader.file, "'address' must be from 0 to 65535 for its registers")
        }
        let unit = try reader.string("unit")
        guard rtuUnits.contains(unit) else {
            throw BoardError.at(
                reader.value("unit") ?? reader.node, file: reader.file,
                "unit '\(unit)' is not a channel unit; use Pa, Cel or %, scaling the register into it "
                    + "(a transmitter in bar: scale 100000 and unit Pa)")
        }
        let scale = try reader.number("scale", default: 1)
        guard scale != 0, scale.isFinite else {
            throw BoardError.at(reader.value("scale") ?? reader.node, file: reader.file, "'scale' must not be 0")
        }
        let offset = try reader.number("offset", default: 0)
        let isFloat = encoding == .float32 || encoding == .float32LowWordFirst
        let lsb: Double
        if let given = try reader.optionalNumber("lsb", in: 1e-9...1e9, unit: unit) {
            lsb = given
        } else if isFloat {
            throw BoardError.at(
                reader.node, file: reader.file,
                "point '\(channel)' is a float: give its resolution as 'lsb' (such as lsb: 0.1) for the codec")
        } else {
            lsb = abs(scale)
        }
        return ModbusRTUPointDescription(
            register: ModbusRTURegister(
                name: channel, unit: unit, table: table, address: UInt16(address.value), encoding: encoding,
                scale: scale, offset: offset),
            lsb: lsb, location: location(of: reader))
    }

    private static func location(of reader: NodeReader) -> SourceLocation {
        SourceLocation(file: reader.file, line: reader.node.mark?.line ?? 0, column: reader.node.mark?.column ?? 0)
    }
}
