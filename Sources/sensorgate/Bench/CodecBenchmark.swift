// SensorGate — sensorgate bench codec: our codec over every series × batch size, checked bit-exact.

import Codec
import Foundation

/// One series × batch size: our bytes under three framings, and the time spent.
struct BenchCell {
    let series: String
    let label: String
    let batches: Int
    /// Scalar values (rows × channels) in the scored batches.
    let samples: Int
    /// All .bin bytes of the stream: key batches every `keyInterval`, the rest delta batches.
    let bytes: Int
    /// All .bin bytes when every batch is a key batch.
    let keyOnlyBytes: Int
    /// The stream's bytes without its explicit timestamps (equal to `bytes` for uniform series).
    let codesOnlyBytes: Int
    /// Wall-clock seconds (the best of the repeats).
    let encodeSeconds: Double
    let decodeSeconds: Double
    /// The thread's CPU seconds (the best of the repeats): what the coding cost on one core, without the
    /// time the thread waited for a core on a shared machine.
    let encodeCPUSeconds: Double
    let decodeCPUSeconds: Double
    /// How many times the cell was encoded and decoded (``RepeatRule``).
    let repeats: Int
}

/// How often a cell is timed: at least `minimumRepeats` times, and on until encoding and decoding have each
/// taken `minimumSeconds` of the thread's CPU time in all (at most ``limit`` times). The best repeat is kept,
/// so a short cell (the barometer's 20 160 samples decode in under a millisecond) is timed for as long as a
/// long one is, and a repeat that met a busy core or cold caches does not decide its figure.
struct RepeatRule {
    /// The fewest repeats (the command's `--repeats`).
    let minimumRepeats: Int
    /// The CPU seconds encoding and decoding each accumulate before the repeats stop (`--min-seconds`).
    let minimumSeconds: Double
    /// The most repeats, whatever the time (a cell too small to time).
    static let limit = 10_000

    /// Whether to time the cell again after `done` repeats that took `encodeSeconds` and `decodeSeconds` in all.
    func another(after done: Int, encodeSeconds: Double, decodeSeconds: Double) -> Bool {
        guard done < Self.limit else { return false }
        return done < max(minimumRepeats, 1) || min(encodeSeconds, decodeSeconds) < minimumSeconds
    }
}

/// Runs our codec over the corpus.
struct CodecBenchmark {
    let keyInterval: Int
    /// How often each cell is timed.
    let repeats: RepeatRule

    /// Every cell of `corpus`; a cell with no whole batch in the test split is left out.
    func run(_ corpus: [CorpusSeries]) throws -> [BenchCell] {
        var cells: [BenchCell] = []
        for series in corpus {
            for size in series.batchSizes {
                let batches = testBatches(series, rows: size.rows)
                guard !batches.isEmpty else { continue }
                cells.append(try measure(series, label: size.label, batches: batches))
            }
        }
        return cells
    }

    private func layout(_ series: CorpusSeries, explicit: Bool) throws -> StreamLayout {
        try StreamLayout(
            channels: series.channels, timestamps: explicit ? .explicit : .uniform,
            nominalPeriodMicros: Int64((1_000_000 / series.entry.rateHz).rounded()))
    }

    /// Back-to-back batches of `rows` rows of the test split, the last partial one dropped.
    func testBatches(_ series: CorpusSeries, rows: Int) -> [Batch] {
        let channels = series.channels
        let first = series.entry.trainRows
        let count = (series.entry.rows - first) / max(rows, 1)
        return (0..<count).map { number in
            let start = first + number * rows
            var codes = [Int32](repeating: 0, count: rows * channels)
            for row in 0..<rows {
                for channel in 0..<channels {
                    codes[channel * rows + row] = series.codes[(start + row) * channels + channel]
                }
            }
            let timing: BatchTiming =
                series.times.map { .explicit(Array($0[start..<(start + rows)])) }
                ?? .uniform(firstIndex: UInt64(start))
            return Batch(sequence: UInt32(number), count: rows, codes: codes, timing: timing)
        }
    }

