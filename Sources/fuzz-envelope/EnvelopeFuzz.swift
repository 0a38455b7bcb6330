// SensorGate — fuzz-envelope: the envelope parser, writer, verifier and replay window under libFuzzer.

import Envelope

/// One fuzz input; byte 0 (mod 3) picks what the rest drives (docs/fuzzing.md):
/// - 0, **raw**: the bytes go to a verifier that knows a signing and a sealing device; whatever is
///   accepted must then be refused as a replay;
/// - 1, **write**: the bytes choose header values, a payload and a tamper position; the envelope
///   written must verify with exactly those values, be refused when replayed, when any bit is
///   flipped, and (as truncated) when cut at any length;
/// - 2, **window**: the bytes are a series of sequence numbers for a small ``ReplayWindow``, checked
///   against a plain set: a sequence is never accepted twice, and is refused only as a replay or below the floor.
enum EnvelopeFuzz {
    /// The signing device (a fixed seed: the fuzzer's seeds are its envelopes).
    static let signer = identity(0x51)
    /// The sealing device.
    static let sealer = identity(0x53)
    /// The sealing device's provisioned key.
    static let sealingKey = fixedKey()

    /// A verifier that knows both devices, with fresh replay state.
    static func makeVerifier() -> EnvelopeVerifier {
        var registry = DeviceRegistry()
        registry.register(publicKey: signer.publicKey)
        registry.register(publicKey: sealer.publicKey, sealingKey: sealingKey)
        return EnvelopeVerifier(registry: registry, settings: .init(limits: EnvelopeLimits(maxPayloadBytes: 1 << 16)))
    }

    /// Runs one input; traps (a crash libFuzzer reports) only when a property fails.
    static func run(_ data: [UInt8]) {
        guard let mode = data.first else { return }
        let rest = Array(data.dropFirst())
        switch mode % 3 {
        case 0: raw(rest)
        case 1: write(rest)
        default: window(rest)
        }
    }

    private static func raw(_ bytes: [UInt8]) {
        var verifier = makeVerifier()
        let accepted = try? verifier.verify(bytes)
        if let parsed = try? ParsedEnvelope.parse(bytes, limits: verifier.settings.limits) {
            precondition(
                parsed.headerLength + parsed.payloadLength + parsed.header.protection.trailerLength == bytes.count,
                "parsed parts do not add up to the input")
        } else {
            precondition(accepted == nil, "the verifier accepted what the parser refuses")
        }
        guard accepted != nil else {
            precondition(verifier.counters.totalRejected == 1 && verifier.counters.accepted == 0, "miscounted refusal")
            return
        }
        do throws(EnvelopeError) {
            _ = try verifier.verify(bytes)
            preconditionFailure("an envelope was accepted twice")
        } catch {
            precondition(error.kind == .replay, "a replay refused as \(error.kind)")
        }
    }

