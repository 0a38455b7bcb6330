// SensorGate — sensorgate bench: benchmarks that run on the target gateway too.

import ArgumentParser
import Foundation

/// `sensorgate bench codec`, `sensorgate bench fusion`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks that run on the target gateway too.",
        subcommands: [BenchCodec.self, BenchFusion.self])
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

    @Option(help: "Encode and decode each cell N times and keep the fastest (for throughput).")
    var repeats = 3

    func run() throws {
        try reportingFailures {
            guard keyInterval >= 1, repeats >= 1 else { throw Failure("--key-interval and --repeats must be ≥ 1") }
            let series = try CorpusSeries.load(corpus)
            if let exportCodes {
                try CodeExport.write(series, to: exportCodes)
                return
            }
            let peerResults = try peers.map { try PeerResults.load($0) }
            let cells = try CodecBenchmark(keyInterval: keyInterval, repeats: repeats).run(series)
            let report = BenchReport(cells: cells, peers: peerResults, keyInterval: keyInterval)
            print(json ? try report.json() : report.text())
        }
    }
}
