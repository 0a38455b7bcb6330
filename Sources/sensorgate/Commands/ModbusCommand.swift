// SensorGate — sensorgate modbus: the Modbus register map of a board.

import ArgumentParser
import Board
import Foundation
import Gateway
import Modbus

/// `sensorgate modbus map --board FILE [--markdown] [--read-only]`.
struct ModbusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modbus", abstract: "The Modbus TCP server's register map (docs/modbus.md).",
        subcommands: [ModbusMap.self])
}

/// Prints the register map `run --modbus-listen` serves for a board.
struct ModbusMap: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map", abstract: "Print the register map of a board: points, alarms, settings.")

    @Option(name: .long, help: ArgumentHelp("The board file.", valueName: "FILE"))
    var board: String

    @Flag(name: .long, help: "Markdown tables (what docs/modbus.md holds) instead of plain text.")
    var markdown = false

    @Flag(name: .long, help: "The map in read-only mode (default: the board's modbus: read-only:).")
    var readOnly = false

    func run() throws {
        try reportingFailures {
            let description = try BoardLoader.load(path: board)
            let plan = try ModbusBoardMap.make(board: description, readOnly: readOnly ? true : nil)
            let title = "`\(description.name)` (\((board as NSString).lastPathComponent))"
            print(
                markdown
                    ? ModbusMapDocument.markdown(plan.map, title: title)
                    : ModbusMapDocument.text(plan.map, title: description.name),
                terminator: "")
        }
    }
}
