// SensorGate — HIL tests: every shipped scenario runs (shortened where needed) and passes.

import Board
import Foundation
import HIL
import Testing

@Suite(.serialized) struct ShippedScenarioTests {
    @Test func theNormalDayHoldsForItsFirstMinute() throws {
        let scenario = try ScenarioLoader.load(path: scenarioPath("normal-day"))
        let result = try runScenario(scenario, duration: .seconds(60))
        for outcome in result.results { #expect(outcome.passed, "\(outcome.name): \(outcome.message)") }
        #expect(result.accounts.allSatisfy { $0.verified > 0 })
        // Judged on the gateway's own streams as decoded upstream: ten orientations and five altitudes a
        // second (edge: in Boards/sim-reference.yaml), less what the last open batch window held.
        #expect((result.deliveredRows["orientation"] ?? 0) > 500)
        #expect((result.deliveredRows["altitude"] ?? 0) > 250)
        #expect(result.orientationMaxDeg != nil)
        // The board's magnetometer constants reference the heading from the first row on.
        #expect(result.orientationRows > 250 && result.headingReferencedRows == result.orientationRows)
        #expect(result.altitudeMaxM != nil)
        #expect((result.orientationAnglesSeries?.values.count ?? 0) > 10)
    }

    @Test func theFailingBearingRaisesItsAlarmAfterTheOnsetAndInTime() throws {
        let scenario = try ScenarioLoader.load(path: scenarioPath("failing-bearing"))
        let result = try runScenario(scenario)
        for outcome in result.results { #expect(outcome.passed, "\(outcome.name): \(outcome.message)") }
        // The alarm is the first window of the gateway's vibration-features stream, as decoded upstream,
        // whose outer-race envelope band passes the threshold.
        let alarm = try #require(result.firstAlarmS)
        #expect(alarm > 120 && alarm < 180)
        #expect((result.deliveredRows["vibration.vibration"] ?? 0) > 300)
    }

    @Test func thePowerCutStormLosesOnlyTheBatchesOpenAtEachCut() throws {
        let scenario = try ScenarioLoader.load(path: scenarioPath("power-cut-storm"))
        let result = try runScenario(scenario)
        for outcome in result.results { #expect(outcome.passed, "\(outcome.name): \(outcome.message)") }
        #expect(result.segments == 8)
        #expect(result.givenUp.isEmpty)
        // The store held every batch through the broker outage (its depth rose to hundreds of batches),
        // and all of them were delivered in the end.
        let depths = result.storeSeries.values.map { $0[0] }
        #expect((depths.max() ?? 0) > 200)
        #expect(result.accounts.allSatisfy { $0.lostOutside == 0 && $0.verified > 0 })
    }

    @Test func theFullDiskLosesSamplesOnlyWhileFullCountedAndReportedAndDeliversTheRest() throws {
        let scenario = try ScenarioLoader.load(path: scenarioPath("full-disk"))
        let result = try runScenario(scenario)
        for outcome in result.results { #expect(outcome.passed, "\(outcome.name): \(outcome.message)") }
        let diskFull = try #require(result.diskFull)
        FileHandle.standardError.write(Data("full-disk: \(diskFull.summary)\n".utf8))
        // As root (CI, this machine) the state folder was a real tmpfs filled for the window: the store met
        // ENOSPC itself and reported the batches it lost upstream.
        #expect(diskFull.method == (getuid() == 0 ? .tmpfs : .hook))
        #expect(diskFull.samplesNotStored > 0)
        if diskFull.method == .tmpfs { #expect(diskFull.batchesReportedUpstream > 0) }
        #expect(result.accounts.reduce(0) { $0 + $1.lostInFaults } > 0)
        #expect(result.accounts.allSatisfy { $0.lostOutside == 0 && $0.verified > 0 })
        #expect(result.givenUp.isEmpty)
    }

    @Test func theFlakyI2CBusLosesSamplesOnlyInsideItsFaults() throws {
        let scenario = try ScenarioLoader.load(path: scenarioPath("flaky-i2c-bus"))
        let result = try runScenario(scenario)
        for outcome in result.results { #expect(outcome.passed, "\(outcome.name): \(outcome.message)") }
        // The faults really happened: the plans injected NACKs and absences, samples went missing.
        #expect((result.injected["nack"] ?? 0) > 0)
        #expect((result.injected["absent"] ?? 0) > 0)
        #expect(result.accounts.reduce(0) { $0 + $1.lostInFaults } > 0)
    }

    @Test func theCoverageGapDayDeliversEverythingThroughTheModemOnceCoverageReturns() throws {
        let scenario = try ScenarioLoader.load(path: scenarioPath("coverage-gap-day"))
        let result = try runScenario(scenario)
        for outcome in result.results { #expect(outcome.passed, "\(outcome.name): \(outcome.message)") }
        #expect(result.givenUp.isEmpty)
        // Nothing reached the broker while the module had no coverage (13 h to 17 h), the store held
        // four hours of batches, and they went once the module registered again.
        #expect(!result.bytesSeries.timesS.contains { $0 > 13 * 3600 + 60 && $0 < 17 * 3600 })
        #expect((result.storeSeries.values.map { $0[0] }.max() ?? 0) > 600)
        let back = try #require(result.uplinkBackS)
        // The modem's delivery runs in lockstep with the sampler (within 5 s of simulated time), so this
        // is the gateway's recovery, not the host's scheduling (docs/hil.md).
        #expect(back > 0 && back < 180)
        #expect(result.accounts.allSatisfy { $0.verified > 80_000 && $0.lostOutside == 0 })
    }

    @Test func theRebootingModemLosesNothingAndTheUplinkComesBackAfterEachFault() throws {
        let scenario = try ScenarioLoader.load(path: scenarioPath("rebooting-modem"))
        let result = try runScenario(scenario)
        for outcome in result.results { #expect(outcome.passed, "\(outcome.name): \(outcome.message)") }
        #expect(result.givenUp.isEmpty)
        #expect(result.accounts.allSatisfy { $0.verified > 20_000 && $0.lostOutside == 0 })
        #expect(result.uplinkBackS.map { $0.isFinite } == true)
        // The HTML report lists each modem fault with the uplink's recovery, one row each.
        let html = HTMLReport.html(result)
        let table = try #require(html.components(separatedBy: "<th>uplink back after s</th></tr>").last)
        let rows = table.components(separatedBy: "</table>")[0].components(separatedBy: "<tr>").dropFirst()
        #expect(rows.map { $0.components(separatedBy: "</td>")[0] } == result.uplinkRecoveries.map { "<td>\($0.kind)" })
        #expect(!result.uplinkRecoveries.isEmpty)
    }

    @Test func theNBIoTGatewaySleepsInPSMBetweenUploadsDeliversEverythingAndSavesEnergy() throws {
        let scenario = try ScenarioLoader.load(path: scenarioPath("nbiot-psm"))
        let result = try runScenario(scenario)
        for outcome in result.results { #expect(outcome.passed, "\(outcome.name): \(outcome.message)") }
        #expect(result.givenUp.isEmpty)
        #expect(result.accounts.allSatisfy { $0.verified > 20_000 && $0.lostOutside == 0 })
        let radio = try #require(result.modemRadio)
        // Granted from 30 min on, the module sleeps between the 15-minute uploads: most of the rest.
        #expect(radio.psmS > 0.8 * (radio.elapsedS - 1800))
        // Batches waited in the store for the next upload (the interval is 15 min; sealed every minute).
        #expect((result.latenciesS.max() ?? 0) > 600)
        #expect((result.storeSeries.values.map { $0[0] }.max() ?? 0) >= 30)
        // The retained status tells the truth: `asleep` before every sleep, `online` after every wake.
        let statuses = result.statuses
        #expect(statuses.count(where: { $0 == "asleep" }) >= 8)
        #expect(statuses.first == "online")
        #expect(statuses.last == "offline")
        #expect(zip(statuses, statuses.dropFirst()).allSatisfy { $0 != $1 })

        // The same run with PSM off (no `psm:` block: the driver switches PSM off, the connection stays
        // up and every batch goes as it is sealed): everything arrives too, at several times the energy.
        var withoutPSM = scenario
        withoutPSM.board.modem?.psm = nil
        withoutPSM.faults.removeAll { $0.kind == .modem(.powerSaving) }
        withoutPSM.expectations.removeAll { $0.check.needsModem }
        let baseline = try runScenario(withoutPSM)
        let awake = try #require(baseline.modemRadio)
        #expect(awake.psmS == 0)
        #expect(!baseline.statuses.contains("asleep"))
        #expect(baseline.accounts.allSatisfy { $0.lostOutside == 0 })
        #expect(radio.energyJ < awake.energyJ / 2)
        FileHandle.standardError.write(Data("nbiot-psm: with PSM \(radio.summary); PSM off \(awake.summary)\n".utf8))
    }

    @Test func theNBIoTGatewayAtTheEdgeOfCoverageDeliversEverythingAtAHigherRadioCost() throws {
        let weak = try runScenario(try ScenarioLoader.load(path: scenarioPath("nbiot-weak-coverage")))
        for outcome in weak.results { #expect(outcome.passed, "\(outcome.name): \(outcome.message)") }
        #expect(weak.givenUp.isEmpty)
        #expect(weak.accounts.allSatisfy { $0.verified > 20_000 && $0.lostOutside == 0 && $0.lostInFaults == 0 })
        // The same six hours at the nominal signal: the same data goes up, but at a tenth of the rate and
        // ten times the latency each upload keeps the radio connected for minutes, not seconds.
        let nominal = try runScenario(try ScenarioLoader.load(path: scenarioPath("nbiot-psm")))
        let cost = try #require(weak.modemRadio)
        let baseline = try #require(nominal.modemRadio)
        #expect(cost.bytesUp == baseline.bytesUp)
        #expect(cost.radioOnS > baseline.radioOnS * 3, "\(cost.summary) against \(baseline.summary)")
        #expect(cost.energyJ > baseline.energyJ * 3, "\(cost.summary) against \(baseline.summary)")
        #expect(cost.psmS < baseline.psmS)
        FileHandle.standardError.write(
            Data("nbiot-weak-coverage: \(cost.summary); nbiot-psm: \(baseline.summary)\n".utf8))
    }
}
