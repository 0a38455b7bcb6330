// SensorGate — Store: what is queued, by stream and priority, and what is in quarantine.

/// The queue's depth for one stream and priority.
public struct StreamDepth: Hashable, Sendable, Codable {
    /// The stream ID.
    public var stream: UInt32
    /// The stream's name.
    public var streamName: String
    /// The priority.
    public var priority: BatchPriority
    /// Batches queued.
    public var batches: Int
    /// Their payload bytes.
    public var payloadBytes: Int
    /// The oldest batch's start, µs since 1970 (UTC).
    public var oldestCreatedMicros: Int64
    /// The lowest and highest sequence numbers queued.
    public var lowestSequence: UInt64
    /// The highest sequence number queued.
    public var highestSequence: UInt64
}

/// A row that failed its checksum, kept for inspection (its payload stays in the table, never sent).
public struct QuarantinedBatch: Hashable, Sendable, Codable {
    /// The stream ID as read from the damaged row.
    public var stream: UInt32
    /// The sequence number as read from the damaged row.
    public var sequence: UInt64
    /// The priority as read (-1 when unreadable).
    public var priority: Int
    /// The batch's start as read, µs since 1970 (UTC).
    public var createdMicros: Int64
    /// The CRC-32C stored with the row.
    public var storedCRC: Int64
    /// The CRC-32C of the payload as read (-1 when the payload was unreadable).
    public var actualCRC: Int64
    /// The payload's length.
    public var bytes: Int
    /// When it was quarantined, µs since 1970 (UTC).
    public var quarantinedMicros: Int64
}

/// A snapshot of the store for `sensorgate store inspect` and the runtime's metrics.
public struct StoreStatistics: Sendable, Codable, Equatable {
    /// Batches queued.
    public var batches: Int
    /// Their charged bytes (the figure `maxBytes` bounds).
    public var chargedBytes: Int
    /// The bound.
    public var maxBytes: Int
    /// Depth per stream and priority, sorted by priority then stream.
    public var depths: [StreamDepth]
    /// The next sequence number per stream (as committed).
    public var nextSequences: [UInt32: UInt64]
    /// Rows in quarantine, oldest first.
    public var quarantined: [QuarantinedBatch]
    /// The database file's size, and the WAL's, in bytes.
    public var databaseFileBytes: Int64
    /// The WAL file's size in bytes.
    public var walFileBytes: Int64

    /// Batches queued at `priority`.
    public func batches(priority: BatchPriority) -> Int {
        depths.filter { $0.priority == priority }.reduce(0) { $0 + $1.batches }
    }
}
