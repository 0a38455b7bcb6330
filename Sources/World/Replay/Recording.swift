// SensorGate — World: a recorded sensor series read from CSV.

import Foundation

/// A problem with a world input (a recording or a world description), naming file and line.
public struct WorldError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// The line, from 1; 0 when the problem is the whole file.
    public var line: Int
    /// What is wrong and what to do.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - file: the file.
    ///   - line: the line.
    ///   - message: what is wrong.
    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`.
    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

/// A recording: named columns of samples with their times.
///
/// The CSV has a header row. The time column is `t` (seconds) or `t_us` (integer microseconds);
/// without one, samples are `1 / rateHz` apart from 0. Values must be numbers (`nan` is accepted
/// and stands for a missing sample, which replay holds over from the one before).
public struct Recording: Sendable {
    /// The file it came from.
    public let file: String
    /// The value columns, by name, in file order.
    public let columns: [String]
    /// The sample times in nanoseconds from the first sample, strictly increasing.
    public let timesNs: [Int64]
    /// The values, one row per sample, one entry per value column.
    public let rows: [[Double]]

    /// Reads a recording.
    /// - Parameters:
    ///   - path: the CSV file.
    ///   - rateHz: the sample rate for files without a time column.
    /// - Throws: `WorldError` naming file and line.
    public init(path: String, rateHz: Double? = nil) throws(WorldError) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw WorldError(file: path, line: 0, message: "cannot read the recording; check the path")
        }
        try self.init(csv: text, file: path, rateHz: rateHz)
    }

    /// Parses CSV text.
    /// - Parameters:
    ///   - csv: the text.
    ///   - file: the name for messages.
    ///   - rateHz: the sample rate for files without a time column.
    /// - Throws: `WorldError` naming file and line.
    public init(csv: String, file: String, rateHz: Double? = nil) throws(WorldError) {
        self.file = file
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let header = lines.first else {
            throw WorldError(file: file, line: 1, message: "empty recording; expected a header row")
        }
        let names = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let timeIndex = names.firstIndex { $0 == "t" || $0 == "t_us" }
        let timeScale = timeIndex.map { names[$0] == "t_us" ? 1e-6 : 1.0 }
        if timeIndex == nil, rateHz == nil {
            throw WorldError(
                file: file, line: 1, message: "no time column (t or t_us); give the recording's rate-hz in the board")
        }
        var times: [Double] = []
        var rows: [[Double]] = []
        times.reserveCapacity(lines.count)
        rows.reserveCapacity(lines.count)
        for (offset, line) in lines.dropFirst().enumerated() {
            let number = offset + 2
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == names.count else {
                throw WorldError(
                    file: file, line: number, message: "\(fields.count) fields, the header has \(names.count)")
            }
            var row: [Double] = []
            row.reserveCapacity(names.count)
            var time = Double(rows.count) / (rateHz ?? 1)
            for (column, field) in fields.enumerated() {
                let trimmed = field.trimmingCharacters(in: .whitespaces)
                guard let value = Double(trimmed) else {
                    throw WorldError(
                        file: file, line: number, message: "'\(trimmed)' in column \(names[column]) is not a number")
                }
                if column == timeIndex, let timeScale {
                    time = value * timeScale
                } else {
                    row.append(value)
                }
            }
            if let last = times.last, !(time > last) {
                throw WorldError(
                    file: file, line: number, message: "time \(time) s does not increase (previous \(last) s)")
            }
            times.append(time)
            rows.append(row)
        }
        guard let first = times.first else {
            throw WorldError(file: file, line: 2, message: "no samples after the header")
        }
        let firstNs = Int64((first * 1e9).rounded())
        self.timesNs = times.map { Int64(($0 * 1e9).rounded()) - firstNs }
        self.rows = rows
        self.columns = names.enumerated().filter { $0.offset != timeIndex }.map(\.element)
    }

    /// The sample times in seconds from the first sample.
    public var times: [Double] { timesNs.map { Double($0) / 1e9 } }

    /// The index of the sample in force at `ns`: the last with time ≤ ns (0 before the first).
    /// - Parameter ns: nanoseconds from the first sample.
    /// - Returns: the index.
    public func index(atNanoseconds ns: Int64) -> Int {
        var low = 0
        var high = timesNs.count - 1
        guard ns >= timesNs[0] else { return 0 }
        while low < high {
            let middle = (low + high + 1) / 2
            if timesNs[middle] <= ns { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The recording's length in nanoseconds (first to last sample).
    public var durationNs: Int64 { timesNs.last ?? 0 }
}
