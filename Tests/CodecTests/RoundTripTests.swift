// SensorGate — Codec tests: every input comes back exactly.

import Codec
import HAL
import Testing

@Suite struct RoundTripTests {
    @Test func smoothSignalsAcrossKeyAndDeltaBatches() throws {
        var random = SplitMix64(seed: 1)
        let columns: [[Int32]] = (0..<3).map { c in
            var phase = 0.0
            return (0..<3000).map { _ in
                phase += 0.05 + 0.01 * Double(c)
                return Int32((1000 * triangle(phase)).rounded()) + Int32.random(in: -3...3, using: &random)
            }
        }
        let encoded = try roundTrip(uniformBatches(columns, rows: 250), layout: layout(channels: 3))
        #expect(encoded.reduce(0) { $0 + $1.count } < 3 * 3000)  // under a byte per sample
    }

    @Test func constantChannelsCostAlmostNothing() throws {
        let columns: [[Int32]] = [Array(repeating: 7, count: 1000), Array(repeating: -123_456, count: 1000)]
        let encoded = try roundTrip(uniformBatches(columns, rows: 100), layout: layout(channels: 2))
        #expect(encoded.allSatisfy { $0.count <= 16 })
    }

    @Test func alternatingExtremes() throws {
        let column: [Int32] = (0..<600).map { $0 % 2 == 0 ? Int32.min : Int32.max }
        let mixed: [Int32] = (0..<600).map { [Int32.min, 0, Int32.max, -1, 1][$0 % 5] }
        try roundTrip(uniformBatches([column, mixed], rows: 200), layout: layout(channels: 2))
        try roundTrip(uniformBatches([column, mixed], rows: 1), layout: layout(channels: 2))
    }

    @Test func fullRangeNoise() throws {
        var random = SplitMix64(seed: 2)
        let columns: [[Int32]] = (0..<2).map { _ in
            (0..<2000).map { _ in Int32.random(in: .min ... .max, using: &random) }
        }
        try roundTrip(uniformBatches(columns, rows: 500), layout: layout(channels: 2))
        try roundTrip(
            uniformBatches(columns, rows: 37), layout: layout(channels: 2), options: EncoderOptions(keyInterval: 1))
    }

    @Test func everyBatchLengthFromOneTo300() throws {
        var random = SplitMix64(seed: 3)
        var value: Int32 = 0
        let column: [Int32] = (0..<300).map { _ in
            value &+= Int32.random(in: -50...50, using: &random)
            return value
        }
        for rows in 1...300 {
            let batch = Batch(
                sequence: 0, count: rows, codes: Array(column[0..<rows]), timing: .uniform(firstIndex: 0))
            let second = Batch(
                sequence: 1, count: rows, codes: Array(column[(300 - rows)...]), timing: .uniform(firstIndex: 5))
            try roundTrip([batch, second], layout: layout(channels: 1))
        }
    }

    @Test func longBatchesSpanSeveralBlocks() throws {
        var random = SplitMix64(seed: 4)
        var value: Int32 = 0
        let column: [Int32] = (0..<20000).map { i in
            let spread: Int32 = i < 9000 ? 5 : 500
            value &+= Int32.random(in: -spread...spread, using: &random)
            return value
        }
        try roundTrip(uniformBatches([column], rows: 10000), layout: layout(channels: 1))
    }

    /// Quiet noise with spikes of every size: each spike leaves the model's 16 symbols (an escape), at
    /// every split the running magnitude reaches, up to the full 32-bit range.
    @Test func spikesOfEverySizeEscapeAndComeBack() throws {
        var random = SplitMix64(seed: 8)
        let column: [Int32] = (0..<4000).map { i in
            let noise = Int32.random(in: -3...3, using: &random)
            guard i % 37 == 0 else { return noise }
            let bits = Int32((i / 37) % 31)
            return noise &+ (Int32(1) << bits) * (i % 2 == 0 ? 1 : -1)
        }
        let wide: [Int32] = (0..<4000).map { i in
            let level = Int32(1 << ((i / 200) % 24))
            return i % 53 == 0 ? Int32.max : Int32.random(in: -level...level, using: &random)
        }
        let encoded = try roundTrip(uniformBatches([column, wide], rows: 250), layout: layout(channels: 2))
        #expect(encoded.count == 16)
        try roundTrip(uniformBatches([column, wide], rows: 4000), layout: layout(channels: 2))
    }

