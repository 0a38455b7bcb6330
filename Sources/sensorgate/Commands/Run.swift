// SensorGate — sensorgate run: the gateway, end to end on a simulated board.

import ArgumentParser
import Board
import Dispatch
import Foundation
import Gateway
import HAL
import HALLinux
import Modbus
import ModbusTCP
import Sampling

/// `sensorgate run --board FILE [--duration D] [--speed realtime|max|N] [--state-dir DIR] [--report FILE.json]
/// [--upstream URL]`.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the gateway: sample, batch, sign, store and deliver, end to end.",
        discussion: """
            On a simulated board the chips run in virtual time (as fast as the CPU allows with --speed max, \
            at real time or N× real time otherwise); every batch is sealed into the durable store in the \
            state folder and delivered with the CoAP client over loopback UDP to an in-process collector \
            server that verifies its signature and decodes it; the CoAP ACK (2.04) deletes it from the store. SIGINT or SIGTERM ends the run \
            gracefully: everything sampled is sealed, stored and delivered first.
            """)

    @Option(name: .long, help: ArgumentHelp("The board file.", valueName: "FILE"))
    var board: String

    @Option(
        name: .long,
        help: ArgumentHelp("How long to run (simulated time): 500ms, 10s, 5m, 24h (default 2m).", valueName: "D"))
    var duration: DurationArgument?

    @Option(name: .long, help: ArgumentHelp("realtime, max (default), or a factor of real time.", valueName: "SPEED"))
    var speed = "max"

    @Option(
        name: .long, help: ArgumentHelp("The state folder (default: the board's storage: state-dir).", valueName: "DIR")
    )
    var stateDir: String?

    @Option(name: .long, help: ArgumentHelp("Write the run's report as JSON.", valueName: "FILE.json"))
    var report: String?

    @Option(name: .long, help: ArgumentHelp("Deliver to this upstream instead (not available yet).", valueName: "URL"))
    var upstream: String?

    @Flag(name: .long, help: "Simulate an upstream outage: deliver nothing, keep every batch in the store.")
    var offline = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Append `committed STREAM SEQUENCE` to FILE as each batch becomes durable (the power-cut test).",
            valueName: "FILE"))
    var commitLog: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Serve the live values over Modbus TCP on HOST:PORT (default: the board's modbus: listen:).",
            valueName: "HOST:PORT"))
    var modbusListen: String?

    func validate() throws {
        if let modbusListen, ModbusListenAddress(modbusListen) == nil {
            throw ValidationError("--modbus-listen must be HOST:PORT such as 127.0.0.1:1502, not '\(modbusListen)'")
        }
        guard pacing != nil else {
            throw ValidationError("--speed must be realtime, max or a positive factor such as 10, not '\(speed)'")
        }
    }

    private var pacing: Pacing? {
        switch speed {
        case "max": return .asFastAsPossible
        case "realtime": return .scaled(factor: 1)
        default:
            guard let factor = Double(speed), factor > 0, factor.isFinite else { return nil }
            return .scaled(factor: factor)
        }
    }

    func run() throws {
        try reportingFailures {
            if let upstream {
                throw Failure(
                    "--upstream \(upstream): delivery to a remote collector is not wired into run yet; "
                        + "run without --upstream to deliver over CoAP on loopback to the in-process collector")
            }
            let description = try BoardLoader.load(path: board)
            if let upstream = description.upstream {
                FileHandle.standardError.write(
                    Data(
                        ("sensorgate: \(upstream.location): the board's upstream \(upstream.url) is not used by run yet; "
                            + "delivering on loopback instead\n").utf8))
            }
            var settings = GatewaySettings()
            settings.duration = duration?.duration ?? .seconds(120)
            settings.pacing = pacing ?? .asFastAsPossible
            settings.stateDirectory = stateDir
            if offline { settings.delivery = .offline }
            if let commitLog {
                if !FileManager.default.fileExists(atPath: commitLog) {
                    _ = FileManager.default.createFile(atPath: commitLog, contents: nil)
                }
                guard let handle = FileHandle(forWritingAtPath: commitLog)
                else { throw Failure("--commit-log \(commitLog): cannot write the file") }
                handle.seekToEndOfFile()
                let log = CommitLog(handle: handle)
                settings.onCommit = { stream, sequence in log.write(stream, sequence) }
            }
            let modbus = try ModbusService.start(board: description, listen: modbusListen)
            defer { modbus?.stop() }
            settings.observer = modbus?.publisher
            let runner = GatewayRunner(
                board: description, settings: settings, wallClock: LinuxMonotonicClock(),
                utcStartMicros: Int64(Date().timeIntervalSince1970 * 1e6))
            let signals = SignalWatch(stop: runner.stopSignal)
            let live = isatty(STDERR_FILENO) == 1
            let result = try runner.run(
                status: { status in
                    guard live else { return }
                    let done = Double(status.simulated.nanoseconds) / Double(max(status.total.nanoseconds, 1)) * 100
                    let line = String(
                        format: "\r%5.1f%%  %@ simulated  %d samples  %d batches ", done,
                        RunSummary.clock(status.simulated), status.samples, status.windows)
                    FileHandle.standardError.write(Data(line.utf8))
                },
                announce: { line in
                    FileHandle.standardError.write(
                        Data(
                            "sensorgate: \(line) (the real client over loopback UDP; it verifies and decodes every batch)\n"
                                .utf8))
                })
            signals.cancel()
            if live { FileHandle.standardError.write(Data("\n".utf8)) }
            print(RunSummary.text(result))
            if let modbus { print(modbus.summary()) }
            if let report {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(result).write(to: URL(fileURLWithPath: report))
            }
            if offline {
                guard result.sealer.droppedSamples.isEmpty else {
                    throw Failure("not every batch was stored; see the summary")
                }
            } else if !result.everySampleVerified {
                throw Failure("not every sample was delivered and verified; see the summary")
            }
        }
    }
}

/// SIGINT and SIGTERM request a graceful stop instead of killing the process.
final class SignalWatch {
    private var sources: [DispatchSourceSignal] = []

    init(stop: StopSignal) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.request() }
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
        for number in [SIGINT, SIGTERM] { signal(number, SIG_DFL) }
    }
}

/// The power-cut test's record: one `committed STREAM SEQUENCE` line per durable batch, written with
/// one write(2) each, so that a SIGKILL leaves only whole lines of batches that are on the device.
final class CommitLog: Sendable {
    private let handle: FileHandle

    init(handle: FileHandle) { self.handle = handle }

    func write(_ stream: UInt32, _ sequence: UInt64) {
        handle.write(Data("committed \(stream) \(sequence)\n".utf8))
    }
}
