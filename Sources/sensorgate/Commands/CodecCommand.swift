// SensorGate — sensorgate codec encode|decode: the batch codec on CSV files.

import ArgumentParser
import Codec
import Foundation

/// `sensorgate codec encode|decode`.
struct CodecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codec",
        abstract: "Encode a batch CSV into the bytes a gateway transmits, or decode them back.",
        discussion: """
            SCHEMA.json holds what a stream agrees once: {"rate_hz": 285.714, "timestamps": "uniform" | \
            "explicit", "channels": [{"name": "acc_x", "unit": "m/s^2", "lsb": 0.00479}, ...]}. The CSV has a \
            header row, a t_us column (integer microseconds) first when timestamps are explicit, then one \
            column per channel in physical units. Encoding rounds value/lsb to the nearest integer code; \
            decoding writes code × lsb. A .bin file is one key batch: it decodes alone with the schema. \
            The format is docs/batch-format.md.
            """,
        subcommands: [CodecEncode.self, CodecDecode.self])
}

/// Options shared by encode and decode.
struct CodecFiles: ParsableArguments {
    @Option(help: ArgumentHelp("The stream schema (JSON).", valueName: "SCHEMA.json"))
    var schema: String

    @Option(help: ArgumentHelp("The file to read.", valueName: "FILE"))
    var input: String

    @Option(help: ArgumentHelp("The file to write.", valueName: "FILE"))
    var output: String
}

/// `sensorgate codec encode`.
struct CodecEncode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode", abstract: "Encode BATCH.csv into BATCH.bin (one key batch).")

    @OptionGroup var files: CodecFiles

    @Option(help: "Near-lossless coding: allow each code to differ by up to N LSB (default 0: lossless).")
    var nearLossless = 0

    func run() throws {
        try reportingFailures {
            guard (0...FormatLimits.maxNearLosslessBound).contains(nearLossless) else {
                throw Failure(
                    "--near-lossless \(nearLossless): use 0 (lossless) to \(FormatLimits.maxNearLosslessBound)")
            }
            let schema = try CodecSchema.load(files.schema)
            let batch = try CodecCSV.read(files.input, schema: schema)
            var encoder = StreamEncoder(
                layout: try schema.layout(), options: EncoderOptions(keyInterval: 1, nearLosslessBound: nearLossless))
            let bytes: [UInt8]
            do throws(CodecError) {
                bytes = try encoder.encode(batch)
            } catch {
                throw Failure("\(files.input): \(error.detail)")
            }
            guard FileManager.default.createFile(atPath: files.output, contents: Data(bytes)) else {
                throw Failure("\(files.output): cannot write; check the directory exists and is writable")
            }
        }
    }
}

/// `sensorgate codec decode`.
struct CodecDecode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode", abstract: "Decode BATCH.bin back into BATCH.csv.")

    @OptionGroup var files: CodecFiles

    func run() throws {
        try reportingFailures {
            let schema = try CodecSchema.load(files.schema)
            guard let data = FileManager.default.contents(atPath: files.input) else {
                throw Failure("\(files.input): cannot read the batch file; check the path")
            }
            let decoded: DecodedBatch
            let layout = try schema.layout()
            var decoder = StreamDecoder(layout: layout)
            do throws(CodecError) {
                decoded = try decoder.decode([UInt8](data))
            } catch {
                let hint =
                    error.kind == .missingPredecessor
                    ? "a delta batch needs the batches before it; decode the stream from its key batch"
                    : "the file is not a batch of this schema, or it is damaged"
                throw Failure("\(files.input): \(error.detail); \(hint)")
            }
            let text = CodecCSV.text(decoded.batch, schema: schema)
            guard FileManager.default.createFile(atPath: files.output, contents: Data(text.utf8)) else {
                throw Failure("\(files.output): cannot write; check the directory exists and is writable")
            }
            if decoded.nearLosslessBound > 0 {
                FileHandle.standardError.write(
                    Data("sensorgate: note: near-lossless batch, codes within ±\(decoded.nearLosslessBound) LSB\n".utf8)
                )
            }
        }
    }
}
