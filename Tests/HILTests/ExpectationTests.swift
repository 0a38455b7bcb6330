// SensorGate — HIL tests: expectations fail when they should, and say what was expected and seen.

import Board
import Foundation
import HIL
import Testing

@Suite struct ExpectationTests {
    /// A short scenario on the power-cut board (computing altitude) with a disk-full window and bounds
    /// that cannot hold.
    let text = """
        scenario: {name: strict}
        board: BOARD
        duration: 20s
        faults:
          - {kind: disk-full, at: 5s, for: 3s}
        expect:
          - {check: samples-lost, name: nothing lost outside faults}
          - {check: bytes-per-hour, below: 1kB}
          - {check: deadline-misses, below: 1000000}
          - {check: altitude-error, device: barometer, below-m: 50}
        """

    @Test func aFullDiskLosesSamplesOnlyInItsWindowAndImpossibleBoundsFail() throws {
        let scenario = try withAltitudeBoard { try parseScenario(text.replacingOccurrences(of: "BOARD", with: $0)) }
        let result = try runScenario(scenario)
        let byName = Dictionary(uniqueKeysWithValues: result.results.map { ($0.name, $0) })
        let lost = try #require(byName["nothing lost outside faults"])
        #expect(lost.passed, "\(lost.message)")
        #expect(result.accounts.reduce(0) { $0 + $1.lostInFaults } > 0, "the full disk must cost samples")
        let bytes = try #require(byName["bytes-per-hour"])
        #expect(!bytes.passed)
        #expect(bytes.message.contains("expected fewer than 1000 bytes on air per hour; seen"))
        #expect(bytes.measured > 1000)
        #expect(try #require(byName["deadline-misses"]).passed)
        #expect(try #require(byName["altitude-error"]).passed)
        #expect(!result.passed)
    }

    @Test func aBrokerOutageLosesNothing() throws {
        let outage = """
            scenario: {name: outage}
            board: ../sim-power-cut.yaml
            duration: 20s
            faults:
              - {kind: broker-down, at: 3s, for: 10s}
            expect:
              - {check: samples-lost}
            """
        let result = try runScenario(try parseScenario(outage))
        #expect(result.passed, "\(result.results.map(\.message))")
        #expect(result.accounts.allSatisfy { $0.lostInFaults == 0 && $0.lostOutside == 0 })
        #expect(result.latenciesS.max() ?? 0 > 5, "batches waited out the outage in the store")
    }
}
