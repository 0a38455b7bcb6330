// SensorGate — Collector: verify, de-duplicate and decode envelopes from any transport.

import Codec
import Envelope

/// The reference receiver of the batch format: takes envelope bytes from any transport (CoAP, MQTT,
/// a file), verifies them (``EnvelopeVerifier``), de-duplicates them, learns stream schemas from the
/// control stream (``StreamSchema/controlStreamID``), and decodes data batches into exact physical
/// values.
///
/// Batches may arrive in any order and more than once. Each authentic batch is decoded exactly once:
/// the verifier refuses repeats (counted as duplicates, apart from forgeries); a delta batch whose
/// predecessor has not been decoded is held until it has, and is never guessed; a key batch decodes at
/// once. Held batches whose predecessor never comes are reported undecodable by ``finish()``, or when
/// the hold limit pushes them out.
public struct Collector: Sendable {
    /// The collector's settings.
    public struct Settings: Sendable {
        /// The verifier's settings (payload limit, replay ranges per stream).
        public var verifier: EnvelopeVerifier.Settings
        /// The most batches held per stream (waiting for a predecessor or a schema); beyond it the
        /// lowest sequence is given up as undecodable. Default 256: ten minutes of 1 s batches arriving
        /// in the worst order a store drains them.
        public var maxHeldPerStream: Int
        /// Decoder states kept per stream for delta batches still to come; default 8.
        public var maxTipsPerStream: Int
        /// What the codec decoder accepts before allocating; default the format's limits.
        public var decodeLimits: DecodeLimits

        /// Creates settings; the defaults are documented on each property.
        public init(
            verifier: EnvelopeVerifier.Settings = .init(), maxHeldPerStream: Int = 256, maxTipsPerStream: Int = 8,
            decodeLimits: DecodeLimits = .format
        ) {
            self.verifier = verifier
            self.maxHeldPerStream = max(1, maxHeldPerStream)
            self.maxTipsPerStream = max(1, maxTipsPerStream)
            self.decodeLimits = decodeLimits
        }
    }

    /// What became of one envelope.
    public enum Disposition: Sendable, Equatable {
        /// A schema on the control stream, accepted.
        case schema(StreamSchema)
        /// A drop notice on the control stream: batches the gateway says it dropped (counted per stream).
        case drops(DropNotice)
        /// A clock-step notice on the control stream: steps of the gateway's system clock (counted).
        case clockSteps(ClockStepNotice)
        /// A data batch, decoded (``Receipt/batches`` holds it, and any held batches it released).
        case decoded
        /// A data batch held for its predecessor or its schema.
        case held
        /// Authentic, but its payload (or control payload) did not decode; see ``Receipt/problems``.
        case undecodable
        /// Already received: a replay or a stale sequence number.
        case duplicate(EnvelopeError.Kind)
        /// Refused by the verifier (malformed, unknown device, bad signature, ...).
        case rejected(EnvelopeError)
    }

    /// The result of ``receive(_:)``.
    public struct Receipt: Sendable, Equatable {
        /// What became of the envelope.
        public var disposition: Disposition
        /// Batches decoded now, in decoding order: this one, and held ones it released.
        public var batches: [CollectedBatch] = []
        /// One line per batch given up on now (naming device, stream and sequence, and why).
        public var problems: [String] = []
    }

    /// The settings.
    public let settings: Settings
    /// The verifier, with its counters and replay state.
    public private(set) var verifier: EnvelopeVerifier
    private var streams: [StreamKey: StreamTracker] = [:]
    private var counts = CollectorReport()

    /// A collector accepting envelopes from the devices in `registry`.
    public init(registry: DeviceRegistry, settings: Settings = Settings()) {
        self.settings = settings
        verifier = EnvelopeVerifier(registry: registry, settings: settings.verifier)
    }

