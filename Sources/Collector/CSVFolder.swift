// SensorGate — Collector: decoded samples as CSV, one file per device and stream.

import Foundation

/// Writes every decoded sample to `DIR/<device>/<stream>-<name>.csv`: a header `t_us,<channel>,…`, then
/// one row per sample: its UTC time in microseconds and each channel's exact physical value (code × LSB
/// + offset, in the unit the stream's schema names), rows in the order batches arrive (after
/// de-duplication; a batch that arrives late after a reconnect comes after newer ones, so sort by `t_us`
/// to analyse). Files are created on a stream's first batch and appended to after a restart.
public final class CSVFolder {
    private let directory: String
    private var files: [String: FileHandle] = [:]

    /// Creates `directory` when needed.
    /// - Throws: `JSONLinesFile.WriteError` naming the folder when it cannot be created.
    public init(directory: String) throws(JSONLinesFile.WriteError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw JSONLinesFile.WriteError(
                description: "\(directory): cannot create the CSV folder (\(error.localizedDescription))")
        }
        self.directory = directory
    }

    deinit { for handle in files.values { try? handle.close() } }

    /// Appends the rows of `batches` to their streams' files.
    /// - Throws: `JSONLinesFile.WriteError` naming the file when it cannot be created or written.
    public func write(_ batches: [CollectedBatch]) throws(JSONLinesFile.WriteError) {
        for batch in batches {
            let handle = try file(for: batch)
            var text = ""
            let channels = batch.schema.channels.count
            for row in 0..<batch.rows {
                text += "\(batch.timesMicros[row])"
                for channel in 0..<channels { text += "," + batch.value(channel: channel, row: row).decimalText() }
                text += "\n"
            }
            do { try handle.write(contentsOf: Data(text.utf8)) } catch {
                throw JSONLinesFile.WriteError(
                    description: "\(directory): cannot write (\(error.localizedDescription)); check free space")
            }
        }
    }

    /// The open file of `batch`'s device and stream, created with its header when new.
    private func file(for batch: CollectedBatch) throws(JSONLinesFile.WriteError) -> FileHandle {
        let device = "\(batch.header.deviceID)"
        let name = "\(batch.header.streamID)-" + Self.safe(batch.schema.name) + ".csv"
        let key = device + "/" + name
        if let handle = files[key] { return handle }
        let folder = directory + "/" + device
        let path = folder + "/" + name
        let manager = FileManager.default
        let isNew = !manager.fileExists(atPath: path)
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw JSONLinesFile.WriteError(description: "\(folder): cannot create (\(error.localizedDescription))")
        }
        if isNew {
            let header = (["t_us"] + batch.schema.channels.map { Self.field($0.name) }).joined(separator: ",") + "\n"
            guard manager.createFile(atPath: path, contents: Data(header.utf8)) else {
                throw JSONLinesFile.WriteError(description: "\(path): cannot create; check the folder is writable")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw JSONLinesFile.WriteError(description: "\(path): cannot open for writing")
        }
        do { try handle.seekToEnd() } catch {
            throw JSONLinesFile.WriteError(description: "\(path): cannot append (\(error.localizedDescription))")
        }
        files[key] = handle
        return handle
    }

    /// A stream name as a file name: letters, digits, `.`, `-` and `_` kept, anything else `_`.
    static func safe(_ name: String) -> String {
        String(
            name.map { character in
                character.isASCII && (character.isLetter || character.isNumber || "._-".contains(character))
                    ? character : "_"
            })
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
    static func field(_ text: String) -> String {
        guard text.contains(where: { ",\"\n\r".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
