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
        #expect(result.orientationMaxDeg != nil)
        #expect(result.altitudeMaxM != nil)
    }

    @Test func theFailingBearingRaisesItsAlarmAfterTheOnsetAndInTime() throws {
        let scenario = try ScenarioLoader.load(path: scenarioPath("failing-bearing"))
        let result = try runScenario(scenario)
        for outcome in result.results { #expect(outcome.passed, "\(outcome.name): \(outcome.message)") }
        let alarm = try #require(result.firstAlarmS)
        #expect(alarm > 120 && alarm < 180)
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

    @Test func theFlakyI2CBusLosesSamplesOnlyInsideItsFaults() throws {
        let scenario = try ScenarioLoader.load(path: scenarioPath("flaky-i2c-bus"))
        let result = try runScenario(scenario)
        for outcome in result.results { #expect(outcome.passed, "\(outcome.name): \(outcome.message)") }
        // The faults really happened: the plans injected NACKs and absences, samples went missing.
        #expect((result.injected["nack"] ?? 0) > 0)
        #expect((result.injected["absent"] ?? 0) > 0)
        #expect(result.accounts.reduce(0) { $0 + $1.lostInFaults } > 0)
    }
}
