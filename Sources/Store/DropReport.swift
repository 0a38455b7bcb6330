// SensorGate — Store: what was dropped, by stream and reason, until it is reported upstream.

/// Why a batch never went upstream.
public enum DropReason: String, Sendable, Codable, CaseIterable, Comparable {
    /// `.dropOldestBulk`: an old bulk batch made room under `maxBytes`.
    case byteLimit
    /// `.thinBulk`: a bulk batch removed by decimation under `maxBytes`.
    case thinned
    /// An alarm or event removed under `maxBytes` because no bulk batch remained to drop.
    case byteLimitNoBulk
    /// A bulk batch older than `maxAgeSeconds`.
    case age
    /// The batch was never stored: the device was full (ENOSPC, SQLITE_FULL).
    case diskFull
    /// The batch was never stored: larger than `maxBatchBytes` or than the whole store.
    case tooLarge
    /// The stored bytes failed their checksum when read; the row is in quarantine.
    case corrupt
    /// The batch was never stored for another reason (an I/O error, a read-only store).
    case notStored

    /// Orders reasons by name, for stable reports.
    public static func < (lhs: DropReason, rhs: DropReason) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The drops of one stream for one reason since they were last reported.
public struct DropCount: Hashable, Sendable, Codable {
    /// The stream ID.
    public var stream: UInt32
    /// The stream's name, as last appended.
    public var streamName: String
    /// Why.
    public var reason: DropReason
    /// How many batches.
    public var batches: Int
    /// Their payload bytes.
    public var bytes: Int
    /// The lowest sequence number dropped.
    public var firstSequence: UInt64
    /// The highest sequence number dropped.
    public var lastSequence: UInt64

    /// Creates a count.
    public init(
        stream: UInt32, streamName: String, reason: DropReason, batches: Int, bytes: Int, firstSequence: UInt64,
        lastSequence: UInt64
    ) {
        self.stream = stream
        self.streamName = streamName
        self.reason = reason
        self.batches = batches
        self.bytes = bytes
        self.firstSequence = firstSequence
        self.lastSequence = lastSequence
    }
}

/// Every drop not yet reported upstream, one count per stream and reason, sorted by stream then reason.
public struct DropReport: Hashable, Sendable, Codable {
    /// The counts.
    public var counts: [DropCount]

    /// Creates a report.
    public init(counts: [DropCount]) { self.counts = counts }

    /// True when nothing was dropped.
    public var isEmpty: Bool { counts.isEmpty }

    /// The batches dropped on `stream` (for every reason, or one).
    public func batches(stream: UInt32, reason: DropReason? = nil) -> Int {
        counts.filter { $0.stream == stream && (reason == nil || $0.reason == reason) }.reduce(0) { $0 + $1.batches }
    }

    /// The batches dropped for `reason` on every stream.
    public func batches(reason: DropReason) -> Int {
        counts.filter { $0.reason == reason }.reduce(0) { $0 + $1.batches }
    }
}
