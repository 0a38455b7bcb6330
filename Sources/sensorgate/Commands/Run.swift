// SensorGate — sensorgate run: the gateway, end to end, on a simulated board or on real buses.

import ArgumentParser
import Board
import Dispatch
import Foundation
import Gateway
import HAL
import HALLinux
import Logging
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
            at real time or N× real time otherwise); a board of real buses (/dev/i2c-N, /dev/spidevB.C, \
            /dev/gpiochipN) runs in real time through the Linux backend. Every batch is sealed into the durable store in the \
            state folder and delivered with the CoAP client over loopback UDP to an in-process collector \
            server that verifies its signature and decodes it; the CoAP ACK (2.04) deletes it from the store. SIGINT or SIGTERM ends the run \
            gracefully: everything sampled is sealed, stored and delivered first.
            """)

    @Option(name: .long, help: ArgumentHelp("The board file.", valueName: "FILE"))
    var board: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "How long to run (simulated time): 500ms, 10s, 5m, 24h or forever (default 2m).", valueName: "D"))
    var duration: DurationArgument?

    @Option(name: .long, help: ArgumentHelp("realtime, max (default), or a factor of real time.", valueName: "SPEED"))
    var speed = "max"

    @Option(
        name: .long, help: ArgumentHelp("The state folder (default: the board's storage: state-dir).", valueName: "DIR")
    )
    var stateDir: String?

    @Option(name: .long, help: ArgumentHelp("Write the run's report as JSON.", valueName: "FILE.json"))
    var report: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Deliver over MQTT to this broker instead of the loopback collector (default: the board's upstream "
                + "when its protocol is mqtt).", valueName: "mqtt://HOST:PORT"))
    var upstream: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Carry the MQTT connection through the simulated modem of this dialect (bc66, sim7080g, …): its AT "
                + "socket over a simulated serial link, to the broker's real address.", valueName: "DIALECT"))
    var modem: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The MQTT user name (default: the board's upstream username); the password comes from the board's "
                + "password-file/password-env, or the environment variable SENSORGATE_UPSTREAM_PASSWORD.",
            valueName: "NAME"))
    var username: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The CA certificate (PEM) the broker's certificate must chain to, for mqtts:// (default: the board's "
                + "upstream ca-file).", valueName: "FILE"))
    var caFile: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The operator's public key (PEM): downlink commands on sensorgate/<device>/cmd are accepted only when "
                + "signed by it.", valueName: "FILE"))
    var operatorKey: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "How long the end of the run waits for the broker to acknowledge what is left (default 30s).",
            valueName: "D"))
    var drainTimeout: DurationArgument?

    @Flag(name: .long, help: "Simulate an upstream outage: deliver nothing, keep every batch in the store.")
    var offline = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Serve Prometheus metrics on HOST:PORT (default: the board's metrics: listen).", valueName: "HOST:PORT"))
    var metricsListen: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Kick this hardware watchdog while healthy (default: the board's watchdog: device).", valueName: "DEVICE"))
    var watchdog: String?

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

    @OptionGroup var logging: LoggingOptions

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
        // First of all: keep each batch's working buffers in the heap between batches (``HeapSettings``).
        let heapWarning = ProcessHeap.apply(HeapSettings())
        try reportingFailures {
            let log = try logging.bootstrap("run")
            if let heapWarning { log.warning("\(heapWarning)") }
            if let upstream, !["mqtt://", "mqtts://", "coap://"].contains(where: { upstream.hasPrefix($0) }) {
                throw Failure(
                    "--upstream \(upstream): run delivers to mqtt://HOST:PORT, mqtts://HOST:PORT or "
                        + "coap://HOST:PORT/PATH; run without --upstream to deliver over CoAP on loopback to the "
                        + "in-process collector")
            }
            let description = try BoardLoader.load(path: board)
            var settings = GatewaySettings()
            let coapURL =
                upstream.flatMap { $0.hasPrefix("coap://") ? $0 : nil }
                ?? (upstream == nil && description.upstream?.upstreamProtocol == .coap
                    ? description.upstream?.url : nil)
            if let coapURL {
                if modem != nil || description.modem != nil {
                    throw Failure("\(coapURL): run carries CoAP over the host's UDP only; a modem carries MQTT")
                }
                settings.coap = try CoAPUpstream(url: coapURL)
                settings.delivery = .coap
            } else {
                settings.mqtt = try MQTTUpstreamOptions.uplink(
                    upstream: upstream, board: description, username: username, modem: modem, caFile: caFile,
                    operatorKey: operatorKey, drainTimeout: drainTimeout?.duration)
                if settings.mqtt != nil { settings.delivery = .mqtt }
            }
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
            // A remote upstream verifies at its own end: here, every batch must have been acknowledged.
            let mqttMode = settings.delivery == .mqtt || settings.delivery == .coap
            let real =
                !description.buses.allSatisfy(\.isSimulated) || !description.gpioChips.allSatisfy(\.isSimulated)
            if real && speed != "max" && speed != "realtime" {
                log.warning("a board of real buses runs in real time; --speed \(speed) is ignored")
            }
            let modbus = try ModbusService.start(board: description, listen: modbusListen, log: log)
            defer { modbus?.stop() }
            settings.observer = modbus?.publisher
            let runner = GatewayRunner(
                board: description, settings: settings, wallClock: LinuxMonotonicClock(),
                utcStartMicros: Int64(Date().timeIntervalSince1970 * 1e6), backend: real ? LinuxBackend() : nil)
            runner.pseudoTerminals = LinuxPseudoTerminals()
            let operations = try RunOperations(
                board: description, metricsListen: metricsListen, watchdogDevice: watchdog,
                log: log)
            if real {
                // The sampler runs on this thread: the board's sampling: section applies to it (each setting
                // the system refuses falls back with one warning). A simulated run ignores it: SCHED_FIFO on a
                // thread that never sleeps would starve the machine.
                let sampling = description.sampling
                let realtime = RealtimeSettings(
                    priority: sampling.realtimePriority, lockMemory: sampling.lockMemory, cpus: sampling.cpus,
                    cpuLatencyMicroseconds: sampling.cpuLatencyMicroseconds)
                for warning in RealtimeThread.apply(realtime) {
                    log.warning("\(warning)")
                }
            }
            let signals = SignalWatch(stop: runner.stopSignal)
            let live = isatty(STDERR_FILENO) == 1
            let result = try runner.run(
                status: { status in
                    operations.observe(status)
                    guard live else { return }
                    FileHandle.standardError.write(Data(RunSummary.statusLine(status).utf8))
                },
                announce: { line in log.notice("\(line)") })
            signals.cancel()
            operations.finish(summary: "run ended by \(result.ended)")
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
            } else if mqttMode {
                guard result.storeDepthAtEnd == 0, result.sealer.droppedSamples.isEmpty else {
                    throw Failure(
                        "\(result.storeDepthAtEnd) batches not acknowledged by the upstream; they stay in the store")
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