    /// Mostly-still data (steps of 0 nine times in ten, else ±1: 0.57 bits of entropy per sample) codes
    /// well below the one bit per sample that any Rice code (FLAC's) must spend.
    @Test func narrowResidualsCodeBelowOneBit() throws {
        var random = SplitMix64(seed: 9)
        var value: Int32 = 0
        let column: [Int32] = (0..<6000).map { _ in
            if Int.random(in: 0..<10, using: &random) == 0 { value &+= Bool.random(using: &random) ? 1 : -1 }
            return value
        }
        let encoded = try roundTrip(uniformBatches([column], rows: 1000), layout: layout(channels: 1))
        #expect(Double(encoded.reduce(0) { $0 + $1.count } * 8) / 6000 < 0.8)
    }

    @Test func explicitJitteryTimestamps() throws {
        var random = SplitMix64(seed: 5)
        var time: Int64 = 1_000_000
        var times: [Int64] = []
        for i in 0..<1200 {
            time += 10079 + Int64.random(in: 0...1, using: &random)
            if i % 97 == 0 { time += 20158 }  // a dropout
            if i % 211 == 0 { time -= 2520 }  // an early sample
            times.append(time)
        }
        let codes: [Int32] = (0..<1200).map { Int32($0 % 40) - 20 }
        var batches: [Batch] = []
        for n in 0..<12 {
            let rows = (n * 100)..<(n * 100 + 100)
            let timing = BatchTiming.explicit(Array(times[rows]))
            batches.append(Batch(sequence: UInt32(n), count: 100, codes: Array(codes[rows]), timing: timing))
        }
        let encoded = try roundTrip(batches, layout: layout(channels: 1, explicit: true, period: 10000))
        #expect(encoded.dropFirst().allSatisfy { $0.count < 100 })
        let reversed = Batch(
            sequence: 0, count: 3, codes: [1, 2, 3], timing: .explicit([-5, -1_000_000_000, 1 << 60]))
        try roundTrip([reversed], layout: layout(channels: 1, explicit: true))
    }

    @Test func uniformIndexJumpsAreCarried() throws {
        let batches = [0, 100, 250, 250 + 100].enumerated().map { n, first in
            Batch(
                sequence: UInt32(n), count: 100, codes: Array(repeating: Int32(n), count: 100),
                timing: .uniform(firstIndex: UInt64(first)))
        }
        try roundTrip(batches, layout: layout(channels: 1))
    }

    @Test func latticeResidualsRoundTrip() throws {
        var random = SplitMix64(seed: 6)
        var level = 0.0
        let column: [Int32] = (0..<1440).map { _ in
            let steps = Double(Int.random(in: -4...4, using: &random))
            let jitter = Double(Int.random(in: 0...1, using: &random))
            level += steps * 50.0 / 3.0
            return Int32((level + jitter).rounded())
        }
        let encoded = try roundTrip(uniformBatches([column], rows: 60), layout: layout(channels: 1))
        #expect(encoded.reduce(0) { $0 + $1.count } < 1440)
    }

    @Test func nearLosslessStaysWithinItsBound() throws {
        var random = SplitMix64(seed: 7)
        var value: Int32 = 0
        let column: [Int32] = (0..<2000).map { _ in
            value &+= Int32.random(in: -40...40, using: &random)
            return value
        }
        let edges: [Int32] = (0..<2000).map { $0 % 2 == 0 ? Int32.max - 1 : Int32.min + 1 }
        let layout = try layout(channels: 2)
        for bound in [1, 3, 255] {
            var encoder = StreamEncoder(layout: layout, options: EncoderOptions(nearLosslessBound: bound))
            var decoder = StreamDecoder(layout: layout)
            var lossless = StreamEncoder(layout: layout)
            var bytes = 0
            var losslessBytes = 0
            for batch in uniformBatches([column, edges], rows: 200) {
                let encoded = try encoder.encode(batch)
                bytes += encoded.count
                losslessBytes += try lossless.encode(batch).count
                let decoded = try decoder.decode(encoded)
                #expect(decoded.nearLosslessBound == bound)
                let worst = zip(decoded.batch.codes, batch.codes).map { abs(Int64($0) - Int64($1)) }.max() ?? 0
                #expect(worst <= Int64(bound))
            }
            #expect(bytes < losslessBytes)
        }
    }
}

/// A triangle wave in [-1, 1] with period 2π, so the tests need no Foundation.
private func triangle(_ x: Double) -> Double {
    let t = (x / (2 * .pi)).truncatingRemainder(dividingBy: 1)
    return t < 0.5 ? 4 * t - 1 : 3 - 4 * t
}
