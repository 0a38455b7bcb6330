// SensorGate — command-line tests: sensorgate bench codec, its cells and how often it times them.

import Foundation
import Testing

@Suite struct BenchCodecCommandTests {
    /// A corpus of one series: a 10 Hz sine in 0.01 units, 400 rows, the first 100 for training, batches of 1 s
    /// and 10 s.
    static func corpusFolder(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-codec-\(name)-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var csv = "value\n"
        for row in 0..<400 { csv += String(format: "%.2f\n", 20 + 3 * sin(Double(row) * 0.3)) }
        try csv.write(to: folder.appendingPathComponent("sine.csv"), atomically: true, encoding: .utf8)
        let manifest = """
            {"series": [{"id": "sine", "file": "sine.csv", "rate_hz": 10, "time_column": null, "rows": 400,
              "train_rows": 100, "batch_seconds": [1, 10],
              "channels": [{"name": "value", "scale": 1.0, "lsb": 0.01}]}]}
            """
        try manifest.write(to: folder.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        return folder
    }

    /// `sensorgate bench codec --json` with `options` on a fresh corpus: its JSON and cells.
    static func json(_ name: String, _ options: String...) throws -> (object: [String: Any], cells: [[String: Any]]) {
        let folder = try corpusFolder(name)
        let run = try sensorgate(under: [], ["bench", "codec", "--corpus", folder.path, "--json"] + options)
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        return (object, try #require(object["cells"] as? [[String: Any]]))
    }

    @Test func withoutAMinimumTimeEachCellIsTimedExactlyTheRepeatsAsked() throws {
        let (object, cells) = try Self.json("exact", "--repeats", "2", "--min-seconds", "0")
        #expect(cells.map { $0["batch"] as? String } == ["1s", "10s"])
        #expect(cells.allSatisfy { $0["repeats"] as? Int == 2 && $0["bit_exact"] as? Bool == true })
        // 300 test rows: 30 batches of 10 rows, 3 of 100.
        #expect(cells.map { $0["samples"] as? Int } == [300, 300])
        #expect(cells.allSatisfy { ($0["decode_samples_per_cpu_second"] as? Double ?? 0) > 0 })
        let slowest = try #require(object["slowest_decode"] as? [String: Any])
        let rates = cells.compactMap { $0["decode_samples_per_cpu_second"] as? Double }
        #expect(slowest["samples_per_cpu_second"] as? Double == rates.min())
        #expect(object["throughput_targets_met"] is Bool)
    }

    @Test func aShortCellIsRepeatedUntilItHasTakenTheMinimumTime() throws {
        // 300 samples code in well under a millisecond, so 20 ms of encoding and of decoding takes many repeats.
        let (_, cells) = try Self.json("timed", "--repeats", "1", "--min-seconds", "0.02")
        #expect(cells.count == 2)
        #expect(cells.allSatisfy { ($0["repeats"] as? Int ?? 0) > 3 })
    }

    @Test func theTableNamesTheSlowestCellsAndTheTargets() throws {
        let folder = try Self.corpusFolder("table")
        let run = try sensorgate("bench", "codec", "--corpus", folder.path, "--repeats", "1", "--min-seconds", "0")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("enc M/s"))
        #expect(run.stdout.contains("slowest cells (thread CPU time"))
        #expect(run.stdout.contains("targets ≥ 10.0 and ≥ 30.0 in every cell"))
    }

    @Test func aNegativeMinimumTimeIsRefused() throws {
        let folder = try Self.corpusFolder("negative")
        let run = try sensorgate("bench", "codec", "--corpus", folder.path, "--min-seconds=-1")
        #expect(run.status != 0)
        #expect(run.stderr.contains("--min-seconds must be ≥ 0"))
    }
}
