// SensorGate — sensorgate codec: the stream schema file.

import Codec
import Foundation

/// `SCHEMA.json`: the stream metadata agreed once, never sent in a batch.
///
/// ```json
/// {"rate_hz": 285.714, "timestamps": "uniform", "channels": [{"name": "acc_x", "unit": "m/s^2", "lsb": 0.00479}]}
/// ```
struct CodecSchema: Decodable {
    struct Channel: Decodable {
        let name: String
        let unit: String
        let lsb: Double
    }

    let rateHz: Double
    let timestamps: String
    let channels: [Channel]

    enum CodingKeys: String, CodingKey {
        case rateHz = "rate_hz"
        case timestamps, channels
    }

    /// Loads and checks a schema file; every problem is one line naming the file.
    static func load(_ path: String) throws -> CodecSchema {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure("\(path): cannot read the schema file; check the path")
        }
        let schema: CodecSchema
        do {
            schema = try JSONDecoder().decode(CodecSchema.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw Failure("\(path): missing \"\(key.stringValue)\"; a schema needs rate_hz, timestamps and channels")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let where_ = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw Failure("\(path): \(where_) has the wrong type; see `sensorgate codec --help` for the schema")
        } catch {
            throw Failure("\(path): not valid JSON; see `sensorgate codec --help` for the schema")
        }
        guard schema.rateHz.isFinite, schema.rateHz > 0 else {
            throw Failure("\(path): rate_hz must be a positive number of samples per second")
        }
        guard schema.timestamps == "uniform" || schema.timestamps == "explicit" else {
            throw Failure("\(path): timestamps is \"\(schema.timestamps)\"; use \"uniform\" or \"explicit\"")
        }
        guard (1...FormatLimits.maxChannels).contains(schema.channels.count) else {
            throw Failure("\(path): \(schema.channels.count) channels; a stream has 1...\(FormatLimits.maxChannels)")
        }
        for channel in schema.channels where !(channel.lsb.isFinite && channel.lsb > 0) {
            throw Failure("\(path): channel \(channel.name) has lsb \(channel.lsb); it must be a positive number")
        }
        return schema
    }

    /// True when rows carry a `t_us` column.
    var explicitTimestamps: Bool { timestamps == "explicit" }

    /// The codec's view of the stream.
    func layout() throws -> StreamLayout {
        let period = Int64((1_000_000 / rateHz).rounded())
        return try StreamLayout(
            channels: channels.count, timestamps: explicitTimestamps ? .explicit : .uniform,
            nominalPeriodMicros: min(max(period, 0), FormatLimits.maxPeriodMicros))
    }
}
