// SensorGate — HIL tests: a device reported by exception is accounted by the rows it reports.

import Foundation
import HIL
import Testing

@Suite struct ProcessedAccountingTests {
    /// A TMP117 read once a second in a room at a steady 21 °C, reported by exception: a row when it
    /// moves 0.05 °C (after a median of 3), or every 10 s.
    static let board = """
        board: {name: report-by-exception}
        buses:
          i2c0: {type: i2c, path: sim:i2c0}
        world:
          seed: 3
          atmosphere: {sea-level-pressure-pa: 101325, temperature-c: 21, humidity-rh: 40}
        devices:
          temperature:
            compatible: ti,tmp117
            bus: i2c0
            address: 0x48
            sample: {rate-hz: 1}
            batch: {interval: 5s}
            processing:
              temperature: {median: 3, deadband: 0.05, heartbeat-s: 10}
        """

    @Test func rowsHeldBackByADeadbandAreNotCountedAsLost() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let boardPath = folder.appendingPathComponent("report-by-exception.yaml")
        try Data(Self.board.utf8).write(to: boardPath)
        let scenario = try parseScenario(
            """
            scenario: {name: report-by-exception}
            board: \(boardPath.path)
            duration: 3m
            expect:
              - {check: samples-lost, name: every reported row arrives}
            """)
        let result = try runScenario(scenario)
        let account = try #require(result.accounts.first { $0.device == "temperature" })
        // The deadband held most readings back (a steady room), the heartbeat sent one at least every
        // 10 s (18 in 3 min): far fewer rows than readings, and every row arrived.
        #expect(account.readings >= 179, "\(account)")
        #expect(account.verified < account.readings / 2, "\(account)")
        #expect(account.verified >= 18, "\(account)")
        #expect(account.lostOutside == 0 && account.lostInFaults == 0, "\(account)")
        #expect(result.passed, "\(result.results.map(\.message))")
    }
}
