// SensorGate — HIL tests: scenario files load, and bad ones fail with file:line:column.

import Board
import Foundation
import HIL
import Testing

@Suite struct ScenarioLoaderTests {
    @Test func everyShippedScenarioLoads() throws {
        #expect(shippedScenarios.count >= 6)
        for path in shippedScenarios {
            let scenario = try ScenarioLoader.load(path: path)
            #expect(!scenario.expectations.isEmpty, "\(path)")
        }
    }

    @Test func theWorldTimelineAndReplayAreApplied() throws {
        let normal = try ScenarioLoader.load(path: scenarioPath("normal-day"))
        #expect(normal.duration == .seconds(86_400))
        #expect(normal.board.world.atmosphere.temperatureSteps.map(\.atS) == [28_800, 50_400, 72_000])
        #expect(normal.board.world.atmosphere.pressureSwingPa == 150)
        let bearing = try ScenarioLoader.load(path: scenarioPath("failing-bearing"))
        #expect(bearing.board.world.machine?.defects.first?.onsetS == 120)
        let flaky = try ScenarioLoader.load(path: scenarioPath("flaky-i2c-bus"))
        let replay = try #require(flaky.board.devices.first { $0.label == "barometer" }?.simulation.replay)
        #expect(replay.file.hasSuffix("shared/data/series/env_neon_baro_1min.csv"))
        #expect(flaky.faults.map(\.kind.name).contains("fifo-overflow"))
    }

