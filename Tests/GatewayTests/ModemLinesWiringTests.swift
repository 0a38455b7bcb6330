// SensorGate — GatewayTests: a board's `modem: lines:` reach the driver of the simulated module.

import Board
import Foundation
import HAL
import HALSim
import Modem
import ModemSim
import Testing
import Uplink

@testable import Gateway

@Suite struct ModemLinesWiringTests {
    private let boards = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Boards")

    @Test func simNBIoTWiresPWRKEYThePSMWakeLineAndResetOnItsGPIOChip() throws {
        let board = try BoardLoader.load(path: boards.appendingPathComponent("sim-nbiot.yaml").path)
        let section = try #require(board.modem)
        #expect(
            MQTTUplink.lineWiring(section, on: board) == [
                .powerKey: ModemLineWiring(chipPath: "sim:gpiochip0", offset: 24),
                .wake: ModemLineWiring(chipPath: "sim:gpiochip0", offset: 25),
                .reset: ModemLineWiring(chipPath: "sim:gpiochip0", offset: 26),
            ])
    }

    @Test func theDriverWakesTheBoardsSleepingModuleThroughItsWakeLine() throws {
        let board = try BoardLoader.load(path: boards.appendingPathComponent("sim-nbiot.yaml").path)
        let section = try #require(board.modem)
        let link = try MQTTLink.modem(
            dialect: section.dialect, port: nil, network: "nbiot",
            broker: try MQTTBrokerURL(parsing: "mqtt://127.0.0.1:1883"), caFile: nil, seed: 3, serialPorts: nil,
            transport: { VirtualServer(ports: [1883]) },
            psm: PSMSettings(periodicUpdate: .seconds(3600), activeTime: .seconds(10)),
            lines: MQTTUplink.lineWiring(section, on: board))
        let driver = try #require(link.driver)
        let module = try #require(link.modem)
        try driver.start()
        for _ in 0..<240 where driver.state != .psm { try driver.idle(for: .milliseconds(500)) }
        try #require(driver.state == .psm && module.power == .psm)
        try driver.wakeFromPSM()
        #expect(module.power == .on && module.lastWakeLine == .wake)
        #expect(driver.metrics.psmWakeUps == 1)
    }
}
