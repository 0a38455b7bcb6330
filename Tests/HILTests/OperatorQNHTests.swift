// SensorGate — HIL tests: the scenario's operator sends the reference station's sea-level pressure
// (signed `set-qnh` downlink commands), and the gateway's altitude follows the world through the weather.

import Foundation
import HIL
import Testing

@Suite struct OperatorQNHTests {
    /// A BMP280 at a site 34 m up, read at 4 Hz, the gateway computing its altitude; the barometer falls
    /// 60 Pa an hour (a front coming in: 180 Pa, about 15 m of pressure altitude, in 3 h).
    static let board = """
        board: {name: falling-barometer}
        buses:
          i2c0: {type: i2c, path: sim:i2c0}
        world:
          seed: 4
          site: {latitude-deg: 52.5, longitude-deg: 13.4, altitude-m: 34}
          atmosphere: {sea-level-pressure-pa: 101325, pressure-trend-pa-per-h: -60, temperature-c: 14}
        devices:
          barometer:
            compatible: bosch,bmp280
            bus: i2c0
            address: 0x76
            settings: {pressure-oversampling: 16, temperature-oversampling: 2, filter: 4, standby-ms: 125}
            sample: {rate-hz: 4}
            batch: {interval: 60s}
        edge:
          altitude: {barometer: barometer, rate-hz: 1, interval: 60s}
        """

    /// The scenario on `board`, with the operator's section when `qnh` is given.
    static func scenario(board: String, hours: Int = 3, qnh: String?) -> String {
        """
        scenario: {name: falling-barometer}
        board: \(board)
        duration: \(hours)h
        \(qnh.map { "operator:\n  qnh: \($0)" } ?? "")
        expect:
          - {check: altitude-error, device: barometer, below-m: 2, settle: 30s}
        """
    }

    @Test func theAltitudeFollowsTheWorldWhenTheOperatorSendsTheStationsPressure() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let board = folder.appendingPathComponent("falling-barometer.yaml")
        try Data(Self.board.utf8).write(to: board)

        // Without a reference, the falling barometer reads as the gateway climbing about 15 m.
        let alone = try runScenario(try parseScenario(Self.scenario(board: board.path, qnh: nil)))
        let drift = try #require(alone.altitudeMaxM)
        #expect(drift > 10, "altitude error without QNH: \(drift) m")
        #expect(!alone.passed)
        #expect(alone.operatorCommands == nil)

        // The station's pressure every 10 min, to 0.1 hPa: 60 Pa/h is 10 Pa between reports, under 1 m.
        let fed = try runScenario(
            try parseScenario(Self.scenario(board: board.path, qnh: "{every: 10m, resolution-hpa: 0.1}")))
        let error = try #require(fed.altitudeMaxM)
        #expect(error < 2, "altitude error with QNH: \(error) m")
        #expect(fed.passed, "\(fed.results.map(\.message))")
        let commands = try #require(fed.operatorCommands)
        #expect(commands.sent == 18, "\(commands)")
        #expect(commands.applied == commands.sent, "\(commands)")
        #expect(commands.refused.isEmpty && commands.unverified == 0, "\(commands)")
    }

    @Test func theCommandsTravelDownTheModemChainAndWaitForTheSleepingModule() throws {
        // The NB-IoT board sleeps in PSM and connects every 15 min: the broker holds the commands for the
        // gateway's session until it subscribes again, as a broker with a persistent session does.
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let board = folder.appendingPathComponent("sim-nbiot-altitude.yaml")
        let original = try String(
            contentsOf: repositoryRoot.appendingPathComponent("Boards/sim-nbiot.yaml"), encoding: .utf8)
        let world = """
            world:
              seed: 2
              atmosphere: {sea-level-pressure-pa: 101325, pressure-trend-pa-per-h: -60, temperature-c: 12,
                           humidity-rh: 70}
            """
        let text =
            original.replacingOccurrences(
                of:
                    "world:\n  seed: 2\n  atmosphere: {sea-level-pressure-pa: 101325, temperature-c: 12, humidity-rh: 70}",
                with: world)
            + "\nedge:\n  altitude: {barometer: barometer, rate-hz: 1, interval: 60s}\n"
        #expect(text.contains("pressure-trend-pa-per-h: -60"), "Boards/sim-nbiot.yaml's world changed")
        try Data(text.utf8).write(to: board)
        let result = try runScenario(
            try parseScenario(Self.scenario(board: board.path, hours: 2, qnh: "{every: 30m}")))
        let commands = try #require(result.operatorCommands)
        #expect(commands.sent == 4, "\(commands)")
        #expect(commands.applied == 4, "\(commands)")
        #expect(commands.refused.isEmpty && commands.unverified == 0, "\(commands)")
        // 30 Pa between reports at 60 Pa/h: about 2.5 m at worst, against 10 m without.
        let error = try #require(result.altitudeMaxM)
        #expect(error < 3.5, "altitude error with QNH through the modem: \(error) m")
    }
}
