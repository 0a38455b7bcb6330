// SensorGate — sensorgate bench codec: the integer codes handed to the peer compressors.

import Foundation

/// Writes, for Scripts/bench_codec_peers.py, `index.json` and per series `<id>.train.i32` and
/// `<id>.test.i32`: int32 little-endian, row-major (rows × channels), exactly the codes our codec is
/// scored on; and for a series with explicit timestamps `<id>.train.t64` and `<id>.test.t64`: the rows'
/// times in µs, int64 little-endian, exactly the times our codec codes.
enum CodeExport {
    static func write(_ corpus: [CorpusSeries], to directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Failure("\(directory): cannot create the export folder")
        }
        var index: [[String: Any]] = []
        for series in corpus {
            let split = series.entry.trainRows * series.channels
            let parts = [("train", series.codes[..<split]), ("test", series.codes[split...])]
            for (name, codes) in parts {
                let path = (directory as NSString).appendingPathComponent("\(series.entry.id).\(name).i32")
                let data = codes.withUnsafeBufferPointer { Data(buffer: $0) }  // little-endian hosts only
                guard FileManager.default.createFile(atPath: path, contents: data) else {
                    throw Failure("\(path): cannot write")
                }
            }
            if let times = series.times {
                let parts = [("train", times[..<series.entry.trainRows]), ("test", times[series.entry.trainRows...])]
                for (name, part) in parts {
                    let path = (directory as NSString).appendingPathComponent("\(series.entry.id).\(name).t64")
                    let data = part.withUnsafeBufferPointer { Data(buffer: $0) }  // little-endian hosts only
                    guard FileManager.default.createFile(atPath: path, contents: data) else {
                        throw Failure("\(path): cannot write")
                    }
                }
            }
            var item: [String: Any] = [
                "id": series.entry.id, "channels": series.channels, "rate_hz": series.entry.rateHz,
                "train": "\(series.entry.id).train.i32", "test": "\(series.entry.id).test.i32",
                "batches": series.batchSizes.map { ["label": $0.label, "rows": $0.rows] },
            ]
            if series.times != nil {
                item["train_times"] = "\(series.entry.id).train.t64"
                item["test_times"] = "\(series.entry.id).test.t64"
            }
            index.append(item)
        }
        let data = try JSONSerialization.data(
            withJSONObject: ["series": index], options: [.prettyPrinted, .sortedKeys])
        let path = (directory as NSString).appendingPathComponent("index.json")
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            throw Failure("\(path): cannot write")
        }
    }
}
