// SensorGate — Board: loading and validating scenario files, with file:line:column errors.

import Foundation
import HAL
import World
import Yams

/// Loads scenario files (docs/hil.md) and checks them before anything runs.
///
/// Every problem is reported as `file:line:column: what is wrong; what is expected`, as for boards.
public enum ScenarioLoader {
    static let topKeys = [
        "scenario", "board", "duration", "seed", "world", "changes", "replay", "faults", "expect", "operator",
    ]
    static let operatorKeys = ["qnh"]
    static let qnhKeys = ["every", "resolution-hpa"]
    static let scenarioKeys = ["name", "description"]
    static let changeKeys = ["at", "temperature-c", "humidity-rh", "pressure-step-pa"]
    static let replayKeys = ["device", "file", "rate-hz", "start-s", "loop"]
    static let faultKeys = ["kind", "device", "at", "for", "rate-per-s", "rsrp-dbm"]
    static let longest = Duration.seconds(86_400 * 365)

    /// Loads and validates a scenario file and the board it names.
    /// - Parameter path: the file.
    /// - Returns: the scenario.
    /// - Throws: `BoardError` naming the file (the scenario's or the board's) and the position.
    public static func load(path: String) throws(BoardError) -> ScenarioDescription {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw BoardError(
                file: path, line: 0, column: 0,
                message: exists ? "cannot read the file (check its permissions)" : "no such scenario file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw BoardError(file: path, line: 0, column: 0, message: "the file is not UTF-8 text")
        }
        return try parse(text, file: path) { (boardPath) throws(BoardError) in try BoardLoader.load(path: boardPath) }
    }

    /// Parses and validates scenario YAML.
    /// - Parameters:
    ///   - text: the YAML.
    ///   - file: the name to use in errors; the board path is resolved against its folder.
    ///   - loadBoard: loads the board file the scenario names (resolved path).
    /// - Returns: the scenario.
    /// - Throws: `BoardError` with the position of the problem.
    public static func parse(
        _ text: String, file: String, loadBoard: (String) throws(BoardError) -> BoardDescription
    ) throws(BoardError) -> ScenarioDescription {
        let (root, top) = try BoardLoader.document(text, file: file, guide: "docs/hil.md")
        try top.rejectUnknownKeys(topKeys)
        guard let header = try top.mapping("scenario") else {
            throw BoardError.at(root, file: file, "'scenario' is required (with at least 'name')")
        }
        try header.rejectUnknownKeys(scenarioKeys)
        let boardName = try top.string("board")
        var board = try loadBoard(resolve(boardName, against: file))
        guard let duration = try top.optionalDuration("duration", in: .milliseconds(100)...longest) else {
            throw BoardError.at(root, file: file, "'duration' is required (such as 10m or 24h)")
        }
        var seed = board.seed
        if let (value, node) = try top.optionalInteger("seed") {
            guard value >= 0 else { throw BoardError.at(node, file: file, "'seed' must not be negative") }
            seed = UInt64(value)
        }
        if let world = try top.mapping("world") {
            (board.world, _) = try BoardLoader.world(world)
        }
        for change in try top.optionalList("changes") ?? [] {
            try change.rejectUnknownKeys(changeKeys)
            let at = try requiredDuration(change, "at", within: duration)
            let seconds = Double(at.nanoseconds) / 1e9
            if let value = try change.optionalNumber("temperature-c", in: -60...150, unit: "°C") {
                board.world.atmosphere.temperatureSteps.append(AmbientStep(atS: seconds, value: value))
            }
            if let value = try change.optionalNumber("humidity-rh", in: 0...100, unit: "%RH") {
                board.world.atmosphere.humiditySteps.append(AmbientStep(atS: seconds, value: value))
            }
            if let value = try change.optionalNumber("pressure-step-pa", in: -20_000...20_000, unit: "Pa") {
                board.world.atmosphere.pressureSteps.append(AmbientStep(atS: seconds, value: value))
            }
        }
        board.world.atmosphere.temperatureSteps.sort { $0.atS < $1.atS }
        board.world.atmosphere.pressureSteps.sort { $0.atS < $1.atS }
        board.world.atmosphere.humiditySteps.sort { $0.atS < $1.atS }
        for item in try top.optionalList("replay") ?? [] {
            try item.rejectUnknownKeys(replayKeys)
            let index = try deviceIndex(item, board)
            let file = try item.string("file")
            board.devices[index].simulation.replay = ReplayDescription(
                file: resolve(file, against: item.file),
                rateHz: try item.optionalNumber("rate-hz", in: 1e-6...1e7, unit: "Hz"),
                startS: try item.number("start-s", default: 0, in: 0...1e9, unit: "s"),
                loops: try item.optionalFlag("loop") ?? false, location: location(item))
        }
        board.seed = seed
        var faults: [ScenarioFault] = []
        for item in try top.optionalList("faults") ?? [] { faults.append(try fault(item, board, duration)) }
        var expectations: [Expectation] = []
        for item in try top.optionalList("expect") ?? [] { expectations.append(try expectation(item, board)) }
        var scenario = ScenarioDescription(
            name: try header.string("name"), summary: try header.optionalString("description"), board: board,
            duration: duration, seed: seed, faults: faults, expectations: expectations, file: file)
        if let section = try top.mapping("operator") {
            try section.rejectUnknownKeys(operatorKeys)
            if let qnh = try section.mapping("qnh") { scenario.qnhFeed = try qnhFeed(qnh, board) }
        }
        return scenario
    }

