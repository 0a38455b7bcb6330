// SensorGate — Collector: the summary of a collection run.

import Envelope

/// What the collector received and what became of it; `Codable` for `--report FILE.json`.
///
/// Every envelope received is counted exactly once in ``received``: as accepted (then as a schema, a
/// decoded batch, a held batch or an undecodable one), as a duplicate, or as rejected by kind.
public struct CollectorReport: Sendable, Equatable, Codable {
    /// One device's stream.
    public struct Stream: Sendable, Equatable, Codable {
        /// The device ID (16 base32 characters).
        public var device: String
        /// The stream ID.
        public var stream: UInt32
        /// The stream's name from its latest schema ("" before any).
        public var name: String = ""
        /// The latest schema's fingerprint, 16 hexadecimal digits ("" before any).
        public var schemaFingerprint: String = ""
        /// Batches decoded.
        public var batches = 0
        /// Of which key batches.
        public var keyBatches = 0
        /// Rows decoded (samples per channel).
        public var samples = 0
        /// Sequence numbers missing between the lowest and highest accepted batch.
        public var sequenceGaps: UInt64 = 0
        /// Of those, the ones no drop notice from the gateway covers: lost in transit, or a bug.
        public var unexplainedGaps: UInt64 = 0
        /// Batches the gateway reported dropped on this stream (drop notices on the control stream).
        public var droppedByGateway = 0
        /// The same, by reason (`age`, `byteLimit`, `diskFull`, ...; `code-N` for a reason this version
        /// does not know).
        public var droppedByReason: [String: Int] = [:]
        /// The lowest accepted sequence number.
        public var firstSequence: UInt64?
        /// The highest accepted sequence number.
        public var lastSequence: UInt64?
        /// Delta batches still waiting for their predecessor (or, without a schema, for the schema).
        public var held = 0
        /// Batches given up on: their predecessor never came, or their payload did not decode.
        public var undecodable = 0
        /// Batches whose first row is not later than the last row of the newest earlier-numbered batch:
        /// time that went backwards on the stream (0 from a SensorGate gateway, whatever its clock did).
        public var timeReversals = 0
    }

    /// Envelopes handed to the collector.
    public var received = 0
    /// Envelopes the verifier accepted (authentic, fresh).
    public var accepted = 0
    /// Envelopes seen before (verifier: `replay` or `stale`): delivered twice, not forged.
    public var duplicates = 0
    /// Envelopes refused for any other reason, by ``EnvelopeError/Kind`` raw value (`badSignature`,
    /// `unknownDevice`, `truncated`, ...).
    public var rejected: [String: Int] = [:]
    /// Schemas accepted on the control stream.
    public var schemas = 0
    /// Control-stream payloads that were not a valid schema or notice.
    public var badSchemas = 0
    /// Drop notices accepted on the control stream.
    public var dropNotices = 0
    /// Clock-step notices accepted on the control stream.
    public var clockStepNotices = 0
    /// Steps of the gateways' system clocks they reported.
    public var clockSteps = 0
    /// Of those, backward steps the gateways held (their times run ahead of their system clock since).
    public var heldClockSteps = 0
    /// Per device ID, how far its times ran ahead of its system clock at its latest reported step, µs.
    public var clockAheadMicros: [String: Int64] = [:]
    /// Per stream, ordered by device and stream.
    public var streams: [Stream] = []

    /// All envelopes rejected (duplicates not included).
    public var totalRejected: Int { rejected.values.reduce(0, +) }
}
