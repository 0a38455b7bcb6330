// SensorGate — Store: what opening the store found and did.

/// What `BatchStore.init` found: how long the open took, what was queued, what it quarantined, and whether
/// it had to start afresh.
public struct StoreRecovery: Sendable, Equatable, CustomStringConvertible {
    /// The open's duration (integrity check included), on the monotonic clock.
    public var duration: Duration
    /// The batches queued after the open.
    public var pendingBatches: Int
    /// Their charged bytes (payload plus `rowOverheadBytes` each).
    public var pendingBytes: Int
    /// Rows in quarantine after the open (found now or earlier).
    public var quarantinedRows: Int
    /// True when the database file did not exist and was created.
    public var created: Bool
    /// Where the old, unreadable store was moved (`store.corrupt-<UTC time>`), when the open found it damaged
    /// and started a fresh store.
    public var corruptStoreMovedTo: String?
    /// Why the old store was unreadable (SQLite's message), when it was moved aside.
    public var corruptReason: String?
    /// Set when the store lives in memory only because the state folder could not be used (read-only,
    /// full, failing): why. Batches are then lost at a power cut or restart.
    public var volatileBecause: String?

    /// Creates a report.
    public init(
        duration: Duration, pendingBatches: Int, pendingBytes: Int, quarantinedRows: Int, created: Bool,
        corruptStoreMovedTo: String? = nil, corruptReason: String? = nil
    ) {
        self.duration = duration
        self.pendingBatches = pendingBatches
        self.pendingBytes = pendingBytes
        self.quarantinedRows = quarantinedRows
        self.created = created
        self.corruptStoreMovedTo = corruptStoreMovedTo
        self.corruptReason = corruptReason
    }

    /// True when the old store was damaged and a fresh one started.
    public var startedFresh: Bool { corruptStoreMovedTo != nil }

    /// One line for the log.
    public var description: String {
        let ms = Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) * 1e-15
        var text =
            "store opened in \(Int(ms.rounded())) ms: \(pendingBatches) batches (\(pendingBytes) bytes) queued, "
            + "\(quarantinedRows) quarantined"
        if created { text += ", new store" }
        if let why = volatileBecause {
            text += "; IN MEMORY ONLY, not durable: \(why)"
        }
        if let moved = corruptStoreMovedTo {
            text += "; the old store was unreadable (\(corruptReason ?? "corrupt")), moved to \(moved); started afresh"
        }
        return text
    }
}
