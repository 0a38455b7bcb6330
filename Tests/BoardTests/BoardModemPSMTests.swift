// SensorGate — BoardTests: the `modem: psm:` block (PSM timers and the upload schedule).

import Board
import Foundation
import Testing

@Suite struct BoardModemPSMTests {
    private let header = "board: {name: t}\nbuses:\n  i2c0: {type: i2c, path: sim:i2c0}\n"

    @Test func thePSMBlockGivesTheTimersAndTheUploadSchedule() throws {
        let yaml =
            header + "modem:\n  dialect: bc660k\n  psm: {periodic-tau: 2h, active-time: 30s, upload-interval: 10m, "
            + "upload-backlog: 20}\n"
        let psm = try #require(try BoardLoader.parse(yaml, file: "t.yaml").modem?.psm)
        #expect(psm.periodicTAU == .seconds(7200) && psm.activeTime == .seconds(30))
        #expect(psm.uploadInterval == .seconds(600) && psm.uploadBacklog == 20)
        #expect(psm.location.description == "t.yaml:6:8")
    }

    @Test func anEmptyBlockTakesTheDefaultsAndNoBlockSwitchesPSMOff() throws {
        let psm = try #require(
            try BoardLoader.parse(header + "modem: {dialect: bg95, psm: {}}\n", file: "t.yaml").modem?.psm)
        #expect(psm.periodicTAU == .seconds(3600) && psm.activeTime == .seconds(10))
        #expect(psm.uploadInterval == .seconds(900) && psm.uploadBacklog == 64)
        #expect(try BoardLoader.parse(header + "modem: {dialect: bg95}\n", file: "t.yaml").modem?.psm == nil)
    }

    @Test func everyShippedPSMBoardLoads() throws {
        let board = try BoardLoader.load(path: boardsFolder.appendingPathComponent("sim-nbiot.yaml").path)
        #expect(board.modem?.psm?.activeTime == .seconds(10) && board.modem?.network == .nbiot)
    }

    @Test func psmMistakesAreOneLineAtTheValue() {
        func error(_ block: String, dialect: String = "bc66") -> String? {
            boardError(header + "modem:\n  dialect: \(dialect)\n  psm: \(block)\n", file: "t.yaml")
        }
        #expect(
            error("{periodic-tau: 1h, active: 10s}")?.hasPrefix(
                "t.yaml:6:27: unknown key 'active' in 'modem.psm'") == true)
        #expect(error("{periodic-tau: 500d}")?.hasPrefix("t.yaml:6:23: 'periodic-tau' must be from 2s to") == true)
        #expect(error("{active-time: 4h}")?.hasPrefix("t.yaml:6:22: 'active-time' must be from") == true)
        #expect(error("{active-time: soon}")?.hasPrefix("t.yaml:6:22: 'active-time' must be a duration") == true)
        #expect(
            error("{periodic-tau: 1m, active-time: 2m}")?.hasPrefix(
                "t.yaml:6:40: 'active-time' must be shorter than 'periodic-tau'") == true)
        #expect(error("{upload-backlog: 0}")?.hasPrefix("t.yaml:6:25: 'upload-backlog' must be from 1") == true)
        #expect(error("{upload-interval: 1s}")?.hasPrefix("t.yaml:6:26: 'upload-interval' must be from 10s") == true)
        let noPSM = error("{periodic-tau: 1h}", dialect: "eg915u")
        #expect(noPSM?.hasPrefix("t.yaml:6:3: the eg915u module has no power saving mode (AT+CPSMS)") == true)
        #expect(noPSM?.contains("bc66") == true)
    }
}