    /// Learns a device's new key from its signed `key rotated` acknowledgement (docs/envelope.md §7.4):
    /// the acknowledgement must verify with the key already registered for the device it names, which
    /// vouches for the new one; the new key is registered beside the old one (batches signed with the
    /// old key, still in the device's store, keep verifying) with the old one's sealing key.
    /// - Parameter bytes: a message from the device's `ack` topic.
    /// - Returns: the verified acknowledgement (its device ID is the old one, its outcome carries the new
    ///   key), or nil when the message is no key rotation.
    /// - Throws: `CommandRejection` (unknown device, bad signature, malformed).
    public mutating func learnKeyRotation(from bytes: [UInt8]) throws(CommandRejection) -> CommandAck? {
        guard bytes.count > 1 + DeviceID.byteCount, let id = DeviceID(bytes: Array(bytes[1...DeviceID.byteCount]))
        else { throw CommandRejection(.malformed, "an acknowledgement shorter than its header") }
        guard let device = verifier.registry[id] else {
            throw CommandRejection(.wrongDevice, "an acknowledgement from device \(id), which is not registered")
        }
        let ack = try CommandAck.verify(bytes, devicePublicKey: device.publicKey)
        guard case .keyRotated(let key) = ack.outcome else { return nil }
        verifier.registry.register(publicKey: key, sealingKey: device.sealingKey)
        return ack
    }

    /// Verifies, de-duplicates and decodes one envelope.
    public mutating func receive(_ bytes: [UInt8]) -> Receipt {
        counts.received += 1
        let envelope: VerifiedEnvelope
        do {
            envelope = try verifier.verify(bytes)
        } catch {
            if error.kind == .replay || error.kind == .stale {
                counts.duplicates += 1
                return Receipt(disposition: .duplicate(error.kind))
            }
            counts.rejected[error.kind.rawValue, default: 0] += 1
            return Receipt(disposition: .rejected(error))
        }
        counts.accepted += 1
        let header = envelope.header
        if header.streamID == StreamSchema.controlStreamID { return receiveControl(envelope) }
        let key = StreamKey(deviceID: header.deviceID, streamID: header.streamID)
        var tracker = streams.removeValue(forKey: key) ?? StreamTracker(key: key)
        tracker.accepted.insert(header.sequence)
        var receipt = Receipt(disposition: .held)
        if tracker.schema(for: header.sequence) == nil {
            tracker.waitingForSchema[header.sequence] = envelope
            enforceHoldLimit(&tracker, receipt: &receipt)
        } else {
            receipt.disposition = process(envelope, tracker: &tracker, receipt: &receipt)
        }
        streams[key] = tracker
        return receipt
    }

    /// Gives up on every batch still held (its predecessor or schema never came) and returns one line
    /// for each; call when the input ends.
    public mutating func finish() -> [String] {
        var problems: [String] = []
        for key in streams.keys.sorted(by: Self.order) {
            guard var tracker = streams[key] else { continue }
            for (sequence, _) in tracker.waitingForSchema.sorted(by: { $0.key < $1.key }) {
                problems.append(Self.line(key, sequence, "no schema for it arrived on the control stream"))
                tracker.stats.undecodable += 1
            }
            tracker.waitingForSchema = [:]
            for first in tracker.segments.keys {
                guard var segment = tracker.segments[first] else { continue }
                for sequence in segment.held.keys.sorted() {
                    problems.append(Self.line(key, sequence, "its predecessor \(sequence &- 1) never decoded"))
                    tracker.stats.undecodable += 1
                    segment.dead.insert(sequence)
                }
                segment.held = [:]
                tracker.segments[first] = segment
            }
            streams[key] = tracker
        }
        return problems
    }

    /// The summary so far.
    public var report: CollectorReport {
        var report = counts
        report.streams = streams.keys.sorted(by: Self.order).compactMap { key in
            guard let tracker = streams[key] else { return nil }
            var stats = tracker.stats
            stats.sequenceGaps = tracker.accepted.gaps
            stats.unexplainedGaps = tracker.accepted.gaps(notIn: tracker.reportedDrops)
            stats.firstSequence = tracker.accepted.bounds?.lowerBound
            stats.lastSequence = tracker.accepted.bounds?.upperBound
            stats.held = tracker.heldCount
            return stats
        }
        return report
    }

    // MARK: - Schemas

    var savedSchemas: [CollectorState.SavedSchema] {
        streams.keys.sorted(by: Self.order).flatMap { key in
            (streams[key]?.schemas ?? []).map {
                CollectorState.SavedSchema(device: key.deviceID, encoded: $0.encoded())
            }
        }
    }

    mutating func restoreSchemas(_ saved: [CollectorState.SavedSchema]) throws(CodecError) {
        for entry in saved {
            let schema = try StreamSchema.decode(entry.encoded)
            let key = StreamKey(deviceID: entry.device, streamID: schema.streamID)
            var tracker = streams[key] ?? StreamTracker(key: key)
            try tracker.add(schema)
            streams[key] = tracker
        }
    }

