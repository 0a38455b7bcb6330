// SensorGate — Envelope tests: what a writer writes, a verifier accepts exactly once.

import Envelope
import Testing

@Suite struct EnvelopeRoundTripTests {
    @Test(arguments: [false, true])
    func signedAndSealedEnvelopesCarryEveryField(sealed: Bool) throws {
        let device = try identity(0x11)
        let writer = EnvelopeWriter(identity: device, sealingKey: sealed ? try sealingKey() : nil)
        let bytes = try writer.write(
            payload: payload, streamID: 3, sequence: 70_000, startMicros: newYear2026Micros, durationMicros: 999_000,
            priority: 5)
        var verifier =
            sealed ? try verifier(signed: try identity(0x99), sealed: device) : try verifier(signed: device)
        let verified = try verifier.verify(bytes)
        #expect(verified.payload == payload)
        let header = verified.header
        #expect(header.deviceID == device.deviceID && header.protection == (sealed ? .sealed : .signed))
        #expect(header.streamID == 3 && header.sequence == 70_000 && header.priority == 5)
        #expect(header.startMicros == newYear2026Micros && header.endMicros == newYear2026Micros + 999_000)
        #expect(verifier.counters.accepted == 1 && verifier.counters.totalRejected == 0)
        if sealed {
            // The payload does not travel in clear.
            #expect(!bytes.windows(ofCount: 16).contains { Array($0) == Array(payload.prefix(16)) })
        }
    }

    @Test func theOverheadIsSmallAndStated() throws {
        // A 1 s batch from 2026 with a small stream ID and sequence: 1 + 10 + 1 + 3 + 8 + 3 + 2 = 28
        // header bytes, plus 64 (signature) or 16 (tag).
        for (key, trailer) in [(nil, 64), (try sealingKey(), 16)] as [(SealingKey?, Int)] {
            let writer = EnvelopeWriter(identity: try identity(0x11), sealingKey: key)
            let bytes = try writer.write(
                payload: payload, streamID: 1, sequence: 20_000, startMicros: newYear2026Micros,
                durationMicros: 1_000_000)
            #expect(bytes.count - payload.count == 28 + trailer)
            #expect(
                EnvelopeWriter.overhead(
                    protection: writer.protection, payloadLength: payload.count, streamID: 1, sequence: 20_000,
                    startMicros: newYear2026Micros, durationMicros: 1_000_000) == 28 + trailer)
        }
    }

    @Test func theWorkedExamplesAreExactBytes() throws {
        // docs/envelope.md §6, byte for byte, with the RFC 8032 §7.1 test 1 key (Ed25519 signatures
        // are deterministic). The expected bytes come from an independent implementation of the
        // document (Python's `cryptography`), not from this code.
        let device = try DeviceIdentity(
            seed: try hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
        #expect(device.deviceID.description == "eh7ddx5bksrgcytl")
        let signed = try EnvelopeWriter(identity: device).write(
            payload: [0x21, 0x02, 0x03], streamID: 2, sequence: 300, startMicros: newYear2026Micros,
            durationMicros: 1_000_000, priority: 1)
        let expected = try hex(
            "2121fe31dfa154a261626b02ac02808081b184e99103c0843d03" + "210203"
                + "428e647b1fcc49d4048589f98b991d63d87d94ed8e9798990812ef28ded098a4"
                + "151607f29c6fde01456420c421913c1c38d997f208d8ca3a89e3a76189a2db07")
        #expect(signed == expected)
        let sealed = try EnvelopeWriter(identity: device, sealingKey: try SealingKey(bytes: (0..<32).map { UInt8($0) }))
            .write(
                payload: [0x21, 0x02, 0x03], streamID: 2, sequence: 300, startMicros: newYear2026Micros,
                durationMicros: 1_000_000, priority: 1)
        #expect(
            sealed
                == (try hex(
                    "2921fe31dfa154a261626b02ac02808081b184e99103c0843d03" + "ca1e83445878e2985b02725e1617822c2be793")))
        let parsed = try ParsedEnvelope.parse(signed)
        #expect(parsed.headerLength == 26 && parsed.payloadLength == 3 && parsed.trailer.count == 64)
    }

    @Test func writerRefusesValuesOutsideTheFormat() throws {
        let writer = EnvelopeWriter(identity: try identity(0x11))
        let cases: [(UInt64, UInt64, UInt8)] = [(1 << 63, 0, 0), (0, 1 << 62, 0), (0, 0, 8)]
        for (sequence, start, priority) in cases {
            #expect(throws: EnvelopeError.self) {
                try writer.write(
                    payload: [], streamID: 0, sequence: sequence, startMicros: start, durationMicros: 0,
                    priority: priority)
            }
        }
    }

    @Test func emptyPayloadsAndExtremeValuesRoundTrip() throws {
        let device = try identity(0x11)
        let writer = EnvelopeWriter(identity: device)
        var verifier = try verifier(signed: device)
        let bytes = try writer.write(
            payload: [], streamID: .max, sequence: EnvelopeHeader.maxValue, startMicros: EnvelopeHeader.maxMicros,
            durationMicros: EnvelopeHeader.maxMicros, priority: 7)
        let verified = try verifier.verify(bytes)
        #expect(verified.payload.isEmpty && verified.header.sequence == EnvelopeHeader.maxValue)
        #expect(verified.header.streamID == .max && verified.header.priority == 7)
    }
}

extension Array {
    /// Every run of `count` consecutive elements.
    fileprivate func windows(ofCount count: Int) -> [ArraySlice<Element>] {
        guard self.count >= count else { return [] }
        return (0...(self.count - count)).map { self[$0..<($0 + count)] }
    }
}