    @Test func anUnknownKeyNamesItsLineAndColumnAndTheNearestKey() throws {
        let text = """
            scenario: {name: x}
            board: ../sim-power-cut.yaml
            duration: 10s
            faults:
              - {kind: disconnect, device: barometer, at: 1s, fro: 2s}
            """
        #expect {
            _ = try parseScenario(text)
        } throws: { error in
            let message = "\(error)"
            return message.contains("test.yaml:5:") && message.contains("unknown key 'fro'")
                && message.contains("'for'")
        }
    }

    @Test func anUnknownDeviceListsTheBoardsDevices() throws {
        let text = """
            scenario: {name: x}
            board: ../sim-power-cut.yaml
            duration: 10s
            faults:
              - {kind: stuck, device: barometre, at: 1s}
            """
        #expect {
            _ = try parseScenario(text)
        } throws: { error in
            let message = "\(error)"
            return message.contains("test.yaml:5:") && message.contains("no device 'barometre'")
                && message.contains("barometer")
        }
    }

    @Test(arguments: [
        ("{kind: reboot, at: 1s}", "fault kind 'reboot' is not one of"),
        ("{kind: disconnect, device: barometer, at: 1s}", "needs 'for'"),
        ("{kind: nack-burst, device: vibration, at: 1s, for: 1s}", "needs an I2C device"),
        ("{kind: stuck, device: barometer, at: 1s, for: 2s}", "lasts to the end"),
        ("{kind: disk-full, device: barometer, at: 1s, for: 2s}", "hits the whole gateway"),
        ("{kind: disk-full, at: 20s, for: 2s}", "after the end"),
    ])
    func badFaultsAreOneClearLine(fault: String, expected: String) throws {
        let text = "scenario: {name: x}\nboard: ../sim-power-cut.yaml\nduration: 10s\nfaults:\n  - \(fault)\n"
        #expect {
            _ = try parseScenario(text)
        } throws: { error in
            "\(error)".contains("test.yaml:5:") && "\(error)".contains(expected)
        }
    }

    @Test func aMissingBoardFileNamesIt() throws {
        #expect {
            _ = try parseScenario("scenario: {name: x}\nboard: ../no-such-board.yaml\nduration: 10s\n")
        } throws: { error in
            "\(error)".contains("no-such-board.yaml") && "\(error)".contains("no such board file")
        }
    }

    @Test func badExpectationsAreOneClearLine() throws {
        let text = """
            scenario: {name: x}
            board: ../sim-power-cut.yaml
            duration: 10s
            expect:
              - {check: orientation-eror, device: barometer, below-deg: 2}
            """
        #expect {
            _ = try parseScenario(text)
        } throws: { error in
            "\(error)".contains("test.yaml:5:") && "\(error)".contains("'orientation-error'")
        }
    }

    @Test func aWeakSignalTakesAnRSRPWithinWhatTheReportsCanSay() throws {
        func scenario(_ fault: String) -> String {
            """
            scenario: {name: x}
            board: ../sim-cellular.yaml
            duration: 1h
            faults:
              - \(fault)
            """
        }
        let given = try parseScenario(scenario("{kind: weak-signal, at: 10m, for: 5m, rsrp-dbm: -131}"))
        #expect(given.faults.first?.kind == .modem(.weakSignal) && given.faults.first?.rsrpDBm == -131)
        #expect(try parseScenario(scenario("{kind: weak-signal, at: 10m, for: 5m}")).faults.first?.rsrpDBm == -125)
        #expect(try parseScenario(scenario("{kind: coverage-gap, at: 10m, for: 5m}")).faults.first?.rsrpDBm == nil)
        let refusals = [
            ("{kind: weak-signal, at: 10m, for: 5m, rsrp-dbm: -150}", "test.yaml:5:", "-140"),
            (
                "{kind: coverage-gap, at: 10m, for: 5m, rsrp-dbm: -120}", "test.yaml:5:",
                "'rsrp-dbm' is for weak-signal only"
            ),
            ("{kind: weak-signal, at: 10m}", "test.yaml:5:", "a weak-signal fault needs 'for'"),
        ]
        for (fault, place, words) in refusals {
            #expect {
                _ = try parseScenario(scenario(fault))
            } throws: { error in
                "\(error)".contains(place) && "\(error)".contains(words)
            }
        }
    }

    @Test func modemFaultsNeedABoardWithASimulatedModemAndPSMNeedsItsTimers() throws {
        let onReference = """
            scenario: {name: x}
            board: ../sim-reference.yaml
            duration: 1h
            faults:
              - {kind: coverage-gap, at: 10m, for: 5m}
            expect:
              - {check: uplink-back, within: 2m}
            """
        #expect {
            try ScenarioRunner(scenario: try parseScenario(onReference), wallClock: WallClock()).checkSupported()
        } throws: { error in
            guard let error = error as? HILError else { return false }
            return error.kind == .scenario && error.message.contains("test.yaml:5:")
                && error.message.contains("`modem:` section with `port: sim`")
        }
        let psm = onReference.replacingOccurrences(of: "sim-reference", with: "sim-cellular")
            .replacingOccurrences(of: "coverage-gap", with: "psm")
        #expect {
            try ScenarioRunner(scenario: try parseScenario(psm), wallClock: WallClock()).checkSupported()
        } throws: { error in
            guard let error = error as? HILError else { return false }
            return error.kind == .scenario && error.message.contains("test.yaml:5:")
                && error.message.contains("fault 'psm' needs PSM timers on the modem")
                && error.message.contains("sim-cellular.yaml") && error.message.contains("no `psm:` block")
        }
        // The same fault on the NB-IoT board, whose modem requests PSM timers, runs.
        let accepted = ScenarioRunner(
            scenario: try parseScenario(psm.replacingOccurrences(of: "sim-cellular", with: "sim-nbiot")),
            wallClock: WallClock())
        try accepted.checkSupported()
        #expect(accepted.usesModemChain)
        for name in ["coverage-gap-day", "rebooting-modem", "nbiot-psm"] {
            let scenario = try ScenarioLoader.load(path: scenarioPath(name))
            let runner = ScenarioRunner(scenario: scenario, wallClock: WallClock())
            try runner.checkSupported()
            #expect(runner.usesModemChain)
        }
    }
}
