// SensorGate — Board tests: the `metrics:` and `watchdog:` sections.

import Board
import Testing

@Suite struct BoardOperationsTests {
    private let header = """
        board:
          name: t

        """

    private func error(_ yaml: String) -> String? { boardError(yaml, file: "t.yaml") }

    @Test func defaultsAreOffButForSystemd() throws {
        let board = try BoardLoader.parse(header, file: "t.yaml")
        #expect(board.metrics == nil)
        #expect(board.watchdog.device == nil && board.watchdog.systemd)
        #expect(board.watchdog.timeout == .seconds(30) && board.watchdog.stallTimeout == .seconds(10))
    }

    @Test func everyKeyIsRead() throws {
        let board = try BoardLoader.parse(
            header + """
                metrics: {listen: "0.0.0.0:9100"}
                watchdog: {device: /dev/watchdog1, timeout: 60s, stall-timeout: 20s, systemd: false}
                """, file: "t.yaml")
        #expect(board.metrics?.host == "0.0.0.0" && board.metrics?.port == 9100)
        #expect(board.watchdog.device == "/dev/watchdog1" && !board.watchdog.systemd)
        #expect(board.watchdog.timeout == .seconds(60) && board.watchdog.stallTimeout == .seconds(20))
    }

    @Test func badValuesNameTheLineAndWhatIsExpected() {
        #expect(
            error(header + "metrics: {listen: \"localhost\"}\n")
                == "t.yaml:3:19: 'listen' must be HOST:PORT with a port from 1 to 65535, such as 127.0.0.1:9464")
        #expect(
            error(header + "watchdog: {device: /dev/watchdog, timeout: 10s, stall-timeout: 10s}\n")?.hasPrefix(
                "t.yaml:3:64: 'stall-timeout' must be shorter than the watchdog's 'timeout'") == true)
        #expect(error(header + "watchdog: {device: watchdog0}\n")?.contains("/dev/watchdog") == true)
        #expect(error(header + "watchdog: {timout: 10s}\n")?.contains("did you mean 'timeout'") == true)
        #expect(error(header + "metric: {listen: \"1.2.3.4:5\"}\n")?.contains("did you mean 'metrics'") == true)
    }
}
