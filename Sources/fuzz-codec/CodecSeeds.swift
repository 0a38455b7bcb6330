// SensorGate — fuzz-codec: seed inputs from the encoder's own output.

import Codec
import HAL

/// Seed inputs for ``CodecFuzz``: streams of real encoder output (key and delta batches, uniform and
/// explicit timestamps, lossless and near-lossless, constant, ramps, noise and extremes) in the
/// fuzz input layout, so the fuzzer starts from valid batches and mutates inward.
enum CodecSeeds {
    /// All seeds, each an input for ``CodecFuzz/run(_:)``.
    static func all() -> [[UInt8]] {
        var seeds: [[UInt8]] = []
        var generator = SplitMix64(seed: 0x5EED)
        let shapes: [(channels: Int, explicit: Bool, period: UInt8, rows: Int, bound: Int)] = [
            (1, false, 4, 1, 0), (1, false, 4, 7, 0), (3, false, 4, 40, 0), (6, true, 5, 20, 0),
            (2, true, 3, 33, 0), (1, false, 6, 60, 0), (4, false, 2, 50, 2), (1, true, 5, 5, 1),
            (64, false, 4, 2, 0), (2, false, 0, 50, 0), (1, false, 4, 300, 0),
        ]
        for (number, shape) in shapes.enumerated() {
            for signal in 0..<4 {
                guard
                    let layout = try? StreamLayout(
                        channels: shape.channels, timestamps: shape.explicit ? .explicit : .uniform,
                        nominalPeriodMicros: CodecFuzz.periods[Int(shape.period)])
                else { continue }
                var encoder = StreamEncoder(
                    layout: layout, options: EncoderOptions(keyInterval: 3, nearLosslessBound: shape.bound))
                var input: [UInt8] = [UInt8(shape.channels - 1) | (shape.explicit ? 64 : 0), shape.period]
                for sequence in 0..<4 {
                    let batch = makeBatch(
                        shape.channels, rows: shape.rows, sequence: sequence, signal: (signal + number) % 4,
                        period: CodecFuzz.periods[Int(shape.period)], explicit: shape.explicit, generator: &generator)
                    guard let bytes = try? encoder.encode(batch), bytes.count <= 0xFFFF else { continue }
                    input += [UInt8(bytes.count & 0xFF), UInt8(bytes.count >> 8)] + bytes
                }
                seeds.append(input)
            }
        }
        return seeds
    }

    private static func makeBatch(
        _ channels: Int, rows: Int, sequence: Int, signal: Int, period: Int64, explicit: Bool,
        generator: inout SplitMix64
    ) -> Batch {
        var codes: [Int32] = []
        for channel in 0..<channels {
            for row in 0..<rows {
                let index = sequence * rows + row
                switch signal {
                case 0: codes.append(Int32(channel * 100))
                case 1: codes.append(Int32(index * (channel + 1) - 500))
                case 2: codes.append(Int32(truncatingIfNeeded: Int64(bitPattern: generator.next()) >> 52))
                default: codes.append(index % 2 == 0 ? Int32.max : Int32.min)
                }
            }
        }
        let first = UInt64(sequence * rows)
        let timing: BatchTiming
        if explicit {
            var times: [Int64] = []
            var time = Int64(first) * period
            for _ in 0..<rows {
                times.append(time)
                time += period + Int64(generator.next() % 7) - 3
            }
            timing = .explicit(times)
        } else {
            timing = .uniform(firstIndex: first)
        }
        return Batch(sequence: UInt32(sequence), count: rows, codes: codes, timing: timing)
    }
}
