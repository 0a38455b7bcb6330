// SensorGate — sensorgate codec: batch CSV files in physical units.

import Codec
import Foundation

/// Reads and writes a batch as CSV: a header, an optional `t_us` column (explicit timestamps), then
/// one column per schema channel in physical units.
enum CodecCSV {
    /// Parses `path` into a standalone batch; errors name the file and line.
    static func read(_ path: String, schema: CodecSchema) throws -> Batch {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure("\(path): cannot read the CSV file; check the path")
        }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard let headerLine = lines.first else { throw Failure("\(path):1: empty file; expected a header row") }
        let header = headerLine.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let names = (schema.explicitTimestamps ? ["t_us"] : []) + schema.channels.map(\.name)
        guard header == names else {
            throw Failure(
                "\(path):1: header is \"\(header.joined(separator: ","))\"; expected \"\(names.joined(separator: ","))\""
                    + " (the schema's channels\(schema.explicitTimestamps ? ", after t_us" : ""))")
        }
        let rows = lines.count - 1
        guard rows >= 1 else { throw Failure("\(path):2: no data rows; a batch has at least one") }
        guard rows <= FormatLimits.maxRows, rows * schema.channels.count <= FormatLimits.maxScalars else {
            throw Failure("\(path): \(rows) rows is more than one batch may hold; split the file")
        }
        var codes = [Int32](repeating: 0, count: rows * schema.channels.count)
        var times: [Int64] = []
        for (index, line) in lines.dropFirst().enumerated() {
            let number = index + 2
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == names.count else {
                throw Failure(
                    "\(path):\(number): \(fields.count) fields; expected \(names.count) (\(names.joined(separator: ",")))"
                )
            }
            var column = 0
            if schema.explicitTimestamps {
                let field = fields[0].trimmingCharacters(in: .whitespaces)
                guard let time = Int64(field), time.magnitude <= UInt64(FormatLimits.maxTimeMicros) else {
                    throw Failure("\(path):\(number): t_us \"\(field)\" is not a whole number of microseconds")
                }
                times.append(time)
                column = 1
            }
            for (channel, spec) in schema.channels.enumerated() {
                let field = fields[column + channel].trimmingCharacters(in: .whitespaces)
                guard let value = Double(field), value.isFinite else {
                    throw Failure("\(path):\(number): \(spec.name) \"\(field)\" is not a number")
                }
                let code = (value / spec.lsb).rounded()
                guard let exact = Int32(exactly: code) else {
                    throw Failure(
                        "\(path):\(number): \(spec.name) \(field) is \(code) LSB, beyond 32-bit codes; check the schema's lsb"
                    )
                }
                codes[channel * rows + index] = exact
            }
        }
        let timing: BatchTiming = schema.explicitTimestamps ? .explicit(times) : .uniform(firstIndex: 0)
        return Batch(sequence: 0, count: rows, codes: codes, timing: timing)
    }

    /// Writes `batch` as CSV text: code × lsb with enough decimals to give the same code back.
    static func text(_ batch: Batch, schema: CodecSchema) -> String {
        let decimals = schema.channels.map { max(0, Int((-log10($0.lsb)).rounded(.up)) + 1) }
        var out = ((schema.explicitTimestamps ? ["t_us"] : []) + schema.channels.map(\.name)).joined(separator: ",")
        out += "\n"
        for row in 0..<batch.count {
            var fields: [String] = []
            if case .explicit(let times) = batch.timing { fields.append(String(times[row])) }
            for (channel, spec) in schema.channels.enumerated() {
                let value = Double(batch.codes[channel * batch.count + row]) * spec.lsb
                fields.append(String(format: "%.*f", decimals[channel], value))
            }
            out += fields.joined(separator: ",")
            out += "\n"
        }
        return out
    }
}
