// SensorGate — sensorgate: the Modbus TCP server beside a run: map, table, publisher, NIO server.

import Board
import Foundation
import Gateway
import Logging
import Modbus
import ModbusTCP

/// The Modbus TCP server of a run, when the board's `modbus: listen:` or `--modbus-listen` asks for one.
struct ModbusService {
    /// The sink the runner feeds.
    let publisher: ModbusPublisher
    /// The server.
    let server: ModbusTCPServer
    /// Where it listens.
    let address: String

    /// Starts the server, or returns nil when neither the board nor the option asks for one.
    static func start(board: BoardDescription, listen: String?, log: Logger) throws -> ModbusService? {
        guard let text = listen ?? board.modbus?.listen else { return nil }
        guard let address = ModbusListenAddress(text) else {
            throw Failure("modbus listen address '\(text)': write HOST:PORT such as 127.0.0.1:1502")
        }
        let plan = try ModbusBoardMap.make(board: board)
        let table = ModbusDataTable(map: plan.map)
        var settings = ModbusTCPSettings()
        let description = board.modbus ?? ModbusDescription()
        settings.unit = UInt8(description.unit)
        settings.maxClients = description.maxClients
        settings.allowList = ModbusAllowList(description.allow.compactMap(ModbusAllowList.Block.init))
        let server = ModbusTCPServer(table: table, settings: settings)
        let port = try server.start(host: address.host, port: address.port)
        let bound = ModbusListenAddress("\(address.host):\(port)")?.description ?? text
        let points = "\(plan.map.points.count) points\(plan.map.readOnly ? ", read-only" : "")"
        log.notice("Modbus TCP on \(bound), unit \(description.unit) (and 255), \(points)")
        return ModbusService(publisher: ModbusPublisher(plan: plan, table: table), server: server, address: bound)
    }

    /// One line of counters for the run's summary.
    func summary() -> String {
        let counters = server.counters
        return "modbus: \(counters[.connections]) connections (\(counters[.refusedConnections]) refused), "
            + "\(counters[.requests]) requests, \(counters[.exceptions]) exceptions, "
            + "\(counters[.malformedFrames]) malformed frames closed"
    }

    /// Closes the server.
    func stop() { server.stop() }
}
