// SensorGate — Store: the durable batch store, the one type the runtime uses.

import Synchronization

/// The durable queue of sealed batches between the batcher and the uplink.
///
/// A batch is durable when `append` returns (SQLite in WAL mode with `synchronous=FULL`: the commit's WAL
/// frames are fsync'd), and leaves the store only when the upstream acknowledges it (`acknowledge`), when a
/// bound drops it (counted in `dropReport()`), or when its checksum fails on reading (quarantined, counted).
/// `pending` returns alarms first, then events, then bulk, oldest first within each. docs/store.md has the
/// design and its measurements.
///
/// Safe to share between the batcher thread and the uplink task: every call holds one lock for its whole
/// duration, so calls are serialised (each is one short SQLite transaction).
public final class BatchStore: Sendable {
    /// The state folder.
    public let directory: String
    /// The bounds and policy.
    public let settings: StoreSettings
    /// What opening the store found and did.
    public let recovery: StoreRecovery
    private let core: Mutex<StoreCore>

    /// Opens the store in `directory` (created, mode 0700, when missing), or recovers it after a crash or power
    /// cut. A damaged database is moved aside to `store.corrupt-<UTC time>` and a fresh store started;
    /// `recovery` says so.
    /// - Parameters:
    ///   - directory: the state folder (the database is `store.sqlite` inside it).
    ///   - settings: the bounds and policy.
    ///   - clock: UTC time, for the age bound and time stamps.
    /// - Throws: `StoreError` `.readOnly` when the folder cannot be written, `.busy` when another process holds
    ///   the store, `.io` or `.diskFull` when the device fails.
    public init(
        directory: String, settings: StoreSettings = .default, clock: any StoreClock = SystemStoreClock()
    ) throws(StoreError) {
        let (core, recovery) = try StoreCore.open(directory: directory, settings: settings, clock: clock)
        self.directory = directory
        self.settings = settings
        self.recovery = recovery
        self.core = Mutex(core)
    }

    /// A store in memory only, for when the state folder cannot be used (``StoreError/Kind/readOnly``,
    /// `.diskFull`, `.io` at open): same ordering, bounds and drop counting, no durability. The gateway
    /// keeps sampling and delivering, and says loudly that batches are not durable (`recovery`'s
    /// `volatileBecause`). `directory` is `:memory:`.
    /// - Parameters:
    ///   - settings: the bounds and policy (the byte bound now limits memory).
    ///   - clock: UTC time.
    ///   - why: the open's error, for the report.
    /// - Throws: `StoreError` when even an in-memory database cannot be created.
    public static func inMemory(
        settings: StoreSettings = .default, clock: any StoreClock = SystemStoreClock(), why: String
    ) throws(StoreError) -> BatchStore {
        let (core, recovery) = try StoreCore.openInMemory(settings: settings, clock: clock, why: why)
        return BatchStore(core: core, settings: settings, recovery: recovery)
    }

    private init(core: sending StoreCore, settings: StoreSettings, recovery: StoreRecovery) {
        directory = core.directory
        self.settings = settings
        self.recovery = recovery
        self.core = Mutex(core)
    }

    /// True when the store is in memory only (``inMemory(settings:clock:why:)``).
    public var isVolatile: Bool { recovery.volatileBecause != nil }

    /// The latest time any batch this store ever committed reaches (its last sample), µs since 1970 (UTC);
    /// nil for a store that never held one. A restarted gateway starts its timeline after it.
    public var latestTimeMicros: Int64? { core.withLock { $0.latestTimeMicros } }

    /// The next sequence number for `stream`: one more than any this store handed out or committed. `append`
    /// commits it with the batch, so a restarted gateway never reuses a number of a stored batch.
    /// - Parameter stream: the envelope stream ID.
    /// - Returns: the number to put in the batch's envelope.
    public func nextSequence(stream: UInt32) -> UInt64 {
        core.withLock { $0.nextSequence(stream: stream) }
    }

    /// Stores `batch`; it is on the device when this returns. Expired and, under the policy, old batches are
    /// dropped (and counted) in the same transaction to keep the bounds.
    /// - Parameter batch: the sealed batch.
    /// - Returns: `.stored`, or `.droppedByPolicy` when everything queued outranks it and the store is full.
    /// - Throws: `.diskFull` (the batch is counted as dropped; later appends succeed once space returns),
    ///   `.tooLarge`, `.duplicate` (a sequence number at or below one already stored on the stream), `.readOnly`,
    ///   `.io`, `.corrupt`.
    @discardableResult
    public func append(_ batch: StoredBatch) throws(StoreError) -> AppendOutcome {
        try core.withLock { (core) throws(StoreError) in try core.append(batch) }
    }

