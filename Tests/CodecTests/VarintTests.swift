// SensorGate — Codec tests: LEB128 varints (docs/batch-format.md §2), the one-byte fast path and the rest.

import Testing

@testable import Codec

@Suite struct VarintTests {
    /// Values and their LEB128 bytes: the one-byte forms (read inline) and the longer ones (read out of line).
    static let cases: [(UInt64, [UInt8])] = [
        (0, [0x00]), (1, [0x01]), (127, [0x7F]), (128, [0x80, 0x01]), (300, [0xAC, 0x02]),
        (16_383, [0xFF, 0x7F]), (16_384, [0x80, 0x80, 0x01]),
        (UInt64.max, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
    ]

    /// Each value is written as its bytes and read back from the middle of a buffer, advancing the
    /// offset by exactly its length.
    @Test func valuesReadBackAndAdvanceByTheirLength() throws {
        for (value, expected) in Self.cases {
            var written: [UInt8] = []
            Varint.write(value, to: &written)
            #expect(written == expected)
            let bytes: [UInt8] = [0x7F] + expected + [0x05]
            var offset = 1
            #expect(try Varint.read(bytes, at: &offset, field: "test") == value)
            #expect(offset == 1 + expected.count)
            #expect(try Varint.read(bytes, at: &offset, field: "test") == 5)
        }
    }

    /// A varint cut short is truncated input; one above 64 bits is corrupt; at the end there is nothing to read.
    @Test func badVarintsAreRefused() {
        var offset = 0
        let cut = #expect(throws: CodecError.self) { try Varint.read([0x80], at: &offset, field: "test") }
        #expect(cut?.kind == .truncated)
        offset = 0
        let wide: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02]
        let over = #expect(throws: CodecError.self) { try Varint.read(wide, at: &offset, field: "test") }
        #expect(over?.kind == .corrupt)
        offset = 1
        let end = #expect(throws: CodecError.self) { try Varint.read([0x01], at: &offset, field: "test") }
        #expect(end?.kind == .truncated)
    }
}
