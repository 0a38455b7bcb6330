// SensorGate — Codec tests: explicit timestamps (jitter, events, gaps, drift, every length).

import Codec
import HAL
import Testing

@Suite struct TimestampTests {
    /// One channel of slowly varying codes with the given times, cut into batches of `rows`.
    private func batches(_ times: [Int64], rows: Int) -> [Batch] {
        stride(from: 0, to: times.count - rows + 1, by: rows).enumerated().map { number, start in
            let codes = (start..<(start + rows)).map { Int32($0 % 50) }
            return Batch(
                sequence: UInt32(number), count: rows, codes: codes,
                timing: .explicit(Array(times[start..<(start + rows)])))
        }
    }

    private func bytes(_ batches: [Batch], layout: StreamLayout) throws -> Int {
        try roundTrip(batches, layout: layout).reduce(0) { $0 + $1.count }
    }

    @Test func timesOnTheGridCostNearlyNothing() throws {
        let times = (0..<6000).map { Int64($0) * 4000 + 123_456 }
        let timed = try bytes(batches(times, rows: 250), layout: layout(channels: 1, explicit: true, period: 4000))
        let uniform = try bytes(
            uniformBatches([(0..<6000).map { Int32($0 % 50) }], rows: 250), layout: layout(channels: 1))
        // 24 batches: the first time of each key batch, the period and flags; well under 0.05 bit per row.
        #expect(timed - uniform < 24 * 2 + 6000 / 160 + 3 * 8)
    }

    @Test func jitterAroundTheGridCostsAboutItsEntropy() throws {
        var random = SplitMix64(seed: 11)
        var times: [Int64] = []
        var time: Int64 = 0
        for _ in 0..<5000 {
            time += 4000
            let late: Int64 = Int.random(in: 0..<10, using: &random) == 0 ? 6 : 0  // one row in ten 6 µs late
            times.append(time + late)
        }
        let timed = try bytes(batches(times, rows: 250), layout: layout(channels: 1, explicit: true, period: 4000))
        let uniform = try bytes(
            uniformBatches([(0..<5000).map { Int32($0 % 50) }], rows: 250), layout: layout(channels: 1))
        // The late rows carry a little over 0.47 bit of entropy per row (the early row after each is
        // predicted); the model learns that within some 0.4 bit, batch overheads included.
        let bitsPerRow = Double((timed - uniform) * 8) / 5000
        #expect(bitsPerRow < 0.9)
    }

    @Test func periodicResynchronisationIsLearned() throws {
        // An x-io-like logger: 10079 µs intervals, every 32nd 2520 µs short.
        var times: [Int64] = []
        var time: Int64 = 5_000_000
        for i in 0..<6400 {
            time += i % 32 == 31 ? 7559 : 10079
            times.append(time)
        }
        let timed = try bytes(batches(times, rows: 100), layout: layout(channels: 1, explicit: true, period: 10000))
        let uniform = try bytes(
            uniformBatches([(0..<6400).map { Int32($0 % 50) }], rows: 100), layout: layout(channels: 1))
        let bitsPerRow = Double((timed - uniform) * 8) / 6400
        #expect(bitsPerRow < 0.5)
    }

    @Test func gapsDriftAndJumpsRoundTrip() throws {
        var random = SplitMix64(seed: 12)
        var times: [Int64] = []
        var time: Int64 = -3_000_000
        var period: Int64 = 10000
        for i in 0..<3000 {
            if i % 100 == 0 { period += 1 }  // the clock drifts by 1 µs per 100 rows
            time += period + Int64.random(in: -2...2, using: &random)
            if i % 377 == 0 { time += 3 * period }  // three samples dropped
            if i % 1013 == 0 { time -= 7 * period }  // the clock steps back
            if i == 2500 { time += 1 << 40 }  // a huge jump
            times.append(time)
        }
        for rows in [1, 7, 100, 1000] {
            try roundTrip(batches(times, rows: rows), layout: layout(channels: 1, explicit: true, period: 10000))
        }
    }

    @Test func everyBatchLengthFromOneUpRoundTrips() throws {
        var random = SplitMix64(seed: 13)
        var start = 0
        var batches: [Batch] = []
        var time: Int64 = 0
        for rows in 1...70 {
            var times: [Int64] = []
            for _ in 0..<rows {
                time += 2500 + Int64.random(in: -3...3, using: &random)
                times.append(time)
            }
            let codes = (0..<(2 * rows)).map { _ in Int32.random(in: -1000...1000, using: &random) }
            batches.append(
                Batch(sequence: UInt32(rows - 1), count: rows, codes: codes, timing: .explicit(times)))
            start += rows
        }
        for keyInterval in [1, 4, 100] {
            try roundTrip(
                batches, layout: layout(channels: 2, explicit: true, period: 2500),
                options: EncoderOptions(keyInterval: keyInterval))
        }
    }

    @Test func adversarialTimesRoundTrip() throws {
        let limit: Int64 = 1 << 60
        let cases: [[Int64]] = [
            [limit, -limit, limit, -limit],
            [0, 0, 0, 0, 0],
            [-limit, -limit + 1, limit - 1, limit],
            (0..<50).map { $0 % 2 == 0 ? limit : -limit },
            (0..<50).map { Int64($0) * -7919 },
        ]
        for period: Int64 in [0, 1, 4000, 1 << 40] {
            for (n, times) in cases.enumerated() {
                let layout = try layout(channels: 1, explicit: true, period: period)
                let batch = Batch(
                    sequence: UInt32(n), count: times.count, codes: times.map { Int32(truncatingIfNeeded: $0) },
                    timing: .explicit(times))
                try roundTrip(
                    [
                        batch,
                        Batch(
                            sequence: UInt32(n + 1), count: times.count, codes: batch.codes,
                            timing: .explicit(times.reversed())),
                    ], layout: layout)
            }
        }
    }

    @Test func corruptTimeBodiesFailCleanly() throws {
        var random = SplitMix64(seed: 14)
        let times = (0..<400).map { Int64($0) * 10079 + Int64.random(in: 0...1, using: &random) }
        let layout = try layout(channels: 1, explicit: true, period: 10000)
        let encoded = try roundTrip(batches(times, rows: 100), layout: layout)
        for (n, bytes) in encoded.enumerated() {
            for position in 0..<bytes.count {
                var damaged = bytes
                damaged[position] ^= 0x5A
                var decoder = StreamDecoder(layout: layout)
                for previous in encoded[..<n] { _ = try? decoder.decode(previous) }
                // Either a clean error or some batch: never a trap.
                _ = try? decoder.decode(damaged)
            }
        }
    }
}
