// SensorGate — sensorgate bench codec: the series corpus (manifest.json and its CSV files).

import Foundation

/// One series of the corpus as manifest.json describes it, with its integer codes loaded.
struct CorpusSeries {
    struct Channel: Decodable {
        let name: String
        let scale: Double
        let lsb: Double
    }

    struct Entry: Decodable {
        let id: String
        let file: String
        let rateHz: Double
        let timeColumn: String?
        let rows: Int
        let trainRows: Int
        let batchSeconds: [Double]
        let channels: [Channel]

        enum CodingKeys: String, CodingKey {
            case id, file, rows, channels
            case rateHz = "rate_hz"
            case timeColumn = "time_column"
            case trainRows = "train_rows"
            case batchSeconds = "batch_seconds"
        }
    }

    struct Manifest: Decodable {
        let series: [Entry]
    }

    let entry: Entry
    /// Row-major codes, rows × channels: round(csv × scale / lsb).
    let codes: [Int32]
    /// Microseconds per row when the series has a time column.
    let times: [Int64]?

    var channels: Int { entry.channels.count }

    /// Loads every series of `directory/manifest.json`.
    static func load(_ directory: String) throws -> [CorpusSeries] {
        let path = (directory as NSString).appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure("\(path): cannot read the corpus manifest; give --corpus the series folder")
        }
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw Failure("\(path): not a series manifest (\(error.localizedDescription))")
        }
        return try manifest.series.map { try load($0, directory: directory) }
    }

    private static func load(_ entry: Entry, directory: String) throws -> CorpusSeries {
        let path = (directory as NSString).appendingPathComponent(entry.file)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure("\(path): cannot read the series listed in manifest.json")
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        guard let header = lines.first?.split(separator: ",").map(String.init) else {
            throw Failure("\(path):1: empty file")
        }
        let timeIndex = entry.timeColumn.flatMap { header.firstIndex(of: $0) }
        let columns = try entry.channels.map { channel in
            guard let index = header.firstIndex(of: channel.name) else {
                throw Failure("\(path):1: no column \(channel.name)")
            }
            return index
        }
        var codes: [Int32] = []
        codes.reserveCapacity((lines.count - 1) * columns.count)
        var times: [Int64] = []
        for (number, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if let timeIndex {
                guard timeIndex < fields.count, let time = Int64(fields[timeIndex]) else {
                    throw Failure("\(path):\(number + 2): bad \(entry.timeColumn ?? "time")")
                }
                times.append(time)
            }
            for (channel, index) in zip(entry.channels, columns) {
                guard index < fields.count, let value = Double(fields[index]) else {
                    throw Failure("\(path):\(number + 2): bad \(channel.name)")
                }
                guard let code = Int32(exactly: (value * channel.scale / channel.lsb).rounded()) else {
                    throw Failure("\(path):\(number + 2): \(channel.name) beyond 32-bit codes")
                }
                codes.append(code)
            }
        }
        guard codes.count == entry.rows * columns.count else {
            throw Failure("\(path): \(codes.count / max(columns.count, 1)) rows; manifest.json says \(entry.rows)")
        }
        return CorpusSeries(entry: entry, codes: codes, times: timeIndex == nil ? nil : times)
    }

    /// The batch sizes, as (label, rows): 1s/10s/60s, or 1h/6h/24h.
    var batchSizes: [(label: String, rows: Int)] {
        entry.batchSeconds.map { seconds in
            let label = seconds >= 3600 ? "\(Int(seconds / 3600))h" : "\(Int(seconds))s"
            return (label, Int((seconds * entry.rateHz).rounded()))
        }
    }
}
