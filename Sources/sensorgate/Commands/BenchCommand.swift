// SensorGate — sensorgate bench: benchmarks that run on the target gateway too.

import ArgumentParser
import Foundation
import HALLinux
import Sampling

/// `sensorgate bench codec|sampling|fusion|store|uplink`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks that run on the target gateway too.",
        subcommands: [
            BenchCodec.self, BenchSampling.self, BenchFusion.self, BenchStore.self, BenchUplink.self, BenchModbus.self,
        ])
}

/// `sensorgate bench sampling --rate-hz N --duration D [--json]` (real time) or
/// `sensorgate bench sampling --board FILE --virtual --duration D [--json]`.
struct BenchSampling: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sampling",
        abstract: "Wake-up latency of the sampler in real time, or a simulated board's speed in virtual time.",
        discussion: """
            Real time (--rate-hz): one polled group on CLOCK_MONOTONIC with absolute deadlines; prints wake-up \
            latency p50/p99/p99.9/max in µs, deadline misses and the drift of the last deadline. Scripts/bench-sampling \
            runs it beside cyclictest. Virtual (--board FILE --virtual): the whole simulated board (chip models, \
            buses, drivers, sampler) as fast as the CPU allows; prints simulated-to-wall ratio and ns per sample.
            """)

    @Option(help: "Real time: the sampling rate in Hz.")
    var rateHz: Double?

    @Option(help: ArgumentHelp("A simulated board to run in virtual time.", valueName: "FILE"))
    var board: String?

    @Flag(help: "Run the board in virtual time (required with --board).")
    var virtual = false

    @Option(help: "How long: 500ms, 30s, 5m, 1h (virtual time with --virtual).")
    var duration: DurationArgument

    @Option(help: "Real time: SCHED_FIFO priority 1–99 (falls back with a warning where not permitted).")
    var realtimePriority: Int?

    @Flag(help: "Real time: lock memory (mlockall).")
    var lockMemory = false

    @Option(help: "Real time: the CPU to run on.")
    var cpu: Int?

    @Option(
        help: ArgumentHelp(
            "Real time: hold this CPU wake-up latency (PM QoS, /dev/cpu_dma_latency) during the run; 0 keeps "
                + "idle CPUs polling, as cyclictest does by default.", valueName: "µs"))
    var cpuLatencyUs: Int?

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        try reportingFailures {
            if board == nil {
                let settings = RealtimeSettings(
                    priority: realtimePriority, lockMemory: lockMemory, cpus: cpu.map { [$0] } ?? [],
                    cpuLatencyMicroseconds: cpuLatencyUs)
                for warning in RealtimeThread.apply(settings) {
                    FileHandle.standardError.write(Data("sensorgate: warning: \(warning)\n".utf8))
                }
            }
            let result: SamplingBenchResult
            if let board {
                guard virtual else { throw Failure("--board runs in virtual time: add --virtual") }
                result = try SamplingBenchmark.virtual(board: board, duration: duration.duration)
            } else if let rateHz {
                guard let rate = SamplingRate(hertz: rateHz) else {
                    throw Failure("--rate-hz \(rateHz) is outside 0.001 Hz to 100 kHz")
                }
                result = try SamplingBenchmark.realTime(rate: rate, duration: duration.duration)
            } else {
                throw Failure("give --rate-hz N (real time) or --board FILE --virtual")
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            } else {
                print(SamplingBenchmark.text(result))
            }
        }
    }
}

/// `sensorgate bench codec --corpus DIR [--json] [--peers FILE] [--export-codes DIR]`.
struct BenchCodec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codec",
        abstract: "Bytes per sample and throughput of the batch codec on a corpus of real series.",
        discussion: """
            Splits each series as the corpus's manifest.json says, codes the test split in back-to-back \
            batches of each batch size with one stream encoder per cell, decodes every batch and checks it \
            bit-exact. --peers merges the peer compressors' results (Scripts/bench-codec runs the whole \
            comparison: it exports the codes with --export-codes, runs Scripts/bench_codec_peers.py on them, \
            then this command with --peers).
            """)

    @Option(help: ArgumentHelp("The series folder (with manifest.json).", valueName: "DIR"))
    var corpus: String

    @Flag(help: "Print JSON instead of the table.")
    var json = false

    @Option(help: ArgumentHelp("Peer results from Scripts/bench_codec_peers.py to compare with.", valueName: "FILE"))
    var peers: String?

    @Option(help: ArgumentHelp("Only write the integer codes for the peers to DIR, then stop.", valueName: "DIR"))
    var exportCodes: String?

    @Option(help: "A key batch every N batches (delta batches between).")
    var keyInterval = 10

    @Option(help: "Encode and decode each cell at least N times and keep the fastest (for throughput).")
    var repeats = 3

    @Option(
        help: ArgumentHelp(
            "Repeat each cell until encoding and decoding have each taken this many CPU seconds in all.",
            valueName: "SECONDS"))
    var minSeconds = 0.5

    func run() throws {
        try reportingFailures {
            guard keyInterval >= 1, repeats >= 1 else { throw Failure("--key-interval and --repeats must be ≥ 1") }
            guard minSeconds >= 0, minSeconds.isFinite else { throw Failure("--min-seconds must be ≥ 0") }
            let series = try CorpusSeries.load(corpus)
            if let exportCodes {
                try CodeExport.write(series, to: exportCodes)
                return
            }
            let peerResults = try peers.map { try PeerResults.load($0) }
            let cells = try CodecBenchmark(
                keyInterval: keyInterval, repeats: RepeatRule(minimumRepeats: repeats, minimumSeconds: minSeconds)
            ).run(series)
            let report = BenchReport(cells: cells, peers: peerResults, keyInterval: keyInterval)
            print(json ? try report.json() : report.text())
        }
    }
}
