// SensorGate — sensorgate modem-sim: the modem simulator as its own process, on a pseudo-terminal.

import ArgumentParser
import Foundation
import HAL
import HALLinux
import Modem
import ModemSim

/// `sensorgate modem-sim --dialect NAME --link PTY_OR_PATH --network nbiot|cat1 [--upstream-host H] [--seed N]`.
struct ModemSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modem-sim",
        abstract: "Run a simulated cellular modem on a pseudo-terminal (or a serial port).",
        discussion: """
            --link pty creates a pseudo-terminal and prints its path on the first line of standard output; \
            --link pty:PATH also makes PATH a symbolic link to it (removed on exit); --link unix:PATH connects to \
            a Unix stream socket (a virtual machine's UART, QEMU -chardev socket,server=on; docs/vm-test.md); any \
            other value is a serial device to serve. Sockets the gateway opens through the modem are carried to real TCP/UDP endpoints \
            (at --upstream-host when given). Dialects: \(ModemDialect.all.map(\.name).joined(separator: ", ")).
            """)

    @Option(name: .long, help: ArgumentHelp("The module to simulate.", valueName: "NAME"))
    var dialect: String

    @Option(
        name: .long, help: ArgumentHelp("pty, pty:PATH, unix:PATH, or a serial device path.", valueName: "PTY_OR_PATH"))
    var link: String

    @Option(name: .long, help: ArgumentHelp("The network model: nbiot or cat1.", valueName: "nbiot|cat1"))
    var network: String

    @Option(
        name: .customLong("upstream-host"), help: ArgumentHelp("Where every socket goes (IPv4).", valueName: "HOST"))
    var upstreamHost: String?

    @Option(name: .long, help: ArgumentHelp("The random seed (latency, loss, quirks).", valueName: "N"))
    var seed: UInt64 = 1

    @Option(
        name: .long,
        help: ArgumentHelp("Stop after this long (500ms, 10s, 5m); default: run until killed.", valueName: "D"))
    var duration: String?

    @Flag(
        name: .customLong("no-quirks"),
        help: "Behave like an ideal module (no lost first command, no stray URCs, no slow boot).")
    var noQuirks = false

    @OptionGroup(title: "Faults and figures") var faults: ModemSimFaultOptions

    func run() throws {
        try reportingFailures {
            guard let modemDialect = ModemDialect.named(dialect) else {
                throw Failure(
                    "--dialect \(dialect): unknown module (use one of \(ModemDialect.all.map(\.name).joined(separator: ", ")))"
                )
            }
            guard let namedProfile = NetworkProfile.named(network) else {
                throw Failure("--network \(network): unknown network model (use nbiot or cat1)")
            }
            let limit = try duration.map { text throws -> Duration in
                guard let value = DurationText.parse(text) else {
                    throw Failure("--duration \(text): not a duration (use 500ms, 10s, 5m or 24h)")
                }
                return value
            }
            if let upstreamHost, !DurationText.isIPv4(upstreamHost) {
                throw Failure("--upstream-host \(upstreamHost): not an IPv4 address (use 127.0.0.1)")
            }
            let profile = try faults.tuned(namedProfile)
            let quirks = try faults.tuned(noQuirks ? ModemQuirks.none : .default)
            let scenario = try faults.scenario()
            let simPIN = try faults.checkedSIMPIN()
            let transport = LoopbackTransport(upstreamHost: upstreamHost)
            let modem = SimModem(
                dialect: modemDialect, profile: profile, transport: transport, quirks: quirks, seed: seed)
            modem.simPIN = simPIN
            scenario.apply(to: modem)
            let (port, terminal, symlink, pty) = try openLink()
            defer { if let symlink { try? FileManager.default.removeItem(atPath: symlink) } }
            let clock = LinuxMonotonicClock()
            let runner = ModemSimRunner(modem: modem, port: port, clock: clock)
            let line = "modem-sim: \(modemDialect.name) (\(profile.name)) on \(terminal ?? link)\n"
            try? FileHandle.standardOutput.write(contentsOf: Data(line.utf8))
            modem.powerOn(at: runner.now)
            let end = limit.map { clock.now() + $0 }
            try withExtendedLifetime(pty) { try runner.run { end.map { clock.now() >= $0 } ?? false } }
            let report = """
                modem-sim: \(modem.bootCount) boot(s), \(modem.meter.bytesUp) bytes up, \(modem.meter.bytesDown) bytes down, \
                radio on \(modem.meter.radioOnTime(at: runner.now))\n
                """
            // A reader that went away (a closed pipe) is no reason to crash at the end of a run.
            try? FileHandle.standardOutput.write(contentsOf: Data(report.utf8))
        }
    }

    /// The port to serve, the pseudo-terminal's path (if one was made), the symbolic link to remove,
    /// and the pseudo-terminal to keep alive.
    private func openLink() throws -> (any SerialPort, String?, String?, PseudoTerminal?) {
        if link.hasPrefix("unix:") {
            return (try UnixSocketLink.connect(path: String(link.dropFirst(5))), nil, nil, nil)
        }
        guard link == "pty" || link.hasPrefix("pty:") else {
            return (try TermiosSerialPort(path: link), nil, nil, nil)
        }
        let pty = try PseudoTerminal()
        guard link.hasPrefix("pty:") else { return (pty.controller, pty.terminalPath, nil, pty) }
        let path = String(link.dropFirst(4))
        try? FileManager.default.removeItem(atPath: path)
        do {
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: pty.terminalPath)
        } catch {
            throw Failure("--link \(link): cannot create the link \(path) (check the folder exists and is writable)")
        }
        return (pty.controller, pty.terminalPath, path, pty)
    }
}
