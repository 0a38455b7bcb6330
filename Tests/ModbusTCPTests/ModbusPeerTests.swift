// SensorGate — ModbusTCPTests: clients no one here wrote (pymodbus, mbpoll) read a running simulated gateway.

import Board
import Foundation
import Gateway
import HAL
import Modbus
import ModbusTCP
import Testing

/// A paced run of Boards/sim-reference.yaml with the Modbus server on a free loopback port.
final class LiveGateway: @unchecked Sendable {
    let table: ModbusDataTable
    let server: ModbusTCPServer
    let port: Int
    let map: ModbusRegisterMap
    private let runner: GatewayRunner
    private let done = DispatchSemaphore(value: 0)
    private let state: URL

    init(modbus: ModbusTCPSettings = ModbusTCPSettings(), readOnly: Bool = false) throws {
        let board = try BoardLoader.load(path: repositoryRoot.appendingPathComponent("Boards/sim-reference.yaml").path)
        let plan = try ModbusBoardMap.make(board: board, readOnly: readOnly)
        map = plan.map
        table = ModbusDataTable(map: plan.map)
        server = ModbusTCPServer(table: table, settings: modbus)
        port = try server.start(host: "127.0.0.1", port: 0)
        state = FileManager.default.temporaryDirectory.appendingPathComponent("modbus-peer-\(UUID().uuidString)")
        var settings = GatewaySettings()
        settings.duration = .seconds(600)
        settings.pacing = .scaled(factor: 1)
        settings.delivery = .inProcess
        settings.stateDirectory = state.path
        settings.slice = .milliseconds(100)
        settings.observer = ModbusPublisher(plan: plan, table: table)
        runner = GatewayRunner(board: board, settings: settings, wallClock: WallClock(), utcStartMicros: 0)
        let thread = Thread { [self] in
            _ = try? runner.run()
            done.signal()
        }
        thread.start()
    }

    /// Ends the run (gracefully, as SIGTERM does) and the server.
    func stop() {
        runner.stopSignal.request()
        done.wait()
        server.stop()
        try? FileManager.default.removeItem(at: state)
    }
}

@Suite(.serialized) struct ModbusPeerTests {
    /// Tolerance between what a peer read and the table a moment later, in the point's unit: the world is
    /// at rest, so values move by the chips' noise only. 30 int16 steps (0.3 m/s², 3 °/s, 300 Pa, 0.3 °C,
    /// 0.003 for a quaternion, 0.3° for an angle) or 20 LSB of the channel (the ADXL345 at ±16 g counts
    /// 38 mm/s² a step), whichever is larger, and 5 % of the value more for the vibration features.
    static func tolerance(_ point: ModbusPoint, _ value: Double) -> Double {
        max(30 * point.int16Scale, 20 * point.int32Scale) + (point.name.hasPrefix("vibration/") ? 0.05 * abs(value) : 0)
    }

    @Test func pymodbusReadsTheValuesTheGatewayProduced() throws {
        let live = try LiveGateway()
        defer { live.stop() }
        guard let result = try pythonPeer(["read", "--port", "\(live.port)"]) else { return }
        let records = try #require(result["records"] as? [[String: Any]])
        #expect(records.count == live.map.points.count)
        for (index, record) in records.enumerated() {
            let point = live.map.points[index]
            let read = try #require(record["float"] as? Double)
            let viaPymodbus = try #require(record["floatViaPymodbus"] as? Double)
            #expect(read == viaPymodbus, "\(point.name): pymodbus decodes the big-endian float alike")
            #expect(record["quality"] as? Int == 1 || record["quality"] as? Int == 4, "\(point.name) quality")
            #expect((record["ageMs"] as? Int ?? .max) < 3000, "\(point.name) is fresh")
            let latest = try #require(live.table.latest(index)).value
            #expect(abs(read - latest) <= Self.tolerance(point, latest), "\(point.name): read \(read), table \(latest)")
            // the int32 register is the same value: offset + int32 × scale, within float32 rounding
            let int32 = try #require(record["int32"] as? Int)
            let fromInt = point.int32Offset + Double(int32) * point.int32Scale
            #expect(abs(fromInt - read) <= max(abs(read) * 1e-6, point.int32Scale), "\(point.name) int32")
        }
        // the pressure a peer reads is a physical one at sea level
        if let pressure = live.map.point(named: "barometer/pressure") {
            let value = try #require(records[pressure]["float"] as? Double)
            #expect((100_000...102_500).contains(value))
        }
        #expect(result["pastTheEnd"] as? Int == 2)
        #expect(result["otherUnit"] as? Int == 0x0B)
        #expect(result["writeStaleAfter"] as? Int == 0)
        #expect(result["readWrite"] as? Double == 7.5)
        #expect(result["writeNaN"] as? Int == 3)
        #expect(result["writeCoil"] as? Int == 0)
        #expect((result["coils"] as? [Bool])?.first == false)
        #expect(live.table.setting(.staleAfterS) == 7.5)
        #expect((result["discreteInputs"] as? [Bool])?.allSatisfy { !$0 } == true, "no device is faulty at rest")
    }

