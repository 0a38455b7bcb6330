// SensorGate — Scripts/bench-codec-cells: our codec per series × batch-size cell, outside SwiftPM.
//
// Built by Scripts/bench-codec-cells with Sources/Codec and Sources/sensorgate/Bench/{CodecBenchmark,
// Corpus}.swift. Usage: BENCH CORPUS_DIR [REPEATS] [FILTER] [MIN_SECONDS]. Per cell (FILTER: a substring of
// "series:label", e.g. ":1h"): the test batches encoded and decoded at least REPEATS times and on until
// each has taken MIN_SECONDS (0.5) of CPU time in all (`RepeatRule`, as `sensorgate bench codec` does; 0 for
// exactly REPEATS, as callgrind needs; key interval 10);
// the best thread CPU time of each as million samples per second, the byte total, an FNV-1a hash of
// all .bin bytes (to compare two builds' output), and the sample count.

import Codec
import Foundation

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: bench-codec-cells CORPUS_DIR [REPEATS] [FILTER] [MIN_SECONDS]\n".utf8))
    exit(2)
}
let corpus = try CorpusSeries.load(arguments[1])
let repeats = max(1, arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5)
let filter = arguments.count > 3 ? arguments[3] : ""
let minimumSeconds = max(0, arguments.count > 4 ? Double(arguments[4]) ?? 0.5 : 0.5)
let rule = RepeatRule(minimumRepeats: repeats, minimumSeconds: minimumSeconds)
let bench = CodecBenchmark(keyInterval: 10, repeats: rule)
for series in corpus {
    for size in series.batchSizes where filter.isEmpty || "\(series.entry.id):\(size.label)".contains(filter) {
        let batches = bench.testBatches(series, rows: size.rows)
        guard !batches.isEmpty else { continue }
        let layout = try StreamLayout(
            channels: series.channels, timestamps: series.times != nil ? .explicit : .uniform,
            nominalPeriodMicros: Int64((1_000_000 / series.entry.rateHz).rounded()))
        var encodeSeconds = Double.infinity
        var decodeSeconds = Double.infinity
        var encoded: [[UInt8]] = []
        var done = 0
        var encodeTotal = 0.0
        var decodeTotal = 0.0
        while rule.another(after: done, encodeSeconds: encodeTotal, decodeSeconds: decodeTotal) {
            var encoder = StreamEncoder(layout: layout, options: EncoderOptions(keyInterval: 10))
            var output: [[UInt8]] = []
            output.reserveCapacity(batches.count)
            let start = threadCPUSeconds()
            for batch in batches { output.append(try encoder.encode(batch)) }
            let encodeTime = threadCPUSeconds() - start
            encodeSeconds = min(encodeSeconds, encodeTime)
            var decoder = StreamDecoder(layout: layout)
            var decoded: [DecodedBatch] = []
            decoded.reserveCapacity(batches.count)
            let middle = threadCPUSeconds()
            for bytes in output { decoded.append(try decoder.decode(bytes)) }
            let decodeTime = threadCPUSeconds() - middle
            decodeSeconds = min(decodeSeconds, decodeTime)
            done += 1
            encodeTotal += encodeTime
            decodeTotal += decodeTime
            for (a, b) in zip(decoded, batches) where a.batch != b {
                throw Failure("\(series.entry.id) \(size.label): a batch did not decode bit-exact; this is a codec bug")
            }
            encoded = output
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var bytes = 0
        for batch in encoded {
            bytes += batch.count
            for byte in batch { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        let samples = batches.reduce(0) { $0 + $1.codes.count }
        let name = "\(series.entry.id) \(size.label)".padding(toLength: 30, withPad: " ", startingAt: 0)
        print(
            name,
            String(
                format: "encode %6.2f decode %6.2f M/s  bytes %9d  hash %016llx  samples %d  repeats %d",
                Double(samples) / encodeSeconds / 1e6, Double(samples) / decodeSeconds / 1e6, bytes, hash, samples,
                done))
    }
}
