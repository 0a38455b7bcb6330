// SensorGate — Codec tests: a long-lived decoder restarts its state in place on key batches.

import HAL
import Testing

@testable import Codec

@Suite struct DecoderReuseTests {
    /// Two channels of 60 rows per batch: one on a 50/3 grid (a lattice, like the barometer), one
    /// random walk; explicit streams get jittery times.
    private static func batches(_ count: Int, explicit: Bool) -> [Batch] {
        var random = SplitMix64(seed: 27)
        var grid: Int64 = 10_000_000
        var walk: Int32 = 0
        var time: Int64 = 0
        return (0..<count).map { n in
            var codes: [Int32] = []
            var times: [Int64] = []
            for _ in 0..<60 {
                grid += Lattice(numerator: 50, denominator: 3).point(Int64.random(in: -3...3, using: &random))
                codes.append(Int32(grid + Int64.random(in: -1...1, using: &random)))
                time += 60_000_000 + Int64.random(in: -2...2, using: &random)
                times.append(time)
            }
            for _ in 0..<60 {
                walk &+= Int32.random(in: -40...40, using: &random)
                codes.append(walk)
            }
            let timing: BatchTiming = explicit ? .explicit(times) : .uniform(firstIndex: UInt64(n * 60))
            return Batch(sequence: UInt32(n), count: 60, codes: codes, timing: timing)
        }
    }

    /// Every batch decodes with one decoder kept for the whole stream exactly as a fresh decoder
    /// decodes it from its key batch on: a restarted state is a fresh one.
    @Test(arguments: [false, true])
    func aKeptDecoderDecodesAsAFreshOne(explicit: Bool) throws {
        let layout = try layout(channels: 2, explicit: explicit, period: 60_000_000)
        var encoder = StreamEncoder(layout: layout, options: EncoderOptions(keyInterval: 4))
        let batches = Self.batches(13, explicit: explicit)
        let encoded = try batches.map { try encoder.encode($0) }
        var kept = StreamDecoder(layout: layout)
        var fresh = StreamDecoder(layout: layout)
        for (n, bytes) in encoded.enumerated() {
            let decoded = try kept.decode(bytes)
            if decoded.isKey { fresh = StreamDecoder(layout: layout) }
            #expect(try fresh.decode(bytes) == decoded)
            #expect(decoded.batch == batches[n])
        }
    }

    /// A key batch whose body fails drops the kept state: the delta batch after it is refused, and the
    /// next key batch decodes as it would in a fresh decoder.
    @Test func aFailedKeyBatchDropsTheState() throws {
        let layout = try layout(channels: 2, period: 60_000_000)
        var encoder = StreamEncoder(layout: layout, options: EncoderOptions(keyInterval: 4))
        let batches = Self.batches(9, explicit: false)
        let encoded = try batches.map { try encoder.encode($0) }
        var decoder = StreamDecoder(layout: layout)
        for n in 0..<4 { _ = try decoder.decode(encoded[n]) }
        // Key batch 4's header with a one-byte body: the header reads, the body runs out.
        var broken: [UInt8] = []
        BatchHeader(key: true, sequence: 4, rows: 60, firstIndex: 240, firstTime: nil, bound: 0, bodyLength: 1)
            .write(to: &broken)
        broken.append(0)
        let failed = #expect(throws: CodecError.self) { try decoder.decode(broken) }
        #expect(failed?.kind == .truncated)
        let refused = #expect(throws: CodecError.self) { try decoder.decode(encoded[5]) }
        #expect(refused?.kind == .missingPredecessor)
        #expect(try decoder.decode(encoded[8]).batch == batches[8])
    }

    /// The decoder keeps its code buffer between batches: a short batch after a long one, and a batch
    /// after one that failed part way, return exactly their own rows × channels codes.
    @Test func aKeptDecoderReturnsEachBatchsOwnCodes() throws {
        let layout = try layout(channels: 2, period: 60_000_000)
        var encoder = StreamEncoder(layout: layout, options: EncoderOptions(keyInterval: 1))
        var random = SplitMix64(seed: 5)
        var first: UInt64 = 0
        let batches = [300, 1, 60, 7, 2_000, 3].enumerated().map { n, rows in
            let codes = (0..<(2 * rows)).map { _ in Int32.random(in: -5_000...5_000, using: &random) }
            defer { first += UInt64(rows) }
            return Batch(sequence: UInt32(n), count: rows, codes: codes, timing: .uniform(firstIndex: first))
        }
        let encoded = try batches.map { try encoder.encode($0) }
        var decoder = StreamDecoder(layout: layout)
        for (n, bytes) in encoded.enumerated() {
            let decoded = try decoder.decode(bytes)
            #expect(decoded.batch.codes.count == 2 * batches[n].count)
            #expect(decoded.batch == batches[n])
            // The long batch cut short: it fails after writing some codes; the next batch is unaffected.
            if n == 4 {
                var offset = 0
                var header = try BatchHeader.read(bytes, layout: layout, limits: .format, offset: &offset)
                header.sequence = 5
                header.bodyLength = (bytes.count - offset) / 2
                var cut: [UInt8] = []
                header.write(to: &cut)
                cut += bytes[offset..<(offset + header.bodyLength)]
                #expect(throws: CodecError.self) { try decoder.decode(cut) }
            }
        }
    }
}