    @Test func mbpollReadsTheSameFloats() throws {
        guard let mbpoll = program("mbpoll") else {
            Issue.record("mbpoll is not on PATH; run Scripts/setup (Debian package mbpoll)")
            return
        }
        let live = try LiveGateway()
        defer { live.stop() }
        // wait (through pymodbus) until every point has a value, then let mbpoll read the first records' floats
        guard try pythonPeer(["read", "--port", "\(live.port)"]) != nil else { return }
        let points = min(live.map.points.count, 15)
        for index in 0..<points {
            let address = ModbusRegisterMap.recordAddress(index)
            let result = try runPeer(
                mbpoll,
                [
                    "-m", "tcp", "-p", "\(live.port)", "-a", "1", "-t", "3:float", "-B", "-0", "-r", "\(address)",
                    "-c", "1", "-1", "127.0.0.1",
                ])
            #expect(result.status == 0, "mbpoll: \(result.error)")
            // mbpoll prints "[100]: 	101325.4" for the float at register 100
            let line = try #require(result.output.split(separator: "\n").first { $0.hasPrefix("[\(address)]") })
            let read = try #require(Double(line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? ""))
            let latest = try #require(live.table.latest(index)).value
            let point = live.map.points[index]
            #expect(
                abs(read - latest) <= Self.tolerance(point, latest) + abs(latest) * 1e-6,
                "\(point.name): mbpoll \(read), table \(latest)")
        }
    }

    @Test func malformedFramesCloseTheConnectionAndAreCounted() throws {
        let live = try LiveGateway()
        defer { live.stop() }
        guard let result = try pythonPeer(["malformed", "--port", "\(live.port)"]) else { return }
        #expect(result["closed"] as? Bool == true)
        // the server goes on: the next client's request (transaction 9, unit 1, input register 0) is answered
        #expect(result["afterwards"] as? [Int] == [0, 9, 0, 0, 0, 5, 1, 4, 2, 0, 1])
        #expect(live.server.counters[.malformedFrames] == 1)
    }

    @Test func manyConcurrentClientsAreAllAnswered() throws {
        let live = try LiveGateway()
        defer { live.stop() }
        guard
            let result = try pythonPeer([
                "load", "--port", "\(live.port)", "--clients", "20", "--rate", "20", "--seconds", "2",
            ])
        else { return }
        #expect(result["errors"] as? Int == 0)
        #expect(result["requests"] as? Int == 20 * 40)
        #expect(live.server.counters[.connections] == 20)
        #expect(live.server.counters[.exceptions] == 0)
    }

    @Test func theAllowListRefusesOtherNetworks() throws {
        var settings = ModbusTCPSettings()
        settings.allowList = ModbusAllowList([try #require(ModbusAllowList.Block("10.0.0.0/8"))])
        let live = try LiveGateway(modbus: settings)
        defer { live.stop() }
        guard let python = program("python3") else {
            Issue.record("python3 is not on PATH; run Scripts/setup")
            return
        }
        let script = repositoryRoot.appendingPathComponent("Tests/ModbusTCPTests/Peers/modbus_peer.py").path
        let result = try runPeer(python, [script, "read", "--port", "\(live.port)", "--wait", "2"])
        #expect(result.status != 0, "a client from 127.0.0.1 must not be served")
        #expect(live.server.counters[.refusedConnections] >= 1)
        #expect(live.server.counters[.requests] == 0)
    }

    @Test func readOnlyModeServesNoSettings() throws {
        let live = try LiveGateway(readOnly: true)
        defer { live.stop() }
        guard let result = try pythonPeer(["read", "--port", "\(live.port)"]) else { return }
        #expect((result["header"] as? [Int])?[3] == 0)
        #expect(result["writeStaleAfter"] as? Int == 1)
    }
}
