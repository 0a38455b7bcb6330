// SensorGate — Codec tests: the drop notice on the control stream (docs/batch-format.md §12).

import Codec
import Testing

@Suite struct DropNoticeTests {
    /// The worked example of docs/batch-format.md §12.2.
    private func example() throws -> DropNotice {
        try DropNotice(entries: [
            .init(streamID: 3, reason: .diskFull, batches: 2, bytes: 500, firstSequence: 7, lastSequence: 8),
            .init(streamID: 1, reason: .age, batches: 12, bytes: 3456, firstSequence: 100, lastSequence: 111),
        ])
    }

    private let exampleBytes: [UInt8] = [
        0x81, 0x02, 0x01, 0x04, 0x0c, 0x80, 0x1b, 0x64, 0x0b, 0x03, 0x05, 0x02, 0xf4, 0x03, 0x07, 0x01,
    ]

    @Test func theWorkedExampleEncodesByteForByte() throws {
        let notice = try example()
        #expect(notice.encoded() == exampleBytes)
        #expect(try DropNotice.decode(exampleBytes) == notice)
        #expect(notice.entries.map(\.streamID) == [1, 3])
        #expect(notice.batches(streamID: 1) == 12)
    }

    @Test func theControlStreamTellsANoticeFromASchemaByItsFirstByte() throws {
        #expect(try ControlMessage.decode(exampleBytes) == .drops(try example()))
        let schema = try StreamSchema(
            streamID: 2, name: "t", rateMilliHz: 1000, timestamps: .uniform,
            channels: [.init(name: "t", unit: "Cel", lsb: try ExactRational(parsing: "1/16"))])
        #expect(try ControlMessage.decode(schema.encoded()) == .schema(schema))
        #expect(throws: CodecError.self) { try ControlMessage.decode([0x82, 0x01]) }
        #expect(throws: CodecError.self) { try ControlMessage.decode([]) }
    }

    @Test func everyStrictPrefixIsTruncated() {
        for length in 0..<exampleBytes.count {
            do {
                _ = try DropNotice.decode(Array(exampleBytes[0..<length]))
                Issue.record("a \(length)-byte prefix decoded")
            } catch {
                #expect(error.kind == .truncated, "prefix of \(length) bytes: \(error)")
            }
        }
    }

    @Test func malformedNoticesAreRefusedWithTheirKind() {
        let cases: [([UInt8], CodecError.Kind)] = [
            ([0x82, 0x01, 0x01, 0x04, 0x01, 0x00, 0x00, 0x00], .unsupportedVersion),
            ([0x81, 0x00], .corrupt),  // no entries
            ([0x81, 0x81, 0x04], .limitExceeded),  // 513 entries
            ([0x81, 0x01, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00], .corrupt),  // stream 0
            ([0x81, 0x01, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00], .corrupt),  // reason 0
            ([0x81, 0x01, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00], .corrupt),  // zero batches
            ([0x81, 0x01, 0x01, 0x04, 0x03, 0x00, 0x05, 0x01], .corrupt),  // 3 batches from 5 … 6
            ([0x81, 0x01, 0x01, 0x04, 0x81, 0x00, 0x00, 0x00, 0x00], .corrupt),  // non-shortest varint
            ([0x81, 0x01, 0x01, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00], .corrupt),  // a byte after the end
            (
                [0x81, 0x02, 0x03, 0x05, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x00, 0x00, 0x00],
                .corrupt
            ),  // out of order
            (
                [0x81, 0x02, 0x01, 0x04, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x00, 0x01, 0x00],
                .corrupt
            ),  // repeated pair
        ]
        for (bytes, kind) in cases {
            do {
                _ = try DropNotice.decode(bytes)
                Issue.record("decoded \(bytes)")
            } catch {
                #expect(error.kind == kind, "\(bytes): \(error)")
            }
        }
    }

    @Test func anUnknownReasonCodeIsKeptSoItsCountsStillExplainGaps() throws {
        let bytes: [UInt8] = [0x81, 0x01, 0x05, 0x2a, 0x03, 0x10, 0x14, 0x02]
        let notice = try DropNotice.decode(bytes)
        #expect(notice.entries.first?.reason == nil)
        #expect(notice.entries.first?.reasonCode == 42)
        #expect(notice.entries.first?.firstSequence == 20 && notice.entries.first?.lastSequence == 22)
        #expect(notice.encoded() == bytes)
    }

    @Test func theInitialiserRefusesWhatTheWireCannotCarry() {
        #expect(throws: CodecError.self) { try DropNotice(entries: []) }
        #expect(throws: CodecError.self) {
            try DropNotice(entries: [
                .init(streamID: 0, reason: .age, batches: 1, bytes: 0, firstSequence: 0, lastSequence: 0)
            ])
        }
        #expect(throws: CodecError.self) {
            try DropNotice(entries: [
                .init(streamID: 1, reason: .age, batches: 1, bytes: 0, firstSequence: 9, lastSequence: 8)
            ])
        }
    }
}
