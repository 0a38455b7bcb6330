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
    @Test func aRealModuleLineThatCannotBeRequestedStopsTheRunWithOneLine() throws {
        let broker = try MQTTBrokerURL(parsing: "mqtt://127.0.0.1:1883")
        let wiring = [ModemLineRole.powerKey: ModemLineWiring(chipPath: "/dev/gpiochip0", offset: 24)]
        let failing = ModemSerialPorts(
            clock: StoppedClock(),
            open: { (path: String) throws(HALError) -> any SerialPort in
                throw HALError(.notFound, device: path, operation: "open")
            },
            openLine: { (place: ModemLineWiring, _: Bool) throws(HALError) -> any GPIOOutputLine in
                throw HALError(
                    .busy, device: place.chipPath, operation: "request line", hint: "held by another consumer")
            })
        do {
            _ = try MQTTLink.modem(
                dialect: "bc66", port: "/dev/ttyS1", network: "nbiot", broker: broker, caFile: nil, seed: 1,
                serialPorts: failing, lines: wiring)
            Issue.record("the link opened without its PWRKEY line")
        } catch {
            #expect(error.description.hasPrefix("modem line 'pwrkey' (/dev/gpiochip0 line 24): "))
            #expect(error.description.contains("held by another consumer"))
        }
        let noGPIO = ModemSerialPorts(clock: StoppedClock()) { (path: String) throws(HALError) -> any SerialPort in
            throw HALError(.notFound, device: path, operation: "open")
        }
        do {
            _ = try MQTTLink.modem(
                dialect: "bc66", port: "/dev/ttyS1", network: "nbiot", broker: broker, caFile: nil, seed: 1,
                serialPorts: noGPIO, lines: wiring)
            Issue.record("the link opened without GPIO")
        } catch {
            #expect(error.description == "modem line 'pwrkey': this build drives no GPIO lines; remove 'lines'")
        }
    }
}

/// A clock that never moves (the link fails before any time passes).
private final class StoppedClock: MonotonicClock, Sendable {
    func now() -> MonotonicInstant { .zero }
    func sleep(until deadline: MonotonicInstant) throws(HALError) {}
}
