// SensorGate — sensorgate bench modbus: the sampler's real-time latency with and without Modbus TCP load.

import ArgumentParser
import Board
import Foundation
import HAL
import HALLinux
import Sampling

/// `sensorgate bench modbus --listen HOST:PORT --seconds N [--rate-hz R ...] [--realtime-priority N]
/// [--lock-memory] [--cpu N] [--server-cpu N] [--json]`.
struct BenchModbus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modbus",
        abstract: "The sampler's real wake-up latency beside the Modbus TCP server, alone and under client load.",
        discussion: """
            Serves the reference board's register map on --listen and runs a real-time sampler (CLOCK_MONOTONIC, \
            absolute deadlines) in the same process, its readings published into the server's table: first alone \
            for --seconds, then prints 'bench modbus: start the load' and, once the clients' requests arrive, the \
            same again under the load (the server then stays up --linger-seconds for the clients to finish). Prints per group samples, deadline misses and wake-up latency \
            p50/p99/p99.9/max alone and loaded, with the ratio. Scripts/bench-modbus --realtime starts the clients. \
            The sampler thread takes the board's sampling: settings (SCHED_FIFO priority, locked memory, CPUs) \
            unless the options say otherwise; --server-cpu pins the server's event loop (and the rest of the \
            process) to other CPUs, so that the sampler has a core of its own.
            """)

    @Option(help: "Where the server listens (HOST:PORT).")
    var listen = "127.0.0.1:1502"

    @Option(help: "Seconds per phase.")
    var seconds = 60

    @Option(help: "The sampler's group rates in Hz (repeat for several groups).")
    var rateHz: [Double] = [1000, 100]

    @Option(help: ArgumentHelp("The board whose map is served.", valueName: "FILE"))
    var board = "Boards/sim-reference.yaml"

    @Option(help: "Seconds the server stays up after the loaded phase, for the clients to finish.")
    var lingerSeconds = 15

    @Option(help: "The sampler's SCHED_FIFO priority 1–99 (default: the board's sampling: realtime-priority).")
    var realtimePriority: Int?

    @Flag(help: "Run the sampler with the normal scheduler, whatever the board says.")
    var normalPriority = false

    @Flag(help: "Lock memory (mlockall; default: the board's sampling: lock-memory).")
    var lockMemory = false

    @Option(help: "A CPU the sampler runs on (repeat for several; default: the board's sampling: cpus, or any).")
    var cpu: [Int] = []

    @Option(help: "A CPU the Modbus server's event loop runs on (repeat for several; default: any).")
    var serverCpu: [Int] = []

    @Flag(help: "Print JSON.")
    var json = false

    /// The sampler thread's settings: the options over the board's `sampling:` section.
    func samplerSettings(_ board: BoardDescription) -> RealtimeSettings {
        let sampling = board.sampling
        return RealtimeSettings(
            priority: normalPriority ? nil : realtimePriority ?? sampling.realtimePriority,
            lockMemory: lockMemory || sampling.lockMemory, cpus: cpu.isEmpty ? sampling.cpus : cpu,
            cpuLatencyMicroseconds: sampling.cpuLatencyMicroseconds)
    }

    private func warn(_ warnings: [String]) {
        for warning in warnings { FileHandle.standardError.write(Data("sensorgate: warning: \(warning)\n".utf8)) }
    }

    func run() throws {
        try reportingFailures {
            let rates = try rateHz.map { hertz in
                guard let rate = SamplingRate(hertz: hertz) else { throw Failure("--rate-hz \(hertz) is out of range") }
                return rate
            }
            guard seconds >= 1 else { throw Failure("--seconds must be at least 1") }
            let description = try BoardLoader.load(path: board)
            // The event loop's threads start with the server and inherit this thread's CPUs.
            if !serverCpu.isEmpty { warn(RealtimeThread.apply(RealtimeSettings(cpus: serverCpu))) }
            guard
                let service = try ModbusService.start(
                    board: description, listen: listen, log: LoggingOptions.logger("bench"))
            else {
                throw Failure("no listen address")
            }
            defer { service.stop() }
            let sampler = samplerSettings(description)
            warn(RealtimeThread.apply(sampler))
            let settingsLine =
                "bench modbus: sampler \(sampler.priority.map { "SCHED_FIFO \($0)" } ?? "normal scheduler"), "
                + "memory \(sampler.lockMemory ? "locked" : "pageable"), CPUs \(sampler.cpus.isEmpty ? "any" : "\(sampler.cpus)"); "
                + "server CPUs \(serverCpu.isEmpty ? "any" : "\(serverCpu)")\n"
            (json ? FileHandle.standardError : FileHandle.standardOutput).write(Data(settingsLine.utf8))
            let phases = try ModbusLoadBenchmark.run(
                service: service, rates: rates, phase: .seconds(seconds),
                waitForLoad: {
                    FileHandle.standardOutput.write(Data("bench modbus: start the load on \(service.address)\n".utf8))
                    try ModbusLoadBenchmark.waitForRequests(service, requests: 1000, limit: .seconds(120))
                })
            try? LinuxMonotonicClock().sleep(until: LinuxMonotonicClock().now() + .seconds(max(lingerSeconds, 0)))
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(phases), as: UTF8.self))
            } else {
                print(ModbusLoadBenchmark.text(phases))
            }
        }
    }
}
