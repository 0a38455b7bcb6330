// SensorGate — Store: one sealed batch as the store keeps it.

/// How urgently a batch goes upstream. Alarms first, then events, then bulk data; oldest first within each.
public enum BatchPriority: Int, Comparable, CaseIterable, Sendable, Codable {
    /// Threshold alarms: sent first, never dropped while bulk data remains.
    case alarm = 0
    /// Detected events (a shock, a state change): after alarms, never dropped while bulk data remains.
    case event = 1
    /// Periodic sensor data: the bounds' policy drops or thins it first.
    case bulk = 2

    /// Orders by urgency: `.alarm < .event < .bulk`.
    public static func < (lhs: BatchPriority, rhs: BatchPriority) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The lower-case name used in reports (`alarm`, `event`, `bulk`).
    public var name: String {
        switch self {
        case .alarm: "alarm"
        case .event: "event"
        case .bulk: "bulk"
        }
    }
}

/// A batch's identity: the envelope's stream ID and sequence number (unique per device).
public struct BatchKey: Hashable, Sendable, Codable {
    /// The envelope's stream ID.
    public var stream: UInt32
    /// The envelope's sequence number on that stream.
    public var sequence: UInt64

    /// Creates a key.
    public init(stream: UInt32, sequence: UInt64) {
        self.stream = stream
        self.sequence = sequence
    }
}

/// A sealed batch: the signed envelope's bytes and what the store needs to order, bound and acknowledge it.
public struct StoredBatch: Hashable, Sendable {
    /// The envelope's stream ID.
    public var stream: UInt32
    /// The stream's name (for reports; the store keeps one name per stream ID, the latest appended).
    public var streamName: String
    /// The envelope's sequence number: never reused on a stream (see `BatchStore.nextSequence(stream:)`).
    public var sequence: UInt64
    /// The sending priority.
    public var priority: BatchPriority
    /// The batch's start, in µs since 1970-01-01T00:00:00Z (UTC); orders batches within a priority.
    public var createdMicros: Int64
    /// The time of the batch's last sample, µs since 1970 (UTC); ≥ `createdMicros`. The store keeps the
    /// latest of all (``BatchStore/latestTimeMicros``), so that a restarted gateway never dates a sample
    /// before one it already stored.
    public var endMicros: Int64
    /// The signed (or sealed) envelope bytes, opaque to the store.
    public var payload: [UInt8]

    /// Creates a batch.
    public init(
        stream: UInt32, streamName: String, sequence: UInt64, priority: BatchPriority, createdMicros: Int64,
        endMicros: Int64? = nil, payload: [UInt8]
    ) {
        self.stream = stream
        self.streamName = streamName
        self.sequence = sequence
        self.priority = priority
        self.createdMicros = createdMicros
        self.endMicros = max(endMicros ?? createdMicros, createdMicros)
        self.payload = payload
    }

    /// The batch's key.
    public var key: BatchKey { BatchKey(stream: stream, sequence: sequence) }
}
