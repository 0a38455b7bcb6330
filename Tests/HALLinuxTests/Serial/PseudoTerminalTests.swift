// SensorGate — HALLinux tests: real kernel pseudo-terminals through the termios backend.

import Glibc
import HAL
import Testing

@testable import HALLinux

/// Reads until `count` bytes have arrived or `limit` reads came back empty.
private func readAll(_ port: SerialPort, count: Int) throws -> [UInt8] {
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 64)
    var idleReads = 0
    while received.count < count && idleReads < 50 {
        let got = try port.read(into: &buffer, timeout: .milliseconds(100))
        if got == 0 { idleReads += 1 }
        received += buffer[0..<got]
    }
    return received
}

@Suite struct PseudoTerminalTests {
    /// Every byte value, with the ones cooked mode would change placed up front: NUL, XON (0x11),
    /// XOFF (0x13), 0xFF, CR and LF, and ^C (0x03).
    private let payload: [UInt8] = [0x00, 0x11, 0x13, 0xFF, 0x0D, 0x0A, 0x03, 0x0D, 0x0A] + (0...255).map { UInt8($0) }

    @Test func rawModeAt115200CarriesEveryByteUnchangedBothWays() throws {
        let pty = try PseudoTerminal()
        let port = try TermiosSerialPort(path: pty.terminalPath, settings: SerialSettings(baudRate: 115_200))
        #expect(port.settings.baudRate == 115_200)
        try pty.controller.write(payload)
        #expect(try readAll(port, count: payload.count) == payload)
        try port.write(payload)
        try port.drain()
        #expect(try readAll(pty.controller, count: payload.count) == payload)
    }

    @Test func configuredLineIsRawWithTheRequestedSpeed() throws {
        let pty = try PseudoTerminal()
        let port = try TermiosSerialPort(
            path: pty.terminalPath, settings: SerialSettings(baudRate: 115_200, parity: .even, stopBits: .two))
        var attributes = termios()
        #expect(tcgetattr(port.fd, &attributes) == 0)
        #expect(cfgetospeed(&attributes) == speed_t(B115200))
        #expect(attributes.c_lflag & tcflag_t(ICANON | ECHO | ISIG) == 0)
        #expect(attributes.c_iflag & tcflag_t(ICRNL | IXON) == 0)
        #expect(attributes.c_oflag & tcflag_t(OPOST) == 0)
        // The pty driver forces CS8 and clears PARENB itself; stop bits survive.
        #expect(attributes.c_cflag & tcflag_t(CSTOPB) != 0)
    }

    @Test func framingTranslatesToTermiosFlags() {
        var attributes = termios()
        let settings = SerialSettings(
            baudRate: 9_600, dataBits: 7, parity: .odd, stopBits: .two, flowControl: .hardware)
        #expect(TermiosSettings.apply(settings, to: &attributes) == nil)
        #expect(attributes.c_cflag & tcflag_t(CSIZE) == tcflag_t(CS7))
        #expect(attributes.c_cflag & tcflag_t(PARENB | PARODD | CSTOPB) == tcflag_t(PARENB | PARODD | CSTOPB))
        #expect(attributes.c_cflag & tcflag_t(0o20000000000) != 0)  // CRTSCTS
        #expect(cfgetispeed(&attributes) == speed_t(B9600))
        var software = termios()
        #expect(TermiosSettings.apply(SerialSettings(flowControl: .software), to: &software) == nil)
        #expect(software.c_iflag & tcflag_t(IXON | IXOFF) == tcflag_t(IXON | IXOFF))
        #expect(software.c_cflag & tcflag_t(0o20000000000) == 0)
    }

    @Test func readWithZeroTimeoutReturnsNothingWhenIdle() throws {
        let pty = try PseudoTerminal()
        let port = try TermiosSerialPort(path: pty.terminalPath)
        var buffer = [UInt8](repeating: 0, count: 16)
        #expect(try port.read(into: &buffer, timeout: .zero) == 0)
    }

    @Test func hangUpOfTheTerminalEndIsReportedAsDisconnected() throws {
        let pty = try PseudoTerminal(keepTerminalOpen: false)
        do {
            let port = try TermiosSerialPort(path: pty.terminalPath)
            try port.write([0x41])
        }
        var buffer = [UInt8](repeating: 0, count: 16)
        #expect(try pty.controller.read(into: &buffer, timeout: .milliseconds(500)) == 1)
        #expect {
            _ = try pty.controller.read(into: &buffer, timeout: .milliseconds(500))
        } throws: { ($0 as? HALError)?.kind == .disconnected }
    }

    @Test func unsupportedBaudRateIsRefusedWithTheRatesThatWork() throws {
        let pty = try PseudoTerminal()
        #expect {
            _ = try TermiosSerialPort(path: pty.terminalPath, settings: SerialSettings(baudRate: 12_345))
        } throws: { error in
            (error as? HALError)?.kind == .invalidArgument
                && (error as? HALError)?.hint?.contains("unsupported baud rate 12345; use one of 1200") == true
        }
    }
}