    /// `operator: qnh: {every: 1h, resolution-hpa: 0.1}`: needs an altitude on the board.
    private static func qnhFeed(_ item: NodeReader, _ board: BoardDescription) throws(BoardError) -> QNHFeed {
        try item.rejectUnknownKeys(qnhKeys)
        guard board.edge.altitude != nil else {
            throw BoardError.at(
                item.node, file: item.file,
                "'qnh' sets the gateway's altitude reference, but the board computes no altitude: add "
                    + "`edge: altitude: {barometer: LABEL}` to \(board.file)")
        }
        var feed = QNHFeed(location: location(item))
        if let every = try item.optionalDuration("every", in: .seconds(1)...longest) { feed.every = every }
        if let hPa = try item.optionalNumber("resolution-hpa", in: 0.001...10, unit: "hPa") {
            feed.resolutionPa = hPa * 100
        }
        return feed
    }

    // MARK: - Faults

    private static func fault(_ item: NodeReader, _ board: BoardDescription, _ duration: Duration) throws(BoardError)
        -> ScenarioFault
    {
        try item.rejectUnknownKeys(faultKeys)
        let name = try item.string("kind")
        let sensorKinds = ["disconnect", "nack-burst", "stuck", "drift", "fifo-overflow"]
        let gatewayKinds = ["disk-full", "power-cut", "broker-down"]
        let all = sensorKinds + gatewayKinds + ModemFault.allCases.map(\.rawValue)
        let kind: ScenarioFaultKind
        switch name {
        case "disconnect": kind = .disconnect
        case "nack-burst": kind = .nackBurst
        case "stuck": kind = .stuck
        case "drift": kind = .drift(ratePerS: try item.number("rate-per-s", default: 0.01, in: -1e6...1e6))
        case "fifo-overflow": kind = .fifoOverflow
        case "disk-full": kind = .diskFull
        case "power-cut": kind = .powerCut
        case "broker-down": kind = .brokerDown
        default:
            guard let modem = ModemFault(rawValue: name) else {
                throw BoardError.at(
                    item.value("kind") ?? item.node, file: item.file,
                    "fault kind '\(name)' is not one of \(all.joined(separator: ", "))"
                        + Suggestions.hint(for: name, in: all))
            }
            kind = .modem(modem)
        }
        if item.value("rate-per-s") != nil, name != "drift" {
            throw BoardError.at(
                item.keyNode("rate-per-s") ?? item.node, file: item.file, "'rate-per-s' is for drift only")
        }
        var rsrpDBm: Double?
        if kind == .modem(.weakSignal) {
            rsrpDBm = try item.number(
                "rsrp-dbm", default: ScenarioFault.defaultWeakSignalRSRPDBm, in: -140...(-44), unit: "dBm")
        } else if item.value("rsrp-dbm") != nil {
            throw BoardError.at(
                item.keyNode("rsrp-dbm") ?? item.node, file: item.file, "'rsrp-dbm' is for weak-signal only")
        }
        var device: String?
        if sensorKinds.contains(name) {
            device = board.devices[try deviceIndex(item, board)].label
        } else if item.value("device") != nil {
            throw BoardError.at(
                item.keyNode("device") ?? item.node, file: item.file,
                "a \(name) fault hits the whole gateway; remove 'device'")
        }
        let start = try requiredDuration(item, "at", within: duration)
        let length = try item.optionalDuration("for", in: .milliseconds(1)...longest)
        let lasting = ["stuck", "drift"].contains(name)
        if lasting, length != nil {
            throw BoardError.at(
                item.keyNode("for") ?? item.node, file: item.file, "a \(name) fault lasts to the end; remove 'for'")
        }
        if !lasting, name != "power-cut", name != ModemFault.reboot.rawValue, length == nil {
            throw BoardError.at(item.node, file: item.file, "a \(name) fault needs 'for' (how long, such as 30s)")
        }
        if kind == .nackBurst || kind == .disconnect || kind == .fifoOverflow,
            let index = board.devices.firstIndex(where: { $0.label == device }),
            board.devices[index].address == nil, board.devices[index].chipSelect == nil
        {
            throw BoardError.at(item.node, file: item.file, "device '\(device ?? "")' has no bus address")
        }
        if kind == .nackBurst, let index = board.devices.firstIndex(where: { $0.label == device }),
            board.devices[index].address == nil
        {
            throw BoardError.at(
                item.value("device") ?? item.node, file: item.file,
                "a nack-burst needs an I2C device; '\(device ?? "")' is on SPI (use disconnect)")
        }
        return ScenarioFault(
            kind: kind, device: device, start: start, length: name == "power-cut" ? length ?? .seconds(5) : length,
            location: location(item), rsrpDBm: rsrpDBm)
    }

