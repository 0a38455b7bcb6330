// SensorGate — Envelope tests: tampered, truncated and malformed envelopes are refused clearly.

import Envelope
import HAL
import Testing

@Suite struct EnvelopeRobustnessTests {
    @Test(arguments: [false, true])
    func flippingAnyBitOfAnyByteIsRefused(sealed: Bool) throws {
        let device = try identity(0x22)
        let writer = EnvelopeWriter(identity: device, sealingKey: sealed ? try sealingKey() : nil)
        let bytes = try writer.write(
            payload: Array(payload.prefix(40)), streamID: 9, sequence: 1234, startMicros: newYear2026Micros,
            durationMicros: 10_000_000, priority: 2)
        var verifier = sealed ? try verifier(signed: try identity(0x98), sealed: device) : try verifier(signed: device)
        for index in bytes.indices {
            for bit in [0, 3, 7] {
                var tampered = bytes
                tampered[index] ^= 1 << bit
                #expect(throws: EnvelopeError.self, "byte \(index) bit \(bit)") { try verifier.verify(tampered) }
            }
        }
        #expect(verifier.counters.accepted == 0 && verifier.counters.totalRejected == bytes.count * 3)
        #expect(verifier.counters.rejections(.badSignature) > bytes.count)
        // None of that spoilt the genuine envelope.
        #expect(try verifier.verify(bytes).header.sequence == 1234)
    }

    @Test func everyTruncationIsAClearTruncatedError() throws {
        let bytes = try EnvelopeWriter(identity: try identity(0x22)).write(
            payload: Array(payload.prefix(150)), streamID: 400, sequence: 1 << 40, startMicros: newYear2026Micros,
            durationMicros: 3_600_000_000)
        for length in 0..<bytes.count {
            do {
                _ = try ParsedEnvelope.parse(Array(bytes.prefix(length)))
                Issue.record("a \(length)-byte prefix parsed")
            } catch {
                #expect(error.kind == .truncated, "length \(length)")
                #expect(error.detail.contains("ends inside") || error.detail.contains("empty"), "length \(length)")
            }
        }
        #expect(throws: EnvelopeError(.corrupt, "1 bytes after the end of the envelope")) {
            try ParsedEnvelope.parse(bytes + [0])
        }
    }

    @Test func unknownVersionsProtectionsAndOverlongVarintsAreRefused() throws {
        let bytes = try EnvelopeWriter(identity: try identity(0x22)).write(
            payload: [1, 2, 3], streamID: 1, sequence: 1, startMicros: 5, durationMicros: 0)
        var version2 = bytes
        version2[0] = 2 << 5
        var protection3 = bytes
        protection3[0] |= 3 << 3
        for input in [version2, protection3] {
            #expect(throws: EnvelopeError.self) { try ParsedEnvelope.parse(input) }
            #expect((try? ParsedEnvelope.parse(input)) == nil)
            do { _ = try ParsedEnvelope.parse(input) } catch { #expect(error.kind == .unsupportedVersion) }
        }
        // The stream ID 1 written as two bytes (0x81 0x00) is not its shortest form.
        let overlong = Array(bytes.prefix(11)) + [0x81, 0x00] + Array(bytes.dropFirst(12))
        do {
            _ = try ParsedEnvelope.parse(overlong)
            Issue.record("an overlong varint parsed")
        } catch {
            #expect(error.kind == .corrupt && error.detail.contains("shortest form"))
        }
    }

    @Test func aPayloadAboveTheLimitIsRefusedBeforeUse() throws {
        let bytes = try EnvelopeWriter(identity: try identity(0x22)).write(
            payload: payload, streamID: 1, sequence: 1, startMicros: 5, durationMicros: 0)
        #expect(throws: EnvelopeError(.limitExceeded, "a payload of 300 bytes is above the limit of 299")) {
            try ParsedEnvelope.parse(bytes, limits: EnvelopeLimits(maxPayloadBytes: 299))
        }
        // A length claiming 2 GiB in a short input: refused by the limit, nothing allocated.
        let huge = Array(bytes.prefix(11)) + [1, 1, 5, 0] + [0xFF, 0xFF, 0xFF, 0xFF, 0x07]
        do { _ = try ParsedEnvelope.parse(huge) } catch { #expect(error.kind == .limitExceeded) }
    }

    @Test func randomBytesNeverCrashAndAreCounted() throws {
        var verifier = try verifier(signed: try identity(0x22))
        var generator = SplitMix64(seed: 7)
        for length in 0..<400 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect((try? verifier.verify(bytes)) == nil)
        }
        #expect(verifier.counters.totalRejected == 400 && verifier.counters.accepted == 0)
    }
}
