// SensorGate — Board: loading and validating board files.

import Drivers
import Foundation
import HAL
import Yams

/// Loads board files and checks them before anything starts.
///
/// Every problem is reported as `file:line:column: what is wrong; what is expected`.
public enum BoardLoader {
    static let topKeys = [
        "board", "buses", "gpio", "devices", "world", "sampling", "storage", "upstream", "identity", "metrics",
        "watchdog", "modbus", "modbus-rtu", "edge", "modem",
    ]
    static let gpioKeys = ["path", "lines"]
    static let boardKeys = ["name", "description"]
    static let busKeys = ["type", "path"]
    static let deviceKeys = [
        "compatible", "bus", "address", "chip-select", "settings", "interrupts", "mount", "axes", "sim", "sample",
        "batch", "processing", "vibration",
    ]
    static let simKeys = ["fitted", "trim", "seed", "nominal", "noise", "replay"]
    static let replayKeys = ["file", "rate-hz", "start-s", "loop"]
    static let axesKeys = ["roll-deg", "pitch-deg", "yaw-deg"]

    /// Loads and validates a board file.
    /// - Parameter path: the file.
    /// - Returns: the board.
    /// - Throws: `BoardError` naming the file and, where there is one, the line and column.
    public static func load(path: String) throws(BoardError) -> BoardDescription {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw BoardError(
                file: path, line: 0, column: 0,
                message: exists ? "cannot read the file (check its permissions)" : "no such board file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw BoardError(file: path, line: 0, column: 0, message: "the file is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Parses and validates board YAML.
    /// - Parameters:
    ///   - text: the YAML.
    ///   - file: the name to use in errors.
    /// - Returns: the board.
    /// - Throws: `BoardError` with the position of the problem.
    public static func parse(_ text: String, file: String) throws(BoardError) -> BoardDescription {
        let (root, top) = try document(text, file: file, guide: "docs/boards.md")
        try top.rejectUnknownKeys(topKeys)
        guard let boardSection = try top.mapping("board") else {
            throw BoardError.at(root, file: file, "'board' is required (with at least 'name')")
        }
        try boardSection.rejectUnknownKeys(boardKeys)
        var board = BoardDescription(
            name: try boardSection.string("name"), summary: try boardSection.optionalString("description"),
            buses: [], devices: [], file: file)
        if let buses = try top.mapping("buses") {
            for (name, reader) in try buses.entries() { board.buses.append(try bus(name, reader)) }
        }
        if let gpio = try top.mapping("gpio") {
            for (name, reader) in try gpio.entries() {
                try reader.rejectUnknownKeys(gpioKeys)
                let path = try reader.string("path")
                let lines = try reader.optionalInteger("lines")
                if let lines, !(1...512).contains(lines.value) {
                    throw BoardError.at(lines.node, file: file, "'lines' must be from 1 to 512")
                }
                board.gpioChips.append(
                    GPIOChipDescription(
                        name: name, path: path, lineCount: lines?.value ?? 32, location: location(reader)))
            }
        }
        if let world = try top.mapping("world") {
            (board.world, board.seed) = try self.world(world)
        }
        if let devices = try top.mapping("devices") {
            for (label, reader) in try devices.entries() { board.devices.append(try device(label, reader, board)) }
        }
        if let sampling = try top.mapping("sampling") {
            board.sampling = try self.sampling(sampling)
        }
        if let storage = try top.mapping("storage") { board.storage = try self.storage(storage) }
        if let upstream = try top.mapping("upstream") { board.upstream = try self.upstream(upstream) }
        if let identity = try top.mapping("identity") { board.identity = try self.identity(identity) }
        if let metrics = try top.mapping("metrics") { board.metrics = try self.metrics(metrics) }
        if let watchdog = try top.mapping("watchdog") { board.watchdog = try self.watchdog(watchdog) }
        if let modbus = try top.mapping("modbus") { board.modbus = try self.modbus(modbus) }
        if let lines = try top.mapping("modbus-rtu") { board.modbusRTU = try modbusRTU(lines, board) }
        if let edge = try top.mapping("edge") { try self.edge(edge, into: &board) }
        if let modem = try top.mapping("modem") { board.modem = try self.modem(modem, board) }
        return board
    }

    /// Composes YAML into its root node and a reader over it; every YAML or emptiness error becomes a
    /// `BoardError` naming the file (and the line and column where YAML gives them).
    /// - Parameter guide: the page an empty file is pointed to.
    static func document(_ text: String, file: String, guide: String) throws(BoardError) -> (Node, NodeReader) {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw BoardError(file: file, line: 0, column: 0, message: "the file is empty; see \(guide)")
            }
            root = node
        } catch let error as BoardError {
            throw error
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        } catch {
            throw BoardError(file: file, line: 0, column: 0, message: "not valid YAML: \(error)")
        }
        let reader = try NodeReader(
            file: file, node: root, path: "", lines: text.split(separator: "\n", omittingEmptySubsequences: false))
        return (root, reader)
    }

    private static func location(_ reader: NodeReader) -> SourceLocation {
        SourceLocation(file: reader.file, line: reader.node.mark?.line ?? 0, column: reader.node.mark?.column ?? 0)
    }

    private static func bus(_ name: String, _ reader: NodeReader) throws(BoardError) -> BusDescription {
        try reader.rejectUnknownKeys(busKeys)
        let typeName = try reader.string("type")
        guard let kind = BusKind(rawValue: typeName) else {
            let node = reader.value("type") ?? reader.node
            let kinds = BusKind.allCases.map(\.rawValue)
            throw BoardError.at(
                node, file: reader.file,
                "unknown bus type '\(typeName)'\(Suggestions.hint(for: typeName, in: kinds)); expected i2c or spi")
        }
        let path = try reader.string("path")
        if !path.hasPrefix("sim:") && !path.hasPrefix("/") {
            throw BoardError.at(
                reader.value("path") ?? reader.node, file: reader.file,
                "bus path '\(path)' must be a device path (/dev/i2c-1, /dev/spidev0) or sim:NAME")
        }
        return BusDescription(name: name, kind: kind, path: path, location: location(reader))
    }
}
