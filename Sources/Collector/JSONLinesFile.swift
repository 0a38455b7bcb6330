// SensorGate — Collector: the output file of decoded batches.

import Foundation

/// Appends the JSON Lines of decoded batches (and, optionally, their samples) to a file.
public final class JSONLinesFile {
    /// Why the file could not be opened or written.
    public struct WriteError: Error, CustomStringConvertible {
        /// The file and what to do.
        public let description: String
    }

    private let handle: FileHandle
    private let path: String
    /// True when every row is written as a sample line after its batch line.
    public let includeSamples: Bool
    /// Also writes every sample to per-device, per-stream CSV files. Default none.
    public var csv: CSVFolder?

    /// Creates or truncates `path`.
    /// - Throws: ``WriteError`` naming the file when it cannot be created.
    public init(path: String, includeSamples: Bool = false) throws(WriteError) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw WriteError(
                description: "\(path): cannot create the output file; check the folder exists and is writable")
        }
        self.handle = handle
        self.path = path
        self.includeSamples = includeSamples
    }

    deinit { try? handle.close() }

    /// Appends the lines of `batches`.
    /// - Throws: ``WriteError`` naming the file when the write fails (a full disk).
    public func write(_ batches: [CollectedBatch]) throws(WriteError) {
        guard !batches.isEmpty else { return }
        try csv?.write(batches)
        var text = ""
        for batch in batches {
            text += JSONLines.batchLine(batch) + "\n"
            if includeSamples { for line in JSONLines.sampleLines(batch) { text += line + "\n" } }
        }
        do {
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw WriteError(description: "\(path): cannot write (\(error.localizedDescription)); check free space")
        }
    }

    /// Writes `report` as pretty-printed JSON to `path`.
    /// - Throws: ``WriteError`` naming the file.
    public static func writeReport(_ report: CollectorReport, to path: String) throws(WriteError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            let data = try encoder.encode(report)
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw WriteError(description: "\(path): cannot write the report (\(error.localizedDescription))")
        }
    }
}
