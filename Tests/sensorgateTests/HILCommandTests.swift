// SensorGate — command-line tests: `sensorgate hil`, its summary, reports and exit status.

import Foundation
import Testing

@Suite struct HILCommandTests {
    @Test func aFailingExpectationExitsOneAndTheReportsSaySo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hil-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let junit = folder.appendingPathComponent("hil.xml").path
        let html = folder.appendingPathComponent("hil.html").path
        let run = try sensorgate(
            "hil", "Tests/sensorgateTests/Fixtures/hil-short.yaml", "--junit", junit, "--html", html, "--seed", "9")
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("seed 9"))
        #expect(run.stdout.contains("  pass  samples-lost: 0 samples"))
        #expect(run.stdout.contains("  FAIL  too few bytes:"))
        #expect(run.stdout.contains("1 of 2 expectation(s) failed"))
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<testcase classname=\"hil.hil-short\" name=\"too few bytes\""))
        #expect(xml.contains("<failure message=\"expected fewer than 10000 bytes on air per hour; seen "))
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("FAILED"))
    }

    @Test func aBadScenarioIsOneLineWithItsPosition() throws {
        let run = try sensorgate("hil", "Tests/sensorgateTests/Fixtures/typo.yaml")
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("sensorgate: Tests/sensorgateTests/Fixtures/typo.yaml:"))
    }

    @Test func aModemScenarioRunsThroughTheModemChainAndJudgesTheUplinksRecovery() throws {
        // The first reboot of the rebooting modem, at 1 h: MQTT through the simulated module to the
        // scenario's broker, and the link back within the bound.
        let run = try sensorgate("hil", "Boards/scenarios/rebooting-modem.yaml", "--duration", "70m")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("  pass  uplink-back: "))
        #expect(run.stdout.contains("modem-reboot at 3600 s: "))
        #expect(run.stdout.contains("  pass  samples-lost: 0 samples"))
    }
}
