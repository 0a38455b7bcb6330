// SensorGate — sensorgate modem-check: a modem on a real serial port, from its control lines to a TCP echo.

import ArgumentParser
import Foundation
import HAL
import HALLinux
import Modem

/// `sensorgate modem-check --port PATH --dialect NAME --echo HOST:PORT [--modem-lines] [--bytes N]`.
struct ModemCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modem-check",
        abstract: "Bring a modem online on a serial port and send bytes through it to a TCP echo server.",
        discussion: """
            Opens --port (exclusively, raw, 115200 8N1), asserts DTR and RTS and reads the control lines back \
            (with --modem-lines a port without them fails), then runs the modem driver: probe, boot, \
            configuration, registration, data context; opens a TCP socket through the module to --echo, sends \
            --bytes bytes (every value 0–255) and checks that the same bytes come back. Prints one line per step; \
            exit status 1 with one line at the first failure. Used by the VM test (docs/vm-test.md) against \
            `sensorgate modem-sim` on the host; on a bench it checks a module's wiring and its network.
            """)

    @Option(help: ArgumentHelp("The modem's serial port.", valueName: "PATH"))
    var port: String

    @Option(help: ArgumentHelp("The module's dialect (bg96, sim7080g, ...).", valueName: "NAME"))
    var dialect: String

    @Option(help: ArgumentHelp("A TCP echo server to reach through the modem.", valueName: "HOST:PORT"))
    var echo: String

    @Flag(name: .customLong("modem-lines"), help: "Fail when the port has no modem control lines (a UART must).")
    var requireModemLines = false

    @Option(help: ArgumentHelp("How many bytes to send (default 1024).", valueName: "N"))
    var bytes = 1024

    @Option(help: ArgumentHelp("How long to wait for the echo (default 30s).", valueName: "D"))
    var timeout: DurationArgument?

    func validate() throws {
        guard bytes > 0 else { throw ValidationError("--bytes must be at least 1, not \(bytes)") }
        guard ModemDialect.named(dialect) != nil else {
            throw ValidationError(
                "--dialect \(dialect): unknown module (use one of \(ModemDialect.all.map(\.name).joined(separator: ", ")))"
            )
        }
        guard Self.endpoint(echo) != nil else {
            throw ValidationError("--echo \(echo): use HOST:PORT, such as 10.0.2.2:7")
        }
    }

    func run() throws {
        try reportingFailures {
            guard let module = ModemDialect.named(dialect), let (host, echoPort) = Self.endpoint(echo) else { return }
            try checkControlLines()
            let path = port
            let clock = LinuxMonotonicClock()
            let driver = ModemDriver(
                dialect: module, clock: clock,
                openPort: { () throws(HALError) -> any SerialPort in try TermiosSerialPort(path: path) })
            try driver.start()
            let registration = driver.registration.map { "\($0.key) \($0.value)" }.sorted().joined(separator: ", ")
            print("modem-check: \(module.name) online on \(port) (registration: \(registration))")
            let socket = try driver.openSocket(.tcp, host: host, port: echoPort)
            print("modem-check: TCP socket \(socket) open to \(host):\(echoPort) through the module")
            let message = (0..<bytes).map { UInt8(truncatingIfNeeded: $0) }
            try driver.send(message, on: socket)
            var received: [UInt8] = []
            let deadline = clock.now() + (timeout?.duration ?? .seconds(30))
            while received.count < message.count && clock.now() < deadline {
                received += try driver.receive(from: socket)
                if received.count < message.count { try driver.idle(for: .milliseconds(100)) }
            }
            guard received == message else {
                let prefix = zip(received, message).prefix { $0 == $1 }.count
                throw Failure(
                    "\(port): \(received.count) of \(message.count) bytes came back from \(echo), the first "
                        + "\(prefix) intact: check the echo server and the modem simulator's log")
            }
            try driver.close(socket)
            let metrics = driver.metrics
            print(
                "modem-check: \(message.count) bytes sent and echoed intact; \(metrics.bytesSent) bytes sent, "
                    + "\(metrics.bytesReceived) received, \(metrics.commandTimeouts) command timeouts, "
                    + "\(metrics.recoveries) recoveries")
        }
    }

    /// Asserts DTR and RTS, reads the lines, releases them and reads again: the UART driver's TIOCM* path.
    private func checkControlLines() throws {
        let serial = try TermiosSerialPort(path: port)
        let asserted: ModemControlLines
        let released: ModemControlLines
        switch Result(catching: { () throws(HALError) in try Self.toggleControlLines(serial) }) {
        case .success(let lines):
            (asserted, released) = lines
        case .failure(let error):
            guard error.kind == .unsupported, !requireModemLines else { throw error }
            print("modem-check: \(port) has no modem control lines (\(error.description))")
            return
        }
        guard asserted.isSuperset(of: [.dtr, .rts]), released.isDisjoint(with: [.dtr, .rts]) else {
            throw Failure(
                "\(port): DTR/RTS read back as \(Self.text(asserted)) when asserted and \(Self.text(released)) "
                    + "when released: the UART driver does not follow TIOCMBIS/TIOCMBIC")
        }
        print("modem-check: \(port) control lines asserted: \(Self.text(asserted)); released: \(Self.text(released))")
    }

    /// The lines read after asserting DTR and RTS, and after releasing them; they are left asserted.
    private static func toggleControlLines(_ serial: TermiosSerialPort) throws(HALError)
        -> (ModemControlLines, ModemControlLines)
    {
        try serial.setModemControlLines([.dtr, .rts], asserted: true)
        let asserted = try serial.modemControlLines()
        try serial.setModemControlLines([.dtr, .rts], asserted: false)
        let released = try serial.modemControlLines()
        try serial.setModemControlLines([.dtr, .rts], asserted: true)
        return (asserted, released)
    }

    /// `DTR RTS CTS DSR DCD RI` for the lines in `lines`, or `none`.
    static func text(_ lines: ModemControlLines) -> String {
        let names: [(ModemControlLines, String)] = [
            (.dtr, "DTR"), (.rts, "RTS"), (.cts, "CTS"), (.dsr, "DSR"), (.dcd, "DCD"), (.ri, "RI"),
        ]
        let present = names.filter { lines.contains($0.0) }.map(\.1)
        return present.isEmpty ? "none" : present.joined(separator: " ")
    }

    /// `HOST:PORT` as a host and a port number.
    static func endpoint(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let number = Int(text[text.index(after: colon)...]),
            (1...65535).contains(number), colon != text.startIndex
        else { return nil }
        return (String(text[..<colon]), number)
    }
}
