// SensorGate — Store: the bounds and policy, from the board file's `storage:` section.

/// What the store does when a bound is reached.
public enum StorePolicy: String, Sendable, Codable, CaseIterable {
    /// Drop the oldest bulk batches until the new batch fits (alarms and events are kept while bulk remains).
    case dropOldestBulk
    /// Thin the oldest bulk data by decimation: drop every other bulk batch of the oldest part, halving its
    /// time resolution while keeping its time span (alarms and events are kept while bulk remains).
    case thinBulk
}

/// The store's bounds. Every field has a documented default (`StoreSettings.default`).
public struct StoreSettings: Sendable, Equatable {
    /// The most the queued batches may take, in bytes: payload plus `rowOverheadBytes` per batch.
    /// Default 64 MiB: about 200 000 batches of 300 bytes, over two days of the reference board at its
    /// batch rate. The database file is larger by SQLite's free space and the WAL (docs/store.md).
    public var maxBytes: Int
    /// Bulk batches older than this (by `createdMicros`) are dropped with reason `age`. Default 7 days.
    /// Alarms and events do not expire; only the byte bound can drop them, and only when no bulk remains.
    public var maxAgeSeconds: Int64
    /// What to drop when `maxBytes` is reached. Default `.dropOldestBulk`.
    public var policy: StorePolicy
    /// The bytes charged per batch on top of its payload (row header, index entries, stream and priority
    /// columns). Default 48.
    public var rowOverheadBytes: Int
    /// `.thinBulk` thins until the queue is at most this fraction of `maxBytes` (with the new batch), so that
    /// a thinning pass halves a stretch of data rather than one batch at a time. Default 0.9.
    public var thinTargetFraction: Double
    /// The largest payload accepted, in bytes; larger appends throw `tooLarge`. Default 1 MiB.
    public var maxBatchBytes: Int

    /// Creates settings; omitted values take their defaults.
    public init(
        maxBytes: Int = 64 << 20, maxAgeSeconds: Int64 = 7 * 86_400, policy: StorePolicy = .dropOldestBulk,
        rowOverheadBytes: Int = 48, thinTargetFraction: Double = 0.9, maxBatchBytes: Int = 1 << 20
    ) {
        self.maxBytes = maxBytes
        self.maxAgeSeconds = maxAgeSeconds
        self.policy = policy
        self.rowOverheadBytes = rowOverheadBytes
        self.thinTargetFraction = thinTargetFraction
        self.maxBatchBytes = maxBatchBytes
    }

    /// The defaults: 64 MiB, 7 days, drop oldest bulk.
    public static let `default` = StoreSettings()

    /// The bytes a batch with `payloadBytes` of payload is charged.
    func chargedBytes(payloadBytes: Int) -> Int { payloadBytes + rowOverheadBytes }
}
