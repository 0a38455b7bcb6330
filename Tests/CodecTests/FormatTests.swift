// SensorGate — Codec tests: exact bytes from docs/batch-format.md §9, and hostile input.

import Codec
import HAL
import Testing

@Suite struct FormatTests {
    /// docs/batch-format.md §9.1: one channel, one row, value 5, a key batch.
    @Test func constantBatchBytesMatchTheFormatDocument() throws {
        var encoder = StreamEncoder(layout: try layout(channels: 1))
        let bytes = try encoder.encode(Batch(sequence: 0, count: 1, codes: [5], timing: .uniform(firstIndex: 0)))
        #expect(bytes == [0x70, 0x00, 0x01, 0x00, 0x02, 0xC0, 0x16])
    }

    /// docs/batch-format.md §9.2: rows 5 and 7 under fixed order 1, assembled by hand.
    @Test func handAssembledBatchDecodes() throws {
        var decoder = StreamDecoder(layout: try layout(channels: 1))
        let decoded = try decoder.decode([0x70, 0x00, 0x02, 0x00, 0x04, 0x2B, 0xFF, 0xB0, 0x08])
        #expect(decoded.isKey && decoded.nearLosslessBound == 0)
        #expect(decoded.batch == Batch(sequence: 0, count: 2, codes: [5, 7], timing: .uniform(firstIndex: 0)))
    }

    @Test func unknownVersionsAndFlagsAreRefused() throws {
        var decoder = StreamDecoder(layout: try layout(channels: 1))
        for first: UInt8 in [0x50, 0x30, 0x10, 0x71, 0x72] {  // versions 2, 1, 0; reserved bits
            let error = #expect(throws: CodecError.self) { try decoder.decode([first, 0, 1, 0, 2, 0xC0, 0x16]) }
            #expect(error?.kind == .unsupportedVersion)
        }
    }

    @Test func countsAboveTheLimitsAreRefusedBeforeAllocating() throws {
        var decoder = StreamDecoder(layout: try layout(channels: 64))
        // 2^20 rows × 64 channels would be 256 MiB of codes.
        let error = #expect(throws: CodecError.self) {
            try decoder.decode([0x70, 0x00, 0x80, 0x80, 0x40, 0x00, 0x01, 0x00])
        }
        #expect(error?.kind == .limitExceeded)
        var small = StreamDecoder(layout: try layout(channels: 1), limits: DecodeLimits(maxRows: 10, maxScalars: 10))
        let limited = #expect(throws: CodecError.self) { try small.decode([0x70, 0x00, 0x0B, 0x00, 0x01, 0x00]) }
        #expect(limited?.kind == .limitExceeded)
    }

    /// A few bytes that claim 2^20 rows of residuals (fixed order 0, first sample 0, then the coded
    /// stream's zeros past the end) are refused as truncated, not decoded into a million zeros.
    @Test func aShortBodyClaimingManyRowsIsRefused() throws {
        var decoder = StreamDecoder(layout: try layout(channels: 1))
        // Header: key, sequence 0, 2^20 rows, first index 0, 3 body bytes; raw stream: shift 00000, side value 1.
        let error = #expect(throws: CodecError.self) {
            try decoder.decode([0x70, 0x00, 0x80, 0x80, 0x40, 0x00, 0x03, 0x00, 0x00, 0x04])
        }
        #expect(error?.kind == .truncated)
        // The same body with one row is a valid batch holding the code 0.
        let one = try decoder.decode([0x70, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x04])
        #expect(one.batch.codes == [0])
    }

    @Test func everyTruncationThrows() throws {
        for explicit in [false, true] {
            let layout = try layout(channels: 3, explicit: explicit, period: 4000)
            var random = SplitMix64(seed: 21)
            var encoder = StreamEncoder(layout: layout, options: EncoderOptions(keyInterval: 3))
            var decoder = StreamDecoder(layout: layout)
            var value: Int32 = 0
            for n in 0..<4 {
                let rows = [1, 40, 300, 7][n]
                let codes: [Int32] = (0..<(rows * 3)).map { _ in
                    value &+= Int32.random(in: -300...300, using: &random)
                    return value
                }
                let timing: BatchTiming =
                    explicit
                    ? .explicit(
                        (0..<rows).map { Int64(n * 10_000_000 + $0 * 4000) + Int64.random(in: -9...9, using: &random) })
                    : .uniform(firstIndex: UInt64(n * 1000))
                let bytes = try encoder.encode(Batch(sequence: UInt32(n), count: rows, codes: codes, timing: timing))
                for length in 0..<bytes.count {
                    var copy = decoder
                    #expect(throws: CodecError.self, "\(length) of \(bytes.count) bytes") {
                        try copy.decode(Array(bytes[0..<length]))
                    }
                }
                var copy = decoder
                #expect(throws: CodecError.self) { try copy.decode(bytes + [0]) }
                _ = try decoder.decode(bytes)
            }
        }
    }

    @Test func corruptedBytesNeverCrash() throws {
        let layout = try layout(channels: 2, explicit: true, period: 1000)
        var encoder = StreamEncoder(layout: layout)
        var random = SplitMix64(seed: 31)
        let codes: [Int32] = (0..<400).map { _ in Int32.random(in: -2000...2000, using: &random) }
        let times: [Int64] = (0..<200).map { Int64($0 * 1000) + Int64.random(in: 0...3, using: &random) }
        let bytes = try encoder.encode(Batch(sequence: 0, count: 200, codes: codes, timing: .explicit(times)))
        var failures = 0
        for index in 0..<bytes.count {
            for bit in 0..<8 {
                var damaged = bytes
                damaged[index] ^= 1 << bit
                var decoder = StreamDecoder(layout: layout)
                do { _ = try decoder.decode(damaged) } catch { failures += 1 }
            }
        }
        for _ in 0..<2000 {
            let garbage = (0..<Int.random(in: 0...64, using: &random)).map { _ in
                UInt8.random(in: 0...255, using: &random)
            }
            var decoder = StreamDecoder(layout: layout)
            _ = try? decoder.decode(garbage)
        }
        #expect(failures > 0)  // the header's checks catch at least the flips in its fields
    }
}