    /// Stores `notice`, the batch that carries `report` upstream, and subtracts `report` from the drop
    /// counters in the same transaction: after a crash the drops are either still counted or in the queued
    /// notice, never both and never neither.
    /// - Returns: as ``append(_:)``; on `.droppedByPolicy` the counters are unchanged.
    /// - Throws: as ``append(_:)``; the counters are unchanged.
    @discardableResult
    public func append(_ notice: StoredBatch, reporting report: DropReport) throws(StoreError) -> AppendOutcome {
        try core.withLock { (core) throws(StoreError) in try core.append(notice, reporting: report) }
    }

    /// Stores several batches in one transaction: one fsync for all (a group commit). Each batch keeps
    /// `append`'s semantics; a batch the bounds would refuse makes the store fall back to one commit per batch.
    /// - Parameter batches: sealed batches, in sequence order per stream.
    /// - Throws: as `append`; on `.diskFull` none of them is stored and all are counted as dropped.
    public func append(contentsOf batches: [StoredBatch]) throws(StoreError) {
        try core.withLock { (core) throws(StoreError) in try core.append(contentsOf: batches) }
    }

    /// The next batches to send: alarms, then events, then bulk; oldest first within a priority.
    /// - Parameters:
    ///   - limit: at most this many.
    ///   - inFlight: batches sent and not yet acknowledged, to skip.
    /// - Returns: the batches, each checked against its CRC-32C (a row that fails is quarantined instead).
    /// - Throws: `StoreError` when the database cannot be read.
    public func pending(limit: Int, excludingInFlight inFlight: Set<BatchKey> = []) throws(StoreError)
        -> [StoredBatch]
    {
        try core.withLock { (core) throws(StoreError) in try core.pending(limit: limit, excluding: inFlight) }
    }

    /// Deletes a batch the upstream acknowledged (MQTT PUBACK, CoAP ACK).
    /// - Returns: true when it was queued (false for a repeated acknowledgement).
    /// - Throws: `StoreError` when the deletion cannot be committed.
    @discardableResult
    public func acknowledge(stream: UInt32, sequence: UInt64) throws(StoreError) -> Bool {
        try acknowledge([BatchKey(stream: stream, sequence: sequence)]) == 1
    }

    /// Deletes several acknowledged batches in one transaction (one fsync).
    /// - Returns: how many were queued.
    /// - Throws: `StoreError` when the deletion cannot be committed.
    @discardableResult
    public func acknowledge(_ keys: [BatchKey]) throws(StoreError) -> Int {
        try core.withLock { (core) throws(StoreError) in try core.acknowledge(keys) }
    }

    /// Every drop not yet reported upstream, by stream and reason.
    /// - Throws: `StoreError` when the counters cannot be read.
    public func dropReport() throws(StoreError) -> DropReport {
        try core.withLock { (core) throws(StoreError) in try core.dropReport() }
    }

    /// Subtracts a report the upstream received from the counters; drops counted since it was taken stay.
    /// - Parameter report: a report from `dropReport()`.
    /// - Throws: `StoreError` when the counters cannot be written.
    public func markDropsReported(_ report: DropReport) throws(StoreError) {
        try core.withLock { (core) throws(StoreError) in try core.markDropsReported(report) }
    }

    /// The depth per stream and priority, the quarantine and the file sizes (a scan: for tools and metrics).
    /// - Throws: `StoreError` when the database cannot be read.
    public func statistics() throws(StoreError) -> StoreStatistics {
        try core.withLock { (core) throws(StoreError) in try core.statistics() }
    }

    /// Batches queued (kept in memory: no database access).
    public var count: Int { core.withLock { $0.totalBatches } }

    /// Their charged bytes, the figure `maxBytes` bounds (kept in memory).
    public var chargedBytes: Int { core.withLock { $0.totalBytes } }

    /// The database file's path.
    public var databasePath: String { core.withLock { $0.databasePath } }

    /// Limits the database to `pages` pages (SQLite's `max_page_count`), so that a write beyond it fails with
    /// SQLITE_FULL as on a full device; nil lifts the limit. For tests: an unprivileged process cannot make a
    /// small file system.
    func limitPages(_ pages: Int?) throws(StoreError) {
        try core.withLock { (core) throws(StoreError) in try core.limitPages(pages) }
    }
}
