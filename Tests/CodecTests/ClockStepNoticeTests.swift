// SensorGate — Codec tests: the clock-step notice on the control stream (docs/batch-format.md §13).

import Codec
import Testing

@Suite struct ClockStepNoticeTests {
    /// The worked example of docs/batch-format.md §13.2: a gateway without an RTC booted at 1970; 100 s
    /// in, NTP stepped its clock to 2026-01-01T00:00:00Z (+1 767 225 500 s, applied); at 00:10:00 a
    /// −2 s step was held.
    private func example() throws -> ClockStepNotice {
        try ClockStepNotice(entries: [
            .init(
                stepMicros: 1_767_225_500_000_000, atMicros: 100_000_000, movedMicros: 1_767_225_500_000_000,
                aheadMicros: 0),
            .init(stepMicros: -2_000_000, atMicros: 1_767_226_200_000_000, movedMicros: 0, aheadMicros: 2_000_000),
        ])
    }

    private let exampleBytes: [UInt8] = [
        0x91, 0x02,
        0x80, 0xfc, 0xd2, 0x82, 0x88, 0xd2, 0xa3, 0x06, 0x80, 0xc2, 0xd7, 0x2f,
        0x80, 0xbe, 0xa9, 0x81, 0x84, 0xe9, 0x91, 0x03, 0x00,
        0xff, 0x91, 0xf4, 0x01, 0x80, 0x8c, 0x8e, 0xcf, 0x86, 0xe9, 0x91, 0x03, 0x00, 0x80, 0x89, 0x7a,
    ]

    @Test func theWorkedExampleEncodesByteForByte() throws {
        let notice = try example()
        #expect(notice.encoded() == exampleBytes)
        #expect(try ClockStepNotice.decode(exampleBytes) == notice)
        #expect(try ControlMessage.decode(exampleBytes) == .clockSteps(notice))
        #expect(notice.entries.map(\.isHeld) == [false, true])
    }

    @Test func everyStrictPrefixIsTruncated() {
        for length in 0..<exampleBytes.count {
            #expect(throws: CodecError.self) { try ClockStepNotice.decode(Array(exampleBytes[0..<length])) }
            do {
                _ = try ClockStepNotice.decode(Array(exampleBytes[0..<length]))
            } catch {
                #expect(error.kind == .truncated, "prefix of \(length) bytes: \(error)")
            }
        }
    }

    @Test func brokenNoticesAreRefusedWithTheirKind() {
        func kind(_ bytes: [UInt8]) -> CodecError.Kind? {
            do {
                _ = try ClockStepNotice.decode(bytes)
                return nil
            } catch { return error.kind }
        }
        #expect(kind([0x92, 0x01, 0x02, 0x00, 0x02, 0x00]) == .unsupportedVersion)
        #expect(kind([0x91, 0x41]) == .limitExceeded)
        #expect(kind([0x91, 0x00]) == .corrupt)
        // A step of 0 µs.
        #expect(kind([0x91, 0x01, 0x00, 0x05, 0x00, 0x00]) == .corrupt)
        // +1 µs moving the timeline by 2 µs; −1 µs moving it at all; a lead left after a move.
        #expect(kind([0x91, 0x01, 0x02, 0x05, 0x02, 0x00]) == .corrupt)
        #expect(kind([0x91, 0x01, 0x01, 0x05, 0x01, 0x00]) == .corrupt)
        #expect(kind([0x91, 0x01, 0x02, 0x05, 0x01, 0x01]) == .corrupt)
        // A non-canonical varint, and a byte after the end.
        #expect(kind([0x91, 0x01, 0x82, 0x00, 0x05, 0x01, 0x00]) == .corrupt)
        #expect(kind([0x91, 0x01, 0x02, 0x05, 0x01, 0x00, 0x00]) == .corrupt)
        // The smallest valid notice: +1 µs applied at 5 µs after 1970.
        #expect(kind([0x91, 0x01, 0x02, 0x05, 0x01, 0x00]) == nil)
        // A held forward step that only shortened a lead (moved 0, still 3 µs ahead) is valid.
        #expect(kind([0x91, 0x01, 0x02, 0x05, 0x00, 0x03]) == nil)
    }

    @Test func theConstructorRefusesWhatTheDecoderWould() {
        #expect(throws: CodecError.self) { try ClockStepNotice(entries: []) }
        #expect(throws: CodecError.self) {
            try ClockStepNotice(entries: [.init(stepMicros: -5, atMicros: 10, movedMicros: -5, aheadMicros: 0)])
        }
        #expect(throws: CodecError.self) {
            try ClockStepNotice(entries: [.init(stepMicros: 5, atMicros: -1, movedMicros: 5, aheadMicros: 0)])
        }
    }
}