    private static func write(_ bytes: [UInt8]) {
        var reader = FieldReader(bytes)
        let flags = reader.byte()
        let sealed = flags & 1 != 0
        let priority = (flags >> 1) & 15
        let stream = UInt32(truncatingIfNeeded: reader.integer(4))
        let sequence = reader.integer(8)
        let start = reader.integer(8) >> UInt64(reader.byte() % 64)
        let duration = reader.integer(8) >> UInt64(reader.byte() % 64)
        let tamper = Int(reader.integer(2))
        let payload = reader.rest()
        let writer = EnvelopeWriter(identity: sealed ? sealer : signer, sealingKey: sealed ? sealingKey : nil)
        let valid =
            priority <= EnvelopeHeader.maxPriority && sequence <= EnvelopeHeader.maxValue
            && start <= EnvelopeHeader.maxMicros && duration <= EnvelopeHeader.maxMicros
        let envelope: [UInt8]
        do throws(EnvelopeError) {
            envelope = try writer.write(
                payload: payload, streamID: stream, sequence: sequence, startMicros: start, durationMicros: duration,
                priority: priority)
        } catch {
            precondition(!valid && error.kind == .invalidInput, "a valid header refused: \(error)")
            return
        }
        precondition(valid, "an out-of-range header written")
        precondition(
            envelope.count
                == payload.count
                + EnvelopeWriter.overhead(
                    protection: writer.protection, payloadLength: payload.count, streamID: stream, sequence: sequence,
                    startMicros: start, durationMicros: duration),
            "the stated overhead is wrong")
        var verifier = makeVerifier()
        guard let verified = try? verifier.verify(envelope) else {
            preconditionFailure("a written envelope is refused")
        }
        let header = verified.header
        precondition(
            verified.payload == payload && header.streamID == stream && header.sequence == sequence
                && header.startMicros == start && header.durationMicros == duration && header.priority == priority
                && header.deviceID == writer.identity.deviceID && header.protection == writer.protection,
            "an envelope verifies with other values than it was written with")
        precondition((try? verifier.verify(envelope)) == nil, "a replay was accepted")
        var tampered = envelope
        tampered[tamper % envelope.count] ^= UInt8(1 << (tamper / envelope.count % 8))
        var fresh = makeVerifier()
        precondition((try? fresh.verify(tampered)) == nil, "a tampered envelope was accepted")
        do throws(EnvelopeError) {
            _ = try ParsedEnvelope.parse(Array(envelope.prefix(tamper % envelope.count)))
            preconditionFailure("a truncated envelope parsed")
        } catch {
            precondition(error.kind == .truncated, "a truncation refused as \(error.kind)")
        }
    }

    private static func window(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        var window = ReplayWindow(maxRanges: Int(first % 8) + 1)
        var accepted = Set<UInt64>()
        var reader = FieldReader(Array(bytes.dropFirst()))
        while !reader.isEmpty {
            let sequence = reader.integer(1) | (reader.integer(1) << 8 & 0x300)
            let verdict = window.check(sequence)
            switch verdict {
            case nil:
                precondition(!accepted.contains(sequence), "a sequence accepted twice")
                window.record(sequence)
                accepted.insert(sequence)
            case .replay?: precondition(accepted.contains(sequence), "a new sequence refused as a replay")
            case .stale?: precondition(sequence < window.floor, "a sequence above the floor refused as stale")
            default: preconditionFailure("the window answered \(String(describing: verdict))")
            }
            let ranges = window.acceptedRanges
            precondition(ranges.count <= window.maxRanges, "more ranges than allowed")
            for (a, b) in zip(ranges, ranges.dropFirst()) {
                precondition(a.upperBound + 1 < b.lowerBound, "ranges overlap, touch or are out of order")
            }
            precondition(ranges.first.map { $0.lowerBound >= window.floor } ?? true, "a range below the floor")
            precondition(
                ranges.allSatisfy { range in range.allSatisfy { accepted.contains($0) } },
                "a range holds a sequence never accepted")
        }
    }

    private static func identity(_ fill: UInt8) -> DeviceIdentity {
        guard let identity = try? DeviceIdentity(seed: [UInt8](repeating: fill, count: 32)) else {
            preconditionFailure("a 32-byte seed is a key")
        }
        return identity
    }

    private static func fixedKey() -> SealingKey {
        guard let key = try? SealingKey(bytes: (0..<32).map { UInt8($0) }) else {
            preconditionFailure("32 bytes are a key")
        }
        return key
    }
}

/// Reads fuzz bytes as fields, with zeros once they run out.
struct FieldReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isEmpty: Bool { offset >= bytes.count }

    mutating func byte() -> UInt8 { UInt8(integer(1)) }

    /// `count` bytes, little-endian.
    mutating func integer(_ count: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<count where offset < bytes.count {
            value |= UInt64(bytes[offset]) << UInt64(8 * index)
            offset += 1
        }
        return value
    }

    mutating func rest() -> [UInt8] {
        defer { offset = bytes.count }
        return offset < bytes.count ? Array(bytes[offset...]) : []
    }
}
