// SensorGate — ModbusTCPTests: docs/modbus.md holds the current map of Boards/sim-reference.yaml.

import Board
import Foundation
import Gateway
import Modbus
import Testing

@Suite struct ModbusMapDocTests {
    @Test func docsModbusHoldsTheGeneratedMapOfTheReferenceBoard() throws {
        let board = try BoardLoader.load(path: repositoryRoot.appendingPathComponent("Boards/sim-reference.yaml").path)
        let plan = try ModbusBoardMap.make(board: board)
        let generated = ModbusMapDocument.markdown(plan.map, title: "`sim-reference` (sim-reference.yaml)")
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/modbus.md"), encoding: .utf8)
        let begin = "<!-- BEGIN sensorgate modbus map --board Boards/sim-reference.yaml --markdown -->\n"
        let end = "<!-- END generated map -->"
        let start = try #require(doc.range(of: begin), "docs/modbus.md lacks the generated map's begin marker")
        let stop = try #require(doc.range(of: end), "docs/modbus.md lacks the generated map's end marker")
        #expect(
            String(doc[start.upperBound..<stop.lowerBound]) == generated,
            "docs/modbus.md is stale: regenerate with sensorgate modbus map --board Boards/sim-reference.yaml --markdown"
        )
    }

    @Test func theReferenceBoardsMapHasChannelsDerivedValuesAndAlarms() throws {
        let board = try BoardLoader.load(path: repositoryRoot.appendingPathComponent("Boards/sim-reference.yaml").path)
        let map = try ModbusBoardMap.make(board: board).map
        for name in [
            "barometer/pressure", "imu/gyro_x", "orientation/qw", "orientation/yaw", "altitude/altitude",
            "vibration/vibration/rms-x", "vibration/vibration/crest",
        ] {
            #expect(map.point(named: name) != nil, "\(name)")
        }
        #expect(map.alarms.filter { if case .deviceFault = $0.kind { true } else { false } }.count == map.devices.count)
        #expect(try ModbusBoardMap.make(board: board, readOnly: true).map.holdingRegisterCount == 0)
    }

    @Test func anAlarmOnAnUnknownPointNamesItsLine() throws {
        let text = """
            board: {name: t}
            buses: {i2c0: {type: i2c, path: "sim:i2c0"}}
            devices:
              barometer: {compatible: "bosch,bmp280", bus: i2c0, address: 0x76}
            modbus:
              alarms:
                - {name: hot, point: barometer/temprature, high: 40}
            """
        let board = try BoardLoader.parse(text, file: "t.yaml")
        #expect(throws: GatewayError.self) { try ModbusBoardMap.make(board: board) }
        do {
            _ = try ModbusBoardMap.make(board: board)
        } catch {
            #expect("\(error)".contains("t.yaml:7"))
        }
        #expect(throws: BoardError.self) {
            try BoardLoader.parse(text.replacingOccurrences(of: "alarms:", with: "alarm:"), file: "t.yaml")
        }
    }
}