    // MARK: - Helpers

    static func deviceIndex(_ item: NodeReader, _ board: BoardDescription) throws(BoardError) -> Int {
        let label = try item.string("device")
        guard let index = board.devices.firstIndex(where: { $0.label == label }) else {
            let labels = board.devices.map(\.label)
            throw BoardError.at(
                item.value("device") ?? item.node, file: item.file,
                "board '\(board.name)' has no device '\(label)'\(Suggestions.hint(for: label, in: labels)); "
                    + "devices: \(labels.joined(separator: ", "))")
        }
        return index
    }

    static func requiredDuration(_ item: NodeReader, _ key: String, within duration: Duration) throws(BoardError)
        -> Duration
    {
        guard let value = try item.optionalDuration(key, in: .zero...longest) else {
            throw BoardError.at(item.node, file: item.file, "'\(key)' is required (a time such as 90s or 2h)")
        }
        guard value <= duration else {
            throw BoardError.at(
                item.value(key) ?? item.node, file: item.file, "'\(key)' is after the end of the scenario's duration")
        }
        return value
    }

    static func location(_ reader: NodeReader) -> SourceLocation {
        SourceLocation(file: reader.file, line: reader.node.mark?.line ?? 0, column: reader.node.mark?.column ?? 0)
    }

    static func resolve(_ path: String, against file: String) -> String {
        let folder = (file as NSString).deletingLastPathComponent
        let resolved = path.hasPrefix("/") || folder.isEmpty ? path : "\(folder)/\(path)"
        return (resolved as NSString).standardizingPath
    }
}