    mutating func restoreReplay(_ replay: [StreamKey: ReplayWindow]) {
        verifier.replayState.merge(replay) { _, saved in saved }
    }

    private mutating func receiveControl(_ envelope: VerifiedEnvelope) -> Receipt {
        let header = envelope.header
        let message: ControlMessage
        do {
            message = try ControlMessage.decode(envelope.payload)
        } catch {
            counts.badSchemas += 1
            return Receipt(
                disposition: .undecodable,
                problems: [
                    "device \(header.deviceID) control stream sequence \(header.sequence): not a stream schema, "
                        + "drop notice or clock-step notice (\(error)); the gateway must resend it"
                ])
        }
        switch message {
        case .schema(let schema): return receiveSchema(schema, header: header)
        case .drops(let notice): return receiveDrops(notice, header: header)
        case .clockSteps(let notice):
            counts.clockStepNotices += 1
            for entry in notice.entries {
                counts.clockSteps += 1
                if entry.isHeld { counts.heldClockSteps += 1 }
                counts.clockAheadMicros[header.deviceID.description] = entry.aheadMicros
            }
            return Receipt(disposition: .clockSteps(notice))
        }
    }

    /// Adds a drop notice's counts to its streams: the gaps it explains stop counting as unexplained.
    private mutating func receiveDrops(_ notice: DropNotice, header: EnvelopeHeader) -> Receipt {
        counts.dropNotices += 1
        for entry in notice.entries {
            let key = StreamKey(deviceID: header.deviceID, streamID: entry.streamID)
            var tracker = streams.removeValue(forKey: key) ?? StreamTracker(key: key)
            tracker.stats.droppedByGateway += Int(clamping: entry.batches)
            let reason = entry.reason.map { "\($0)" } ?? "code-\(entry.reasonCode)"
            tracker.stats.droppedByReason[reason, default: 0] += Int(clamping: entry.batches)
            tracker.reportedDrops.append(entry.firstSequence...entry.lastSequence)
            streams[key] = tracker
        }
        return Receipt(disposition: .drops(notice))
    }

    private mutating func receiveSchema(_ schema: StreamSchema, header: EnvelopeHeader) -> Receipt {
        let key = StreamKey(deviceID: header.deviceID, streamID: schema.streamID)
        var tracker = streams.removeValue(forKey: key) ?? StreamTracker(key: key)
        var receipt = Receipt(disposition: .schema(schema))
        do {
            try tracker.add(schema)
            counts.schemas += 1
        } catch {
            counts.badSchemas += 1
            receipt.disposition = .undecodable
            receipt.problems.append(Self.line(key, header.sequence, "schema has no codec layout (\(error))"))
        }
        // Batches that waited for a schema, in sequence order, so that deltas follow their key batches.
        for sequence in tracker.waitingForSchema.keys.sorted() where tracker.schema(for: sequence) != nil {
            guard let waiting = tracker.waitingForSchema.removeValue(forKey: sequence) else { continue }
            _ = process(waiting, tracker: &tracker, receipt: &receipt)
        }
        streams[key] = tracker
        return receipt
    }

    // MARK: - Data batches

    /// Decodes `envelope` (or holds it) and then every held batch it releases.
    private mutating func process(
        _ envelope: VerifiedEnvelope, tracker: inout StreamTracker, receipt: inout Receipt
    ) -> Disposition {
        let sequence = envelope.header.sequence
        guard let schema = tracker.schema(for: sequence), var segment = tracker.segments[schema.firstSequence]
        else { return .held }
        let key = StreamKey(deviceID: envelope.header.deviceID, streamID: envelope.header.streamID)
        // Bit 4 of a batch's first byte is its key flag (docs/batch-format.md §3); an empty or foreign
        // payload counts as a key batch, so that the decoder, not the collector, says what is wrong with it.
        let isKey = envelope.payload.first.map { $0 & 0x10 != 0 } ?? true
        let disposition: Disposition
        if !isKey && segment.dead.contains(sequence &- 1) {
            disposition = giveUp(key, sequence, "its predecessor did not decode", &segment, &tracker, &receipt)
        } else if !isKey && (segment.tips[sequence &- 1] == nil || sequence == schema.firstSequence) {
            segment.held[sequence] = envelope
            disposition = .held
        } else {
            disposition = decode(envelope, key: key, into: &segment, tracker: &tracker, receipt: &receipt)
        }
        tracker.segments[schema.firstSequence] = segment
        enforceHoldLimit(&tracker, receipt: &receipt)
        return disposition
    }