    private func measure(_ series: CorpusSeries, label: String, batches: [Batch]) throws -> BenchCell {
        let explicit = series.times != nil
        let streamLayout = try layout(series, explicit: explicit)
        let options = EncoderOptions(keyInterval: keyInterval)
        var encoded: [[UInt8]] = []
        var encodeSeconds = Double.infinity
        var decodeSeconds = Double.infinity
        var encodeCPUSeconds = Double.infinity
        var decodeCPUSeconds = Double.infinity
        let clock = ContinuousClock()
        var done = 0
        var encodeTotal = 0.0
        var decodeTotal = 0.0
        while repeats.another(after: done, encodeSeconds: encodeTotal, decodeSeconds: decodeTotal) {
            var encoder = StreamEncoder(layout: streamLayout, options: options)
            var output: [[UInt8]] = []
            output.reserveCapacity(batches.count)
            let encodeCPUStart = threadCPUSeconds()
            let encodeTime = try clock.measure {
                for batch in batches { output.append(try encoder.encode(batch)) }
            }
            let encodeCPU = threadCPUSeconds() - encodeCPUStart
            encoded = output
            var decoder = StreamDecoder(layout: streamLayout)
            var decoded: [DecodedBatch] = []
            decoded.reserveCapacity(batches.count)
            let decodeCPUStart = threadCPUSeconds()
            let decodeTime = try clock.measure {
                for bytes in output { decoded.append(try decoder.decode(bytes)) }
            }
            let decodeCPU = threadCPUSeconds() - decodeCPUStart
            try verify(decoded.map(\.batch), batches, series: series.entry.id, label: label, what: "stream")
            encodeSeconds = min(encodeSeconds, encodeTime.seconds)
            decodeSeconds = min(decodeSeconds, decodeTime.seconds)
            encodeCPUSeconds = min(encodeCPUSeconds, encodeCPU)
            decodeCPUSeconds = min(decodeCPUSeconds, decodeCPU)
            done += 1
            encodeTotal += encodeCPU
            decodeTotal += decodeCPU
        }
        let keyOnly = try roundTrip(
            batches, layout: streamLayout, keyInterval: 1, series: series.entry.id, label: label)
        var codesOnly = encoded.reduce(0) { $0 + $1.count }
        if explicit {
            let untimed = batches.enumerated().map { number, batch in
                Batch(
                    sequence: batch.sequence, count: batch.count, codes: batch.codes,
                    timing: .uniform(firstIndex: UInt64(number * batch.count)))
            }
            codesOnly = try roundTrip(
                untimed, layout: try layout(series, explicit: false), keyInterval: keyInterval, series: series.entry.id,
                label: label)
        }
        return BenchCell(
            series: series.entry.id, label: label, batches: batches.count,
            samples: batches.reduce(0) { $0 + $1.codes.count }, bytes: encoded.reduce(0) { $0 + $1.count },
            keyOnlyBytes: keyOnly, codesOnlyBytes: codesOnly, encodeSeconds: encodeSeconds,
            decodeSeconds: decodeSeconds, encodeCPUSeconds: encodeCPUSeconds, decodeCPUSeconds: decodeCPUSeconds,
            repeats: done)
    }

    /// Encodes and decodes `batches`, checks them, and returns the byte total.
    private func roundTrip(
        _ batches: [Batch], layout: StreamLayout, keyInterval: Int, series: String, label: String
    ) throws -> Int {
        var encoder = StreamEncoder(layout: layout, options: EncoderOptions(keyInterval: keyInterval))
        var decoder = StreamDecoder(layout: layout)
        var total = 0
        var decoded: [Batch] = []
        for batch in batches {
            let bytes = try encoder.encode(batch)
            total += bytes.count
            decoded.append(try decoder.decode(bytes).batch)
        }
        try verify(decoded, batches, series: series, label: label, what: "key interval \(keyInterval)")
        return total
    }

    private func verify(_ decoded: [Batch], _ original: [Batch], series: String, label: String, what: String) throws {
        for (number, (a, b)) in zip(decoded, original).enumerated() where a != b {
            throw Failure("\(series) \(label): batch \(number) (\(what)) did not decode bit-exact; this is a codec bug")
        }
    }
}

/// The calling thread's CPU time in seconds (CLOCK_THREAD_CPUTIME_ID).
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
