// SensorGate — command-line tests: sensorgate modem-sim.

import Foundation
import Testing

@Suite struct ModemSimCommandTests {
    @Test func badOptionsAreOneClearLineAndExitOne() throws {
        let dialect = try sensorgate("modem-sim", "--dialect", "sim800", "--link", "pty", "--network", "cat1")
        #expect(dialect.status == 1)
        #expect(
            dialect.stderr
                == "sensorgate: --dialect sim800: unknown module (use one of bg95, bg96, bc66, bc660k, ec21, eg915u, sim7080g, a7670, sim7600)\n"
        )
        let network = try sensorgate("modem-sim", "--dialect", "bg96", "--link", "pty", "--network", "5g")
        #expect(
            network.status == 1
                && network.stderr == "sensorgate: --network 5g: unknown network model (use nbiot or cat1)\n")
        let link = try sensorgate("modem-sim", "--dialect", "bg96", "--link", "/nonexistent/tty", "--network", "cat1")
        #expect(link.status == 1 && link.stderr.hasPrefix("sensorgate: ") && link.stderr.contains("/nonexistent/tty"))
        #expect(link.stderr.split(separator: "\n").count == 1)
    }

    @Test func itServesAPseudoTerminalForTheGivenTimeAndReports() throws {
        let run = try sensorgate(
            "modem-sim", "--dialect", "sim7080g", "--link", "pty", "--network", "nbiot", "--duration", "300ms")
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("modem-sim: sim7080g (nbiot) on /dev/pts/") == true)
        #expect(lines.last?.hasPrefix("modem-sim: 1 boot(s), 0 bytes up, 0 bytes down") == true)
    }
}
