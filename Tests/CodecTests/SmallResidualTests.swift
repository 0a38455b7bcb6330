// SensorGate — Codec tests: the lattice offsets' decoder against the general residual decoder.

import HAL
import Testing

@testable import Codec

@Suite struct SmallResidualTests {
    /// Encodes `values` with one residual model (start shift `shift`) and decodes them back with both
    /// decoders, each on its own copy of the model: every value, every running magnitude, every row.
    private static func roundTrip(_ values: [UInt64], shift: UInt32) throws {
        var model = ResidualModel(initialShift: shift)
        var range = RangeEncoder()
        var raw = RawBitWriter()
        model.counts.withUnsafeMutableBufferPointer { counts in
            guard let p = counts.baseAddress else { return }
            for value in values {
                ResidualCoding.encode(value, magnitude: &model.magnitude, counts: p, range: &range, raw: &raw)
            }
        }
        var body = range.finish()
        body.append(contentsOf: raw.finish().reversed())
        var general = ResidualModel(initialShift: shift)
        var small = ResidualModel(initialShift: shift)
        try body.withUnsafeBufferPointer { (bytes) throws(CodecError) in
            guard let base = bytes.baseAddress else { return }
            var generalRange = RangeDecoder(base: base, start: 0, end: bytes.count)
            var generalRaw = RawBitReader(base: base, start: 0, end: bytes.count)
            var smallRange = generalRange
            var smallRaw = generalRaw
            for (n, value) in values.enumerated() {
                let a = try general.counts.withUnsafeMutableBufferPointer { (p) throws(CodecError) -> UInt64 in
                    guard let counts = p.baseAddress else { return .max }
                    return try ResidualCoding.decode(
                        magnitude: &general.magnitude, counts: counts, range: &generalRange, raw: &generalRaw)
                }
                let b = try small.counts.withUnsafeMutableBufferPointer { (p) throws(CodecError) -> UInt64 in
                    guard let counts = p.baseAddress else { return .max }
                    return try ResidualCoding.decodeSmall(
                        magnitude: &small.magnitude, counts: counts, range: &smallRange, raw: &smallRaw)
                }
                #expect(a == value, "value \(n)")
                #expect(b == value, "value \(n)")
            }
        }
        #expect(small == general)
        #expect(small == model)
    }

    /// The run loops refuse a lattice index beyond ±2^40 (docs/batch-format.md §7) by its zig-zag code:
    /// u ≤ 2^41 exactly when |unzigzag(u)| ≤ 2^40.
    @Test func theLatticeIndexBoundIsAZigZagBound() {
        let bound = UInt64(Lattice.maxIndex) << 1
        #expect(Varint.zigzag(1 << 40) == bound)
        #expect(Varint.zigzag(-(1 << 40)) == bound - 1)
        #expect(Varint.zigzag((1 << 40) + 1) > bound)
        #expect(Varint.zigzag(-(1 << 40) - 1) > bound)
        for u in (bound - 4)...(bound + 4) {
            #expect((u <= bound) == (Varint.unzigzag(u).magnitude <= UInt64(Lattice.maxIndex)), "u = \(u)")
        }
    }

    /// Offsets as a barometer's lattice leaves them (0, ±1 zig-zagged: 0, 1, 2), where the split
    /// has no raw bits, then a burst of large ones (raw bits, escapes) and back.
    @Test func offsetsWithAndWithoutRawBitsDecodeAsTheGeneralDecoderDoes() throws {
        var random = SplitMix64(seed: 5)
        var values: [UInt64] = (0..<300).map { _ in UInt64.random(in: 0...2, using: &random) }
        values += (0..<60).map { _ in UInt64.random(in: 0...5_000, using: &random) }
        values += [UInt64(1) << 40, 15, 16, 31, 0, 0, 1 << 20]
        values += (0..<300).map { _ in UInt64.random(in: 0...2, using: &random) }
        try Self.roundTrip(values, shift: 0)
        try Self.roundTrip(values, shift: 12)
    }
}
