// SensorGate — HIL tests: a weak signal at the simulated module reaches the gateway's signal readings.

import Board
import HIL
import Modem
import ModemSim
import Testing

@Suite struct WeakSignalTests {
    /// Twenty minutes of the cellular board (an EG915U on Cat-1), the signal weak from 8 min to the end.
    static let text = """
        scenario: {name: weak-signal}
        board: ../sim-cellular.yaml
        duration: 20m
        faults:
          - {kind: weak-signal, at: 8m, for: 12m, rsrp-dbm: -130}
        expect:
          - {check: samples-lost, name: nothing lost}
        """

    @Test func theGatewayReadsTheWeakSignalWhileConnectedAndLosesNothing() throws {
        let result = try runScenario(try parseScenario(Self.text))
        for outcome in result.results { #expect(outcome.passed, "\(outcome.name): \(outcome.message)") }
        #expect(result.accounts.allSatisfy { $0.verified > 0 && $0.lostOutside == 0 && $0.lostInFaults == 0 })
        // One connection to the broker, at the start, before the signal weakened: the weak reading can
        // only come from the reading every 5 minutes while connected.
        #expect(result.statuses.filter { $0 == "online" }.count == 1, "\(result.statuses)")
        // −130 dBm on a 5 MHz carrier (RadioConditions): RSSI −99.4 dBm (+CSQ: 6, read as −101 dBm),
        // RSRQ −16.6 dB (+CESQ index 6, read as −17.0 dB), RSRP index 11 (−130 dBm).
        let expected = RadioConditions(rsrpDBm: -130, resourceBlocks: 25)
        #expect(expected.csqIndex == 6 && expected.cesqRSRQIndex == 6 && expected.cesqRSRPIndex == 11)
        #expect(result.modemSignal == SignalQuality(rssiDBm: -101, rsrpDBm: -130, rsrqDB: -17), "\(result.modemSignal)")
        #expect(
            TerminalSummary.lines(result).contains("  modem's last signal: RSSI -101 dBm, RSRP -130 dBm, RSRQ -17.0 dB")
        )
        // The HTML report shows the module's radio and the same reading.
        let html = HTMLReport.html(result)
        let radio = try #require(result.modemRadio)
        #expect(html.contains("<h2>Modem</h2>"))
        #expect(html.contains("<td>\(radio.bytesUp)</td>"), "bytes up in the radio table")
        #expect(html.contains("Last signal reading: RSSI -101 dBm, RSRP -130 dBm, RSRQ -17.0 dB"))
        #expect(html.contains("Statuses published: online"))
    }

    @Test func theSignalIsNominalAgainOnceTheWindowIsOver() throws {
        let shorter = Self.text.replacingOccurrences(of: "for: 12m", with: "for: 4m")
        let result = try runScenario(try parseScenario(shorter))
        #expect(result.modemSignal == SignalQuality(rssiDBm: -73, rsrpDBm: -96, rsrqDB: -10), "\(result.modemSignal)")
        // A weak signal is no outage: no uplink recovery is measured for it.
        #expect(result.uplinkRecoveries.isEmpty)
    }
}
