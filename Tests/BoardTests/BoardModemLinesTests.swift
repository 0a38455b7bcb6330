// SensorGate — BoardTests: the `modem: lines:` map (PWRKEY, RESET_N, PSM wake-up, supply as GPIO lines).

import Board
import Foundation
import Modem
import Testing

@Suite struct BoardModemLinesTests {
    private let header =
        "board: {name: t}\nbuses:\n  i2c0: {type: i2c, path: sim:i2c0}\ngpio:\n  gpio0: {path: sim:gpiochip0, lines: 32}\n"

    private func modem(_ lines: String, dialect: String = "bc66") throws -> ModemDescription? {
        try BoardLoader.parse(header + "modem:\n  dialect: \(dialect)\n  lines: \(lines)\n", file: "t.yaml").modem
    }

    @Test func eachLineIsAChipAndOffsetActiveHighUnlessSaidOtherwise() throws {
        let lines = try #require(
            try modem("{pwrkey: gpio0/17, reset: gpio0/18, wake: {line: gpio0/19, active-low: true}, supply: gpio0/4}")
        )
        .lines
        #expect(lines.keys.sorted() == [.powerKey, .reset, .wake, .supply])
        #expect(lines[.powerKey]?.line.description == "gpio0/17" && lines[.powerKey]?.activeLow == false)
        #expect(lines[.reset]?.line.offset == 18 && lines[.reset]?.line.chip == "gpio0")
        #expect(lines[.wake]?.line.offset == 19 && lines[.wake]?.activeLow == true)
        #expect(lines[.supply]?.line.offset == 4)
        #expect(lines[.powerKey]?.location.description == "t.yaml:8:19")
        #expect(try modem("{pwrkey: gpio0/17}", dialect: "bg96")?.lines.count == 1)
        #expect(try BoardLoader.parse(header + "modem: {dialect: bc66}\n", file: "t.yaml").modem?.lines.isEmpty == true)
    }

    @Test func theShippedNBIoTBoardWiresPWRKEYAndThePSMWakeLine() throws {
        let board = try BoardLoader.load(path: boardsFolder.appendingPathComponent("sim-nbiot.yaml").path)
        let lines = try #require(board.modem?.lines)
        #expect(lines[.powerKey]?.line.description == "gpio0/24")
        #expect(lines[.wake]?.line.description == "gpio0/25")
        #expect(lines[.reset]?.line.description == "gpio0/26")
    }

    @Test func lineMistakesAreOneLineAtTheValue() {
        func error(_ lines: String, dialect: String = "bc66") -> String? {
            boardError(header + "modem:\n  dialect: \(dialect)\n  lines: \(lines)\n", file: "t.yaml")
        }
        #expect(error("{pwrky: gpio0/17}")?.hasPrefix("t.yaml:8:11: unknown key 'pwrky' in 'modem.lines'") == true)
        #expect(error("{pwrky: gpio0/17}")?.contains("pwrkey") == true)
        #expect(
            error("{pwrkey: gpio0:17}")?.hasPrefix(
                "t.yaml:8:19: 'pwrkey' must be a GPIO line as chip/offset, such as gpio0/17") == true)
        #expect(error("{pwrkey: gpio1/17}")?.hasPrefix("t.yaml:8:19: no GPIO chip 'gpio1' in 'gpio'") == true)
        #expect(error("{reset: gpio0/40}")?.hasPrefix("t.yaml:8:18: gpio0 has lines 0 to 31") == true)
        #expect(
            error("{pwrkey: gpio0/17, wake: gpio0/17}")?.hasPrefix(
                "t.yaml:8:35: gpio0/17 is already the modem's 'pwrkey' line") == true)
        #expect(
            error("{wake: {line: gpio0/3, active: low}}")?.hasPrefix(
                "t.yaml:8:33: unknown key 'active' in 'modem.lines.wake'") == true)
        #expect(
            error("{wake: {line: gpio0/3, active-low: maybe}}")?.hasPrefix(
                "t.yaml:8:45: 'active-low' must be true or false") == true)
        let noWake = error("{wake: gpio0/3}", dialect: "bg96")
        #expect(
            noWake?.hasPrefix("t.yaml:8:11: the bg96 module has no separate PSM wake-up line (PWRKEY wakes it)")
                == true)
        #expect(noWake?.contains("bc66, bc660k") == true)
        #expect(
            error("{reset: gpio0/3}", dialect: "sim7080g")?.hasPrefix(
                "t.yaml:8:11: the sim7080g module has no RESET_N pin") == true)
    }

    @Test func aModemLineCannotBeADevicesInterruptLine() {
        let yaml =
            header + "devices:\n  thermometer:\n    compatible: ti,tmp117\n    bus: i2c0\n    address: 0x48\n"
            + "    interrupts: {ALERT: gpio0/23}\nmodem:\n  dialect: bc66\n  lines: {pwrkey: gpio0/23}\n"
        #expect(
            boardError(yaml, file: "t.yaml")?.hasPrefix(
                "t.yaml:14:19: gpio0/23 is already wired to thermometer ALERT") == true)
    }
}
