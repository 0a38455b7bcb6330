// SensorGate — Collector: one device's stream: its schemas, decoder states and held batches.

import Codec
import Envelope

/// Everything the collector keeps for one device's stream.
struct StreamTracker {
    /// The batches decoded under one schema: decoder states by the sequence they last decoded, and
    /// delta batches waiting for their predecessor.
    struct Segment {
        let schema: StreamSchema
        let layout: StreamLayout
        /// The decoder state right after decoding sequence `key`; a delta batch `s` continues `tips[s - 1]`.
        var tips: [UInt64: StreamDecoder] = [:]
        /// Delta batches whose predecessor has not been decoded yet, by sequence.
        var held: [UInt64: VerifiedEnvelope] = [:]
        /// Sequences that will never decode (their own payload failed, or their predecessor's).
        var dead = SequenceSet()
    }

    /// The schemas, by first sequence (ascending).
    var schemas: [StreamSchema] = []
    /// One segment per schema, keyed by its first sequence.
    var segments: [UInt64: Segment] = [:]
    /// Data batches that arrived before any schema that covers them.
    var waitingForSchema: [UInt64: VerifiedEnvelope] = [:]
    /// Accepted data sequence numbers.
    var accepted = SequenceSet()
    /// The sequence ranges drop notices named for this stream.
    var reportedDrops: [ClosedRange<UInt64>] = []
    /// The report's counters for this stream.
    var stats: CollectorReport.Stream
    /// The device and stream.
    let key: StreamKey

    init(key: StreamKey) {
        self.key = key
        stats = CollectorReport.Stream(device: key.deviceID.description, stream: key.streamID)
    }

    /// The highest sequence decoded so far and its last row's time, µs.
    var newest: (sequence: UInt64, lastMicros: Int64)?

    /// Counts `batch` in ``CollectorReport/Stream/timeReversals`` when it is numbered after the newest
    /// batch decoded so far but its first row is not later than that batch's last.
    mutating func noteTimes(of batch: CollectedBatch, sequence: UInt64) {
        guard let first = batch.timesMicros.first, let last = batch.timesMicros.last else { return }
        if let newest, sequence < newest.sequence { return }
        if let newest, first <= newest.lastMicros { stats.timeReversals += 1 }
        newest = (sequence, last)
    }

    /// The schema that covers `sequence`: the one with the largest first sequence not above it.
    func schema(for sequence: UInt64) -> StreamSchema? {
        schemas.last { $0.firstSequence <= sequence }
    }

    /// Adds or replaces the schema starting at its first sequence.
    mutating func add(_ schema: StreamSchema) throws(CodecError) {
        if let index = schemas.firstIndex(where: { $0.firstSequence == schema.firstSequence }) {
            if schemas[index] == schema { return }
            schemas[index] = schema
        } else {
            schemas.append(schema)
            schemas.sort { $0.firstSequence < $1.firstSequence }
        }
        segments[schema.firstSequence] = Segment(schema: schema, layout: try schema.layout())
        if let latest = schemas.last {
            stats.name = latest.name
            stats.schemaFingerprint = hex16(latest.fingerprint)
        }
    }

    /// Batches held, in all segments and waiting for a schema.
    var heldCount: Int { segments.values.reduce(waitingForSchema.count) { $0 + $1.held.count } }
}

/// `value` as 16 lower-case hexadecimal digits.
func hex16(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}