    private mutating func decode(
        _ first: VerifiedEnvelope, key: StreamKey, into segment: inout StreamTracker.Segment,
        tracker: inout StreamTracker, receipt: inout Receipt
    ) -> Disposition {
        var next: VerifiedEnvelope? = first
        var disposition = Disposition.decoded
        var isFirst = true
        while let envelope = next {
            defer { isFirst = false }
            next = nil
            let sequence = envelope.header.sequence
            let isKey = envelope.payload.first.map { $0 & 0x10 != 0 } ?? true
            let decoder =
                isKey
                ? StreamDecoder(layout: segment.layout, limits: settings.decodeLimits)
                : segment.tips.removeValue(forKey: sequence &- 1)
            segment.tips[sequence &- 1] = nil
            guard var decoder else { break }
            let outcome: DecodedBatch
            do {
                outcome = try decoder.decode(envelope.payload)
            } catch {
                let result = giveUp(key, sequence, "the batch does not decode (\(error))", &segment, &tracker, &receipt)
                if isFirst { disposition = result }
                break
            }
            guard outcome.batch.sequence == UInt32(truncatingIfNeeded: sequence) else {
                let why = "the batch's sequence \(outcome.batch.sequence) is not the envelope's \(sequence)"
                let result = giveUp(key, sequence, why, &segment, &tracker, &receipt)
                if isFirst { disposition = result }
                break
            }
            segment.tips[sequence] = decoder
            while segment.tips.count > settings.maxTipsPerStream, let oldest = segment.tips.keys.min() {
                segment.tips[oldest] = nil
            }
            tracker.stats.batches += 1
            tracker.stats.samples += outcome.batch.count
            if outcome.isKey { tracker.stats.keyBatches += 1 }
            let collected = CollectedBatch(header: envelope.header, schema: segment.schema, decoded: outcome)
            tracker.noteTimes(of: collected, sequence: sequence)
            receipt.batches.append(collected)
            next = segment.held.removeValue(forKey: sequence &+ 1)
        }
        return disposition
    }

    /// Marks `sequence` undecodable, and with it every held delta batch that depended on it.
    private func giveUp(
        _ key: StreamKey, _ sequence: UInt64, _ why: String, _ segment: inout StreamTracker.Segment,
        _ tracker: inout StreamTracker, _ receipt: inout Receipt
    ) -> Disposition {
        var current = sequence
        var reason = why
        while true {
            segment.dead.insert(current)
            tracker.stats.undecodable += 1
            receipt.problems.append(Self.line(key, current, reason))
            guard let follower = segment.held.removeValue(forKey: current &+ 1) else { break }
            _ = follower
            current &+= 1
            reason = "its predecessor did not decode"
        }
        return .undecodable
    }

    private func enforceHoldLimit(_ tracker: inout StreamTracker, receipt: inout Receipt) {
        while tracker.heldCount > settings.maxHeldPerStream {
            let key = tracker.key
            if let lowest = tracker.waitingForSchema.keys.min() {
                tracker.waitingForSchema[lowest] = nil
                tracker.stats.undecodable += 1
                receipt.problems.append(Self.line(key, lowest, "dropped: too many batches wait for a schema"))
                continue
            }
            guard
                let (first, sequence) = tracker.segments.compactMap({ entry in
                    entry.value.held.keys.min().map { (entry.key, $0) }
                }).min(by: { $0.1 < $1.1 }),
                var segment = tracker.segments[first]
            else { return }
            segment.held[sequence] = nil
            _ = giveUp(key, sequence, "dropped: too many batches held", &segment, &tracker, &receipt)
            tracker.segments[first] = segment
        }
    }

    private static func line(_ key: StreamKey, _ sequence: UInt64, _ why: String) -> String {
        "device \(key.deviceID) stream \(key.streamID) sequence \(sequence): undecodable, \(why)"
    }

    private static func order(_ a: StreamKey, _ b: StreamKey) -> Bool {
        a.deviceID != b.deviceID ? a.deviceID < b.deviceID : a.streamID < b.streamID
    }
}
