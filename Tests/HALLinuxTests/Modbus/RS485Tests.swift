// SensorGate — HALLinuxTests: RS-485 direction control through TIOCSRS485.

import HAL
import HALLinux
import Testing

@Suite struct RS485Tests {
    @Test func aPseudoTerminalRefusesRS485ModeWithAnErrorNamingThePort() throws {
        // a pty has no RS-485 mode: the kernel answers ENOTTY, reported as a HALError naming the port
        let pty = try PseudoTerminal()
        let port = try TermiosSerialPort(path: pty.terminalPath)
        do {
            try port.configureRS485(RS485Settings())
            Issue.record("TIOCSRS485 on a pseudo-terminal succeeded")
        } catch {
            #expect(error.device == pty.terminalPath)
            #expect("\(error)".contains("TIOCSRS485"))
        }
    }
}
