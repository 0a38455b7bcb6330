// SensorGate — HIL tests: the scenario's `operator:` section is read and checked against the board.

import Board
import Foundation
import HIL
import Testing

@Suite struct OperatorSectionTests {
    @Test func theNormalDaySendsTheStationsPressureEveryHalfHour() throws {
        let normal = try ScenarioLoader.load(path: scenarioPath("normal-day"))
        let feed = try #require(normal.qnhFeed)
        #expect(feed.every == .seconds(1800) && abs(feed.resolutionPa - 10) < 1e-9)
    }

    @Test func aBoardWithoutAltitudeIsToldWhatToAdd() throws {
        let text = """
            scenario: {name: x}
            board: ../sim-power-cut.yaml
            duration: 10s
            operator:
              qnh: {every: 10m}
            """
        #expect {
            _ = try parseScenario(text)
        } throws: { error in
            let message = "\(error)"
            return message.contains("test.yaml:5:") && message.contains("edge: altitude:")
        }
    }

    @Test func aMistypedKeyNamesItsLineAndTheNearestKey() throws {
        try withAltitudeBoard { board in
            let text = """
                scenario: {name: x}
                board: \(board)
                duration: 10s
                operator:
                  qnh: {evry: 10m}
                """
            #expect {
                _ = try parseScenario(text)
            } throws: { error in
                let message = "\(error)"
                return message.contains("test.yaml:5:") && message.contains("unknown key 'evry'")
                    && message.contains("'every'")
            }
        }
    }
}
