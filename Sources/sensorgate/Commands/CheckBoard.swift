// SensorGate — sensorgate check-board: validate a board file without touching any hardware.

import ArgumentParser
import Board
import Gateway

/// `sensorgate check-board FILE...`: loads and validates each board file (every key, unit and range,
/// with file:line:column errors) and, for a simulated board, binds it and plans its rate groups and
/// streams. Real buses are never opened, so it runs anywhere: on a build machine before an image is
/// made (Scripts/install-gateway calls it), or in CI.
struct CheckBoard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-board", abstract: "Validate board files without opening any device.")

    @Argument(help: ArgumentHelp("Board files.", valueName: "FILE"))
    var files: [String]

    func run() throws {
        try reportingFailures {
            for file in files {
                let board = try BoardLoader.load(path: file)
                let simulated = board.buses.allSatisfy(\.isSimulated) && board.gpioChips.allSatisfy(\.isSimulated)
                var line = "\(file): ok, \(board.devices.count) devices on \(board.buses.count) buses"
                let transmitters = board.modbusRTU.reduce(0) { $0 + $1.devices.count }
                if !board.modbusRTU.isEmpty {
                    line += ", \(transmitters) Modbus RTU transmitters on \(board.modbusRTU.count) lines"
                }
                if simulated {
                    let bound = BoardBinder(backend: nil).bind(board)
                    let groups =
                        try bound.samplingGroups()
                        + ModbusRTULines.bind(board, clock: bound.clock, backend: nil, inert: true).groups
                    let streams = StreamPlan.make(board: board, groups: groups).streams
                    line += ", \(groups.count) rate groups, \(streams.count) streams (simulated)"
                } else {
                    line += " (real buses: not opened)"
                }
                print(line)
            }
        }
    }
}
