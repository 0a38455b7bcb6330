// SensorGate — Store: the connection and the in-memory state beside it; opening and recovery.

import Foundation
import GRDB

/// What the store keeps in memory beside the database, so that the common paths need no scan.
///
/// Not Sendable: `BatchStore` holds it inside a `Mutex`, so one caller at a time uses it.
final class StoreCore {
    let directory: String
    let databasePath: String
    let settings: StoreSettings
    let clock: any StoreClock
    let queue: DatabaseQueue

    /// Batches queued and their charged bytes (payload plus `rowOverheadBytes` each).
    var totalBatches: Int
    var totalBytes: Int
    /// Stream names, as last appended.
    var names: [UInt32: String]
    /// The next sequence number per stream as committed, and as handed out by `nextSequence`.
    var committedNext: [UInt32: UInt64]
    var reservedNext: [UInt32: UInt64]
    /// Where a stream with no state starts: 0 in a new store; the time in µs in a store started afresh after
    /// the old one was found damaged, so that no number the old store handed out is used again.
    let sequenceBase: UInt64
    /// The latest time any stored batch reaches (its end), µs since 1970: where a restarted gateway's
    /// timeline starts at the earliest (`stream.latest_us`, committed with each batch in the stream's row,
    /// which every append writes anyway).
    var latestTimeMicros: Int64?
    /// Drops not yet written to the table (the write that would record them failed, e.g. the disk was full).
    var unsavedDrops: [DropKey: DropCount] = [:]
    /// Where `unsavedDrops` survive a power cut; nil for a store in memory or a folder that cannot hold it.
    var ledger: DropLedger?
    /// The generation the ledger's record is written under: one above what the database has absorbed.
    var ledgerGeneration: UInt64 = 1

    deinit { ledger?.close() }

    private init(
        directory: String, databasePath: String, settings: StoreSettings, clock: any StoreClock, queue: DatabaseQueue,
        state: LoadedState
    ) {
        self.directory = directory
        self.databasePath = databasePath
        self.settings = settings
        self.clock = clock
        self.queue = queue
        totalBatches = state.batches
        totalBytes = state.payloadBytes + state.batches * settings.rowOverheadBytes
        names = state.names
        committedNext = state.next
        reservedNext = [:]
        sequenceBase = state.sequenceBase
        latestTimeMicros = state.latestTimeMicros
    }

    /// What `load` reads at open.
    struct LoadedState {
        var batches = 0
        var payloadBytes = 0
        var quarantined = 0
        var names: [UInt32: String] = [:]
        var next: [UInt32: UInt64] = [:]
        var sequenceBase: UInt64 = 0
        var latestTimeMicros: Int64?
        var created = false
        /// The drop ledger's generation the database holds (`meta.unsaved_drops_generation`).
        var absorbedLedgerGeneration: UInt64 = 0
    }

    /// Opens the store in `directory`, or recovers it: a damaged database is moved aside and a fresh one started.
    static func open(
        directory: String, settings: StoreSettings, clock: any StoreClock
    ) throws(StoreError) -> (StoreCore, StoreRecovery) {
        let started = ContinuousClock.now
        try StoreDirectory.ensure(directory)
        try StoreDirectory.probeWritable(directory)
        let path = directory + "/" + StoreSchema.fileName
        var movedTo: String?
        var reason: String?
        var opened: (DatabaseQueue, LoadedState)
        do throws(StoreError) {
            opened = try load(path, sequenceBase: 0)
        } catch  where error.kind == .corrupt {
            movedTo = try StoreDirectory.moveAside(database: path, directory: directory, nowMicros: clock.nowMicros())
            reason = error.detail
            opened = try load(path, sequenceBase: UInt64(max(clock.nowMicros(), 0)))
        }
        let (queue, state) = opened
        let core = StoreCore(
            directory: directory, databasePath: path, settings: settings, clock: clock, queue: queue, state: state)
        core.openLedger(absorbed: state.absorbedLedgerGeneration)
        let recovery = StoreRecovery(
            duration: ContinuousClock.now - started, pendingBatches: core.totalBatches, pendingBytes: core.totalBytes,
            quarantinedRows: state.quarantined, created: state.created && movedTo == nil,
            corruptStoreMovedTo: movedTo, corruptReason: reason)
        return (core, recovery)
    }

    /// A store in memory only, for a gateway whose state folder cannot be written: the same tables and
    /// semantics, no durability. Its sequence numbers start at the current time in µs, as a store started
    /// afresh does, so they never collide with those of the disk store once it is back.
    static func openInMemory(
        settings: StoreSettings, clock: any StoreClock, why: String
    ) throws(StoreError) -> (StoreCore, StoreRecovery) {
        let started = ContinuousClock.now
        let path = ":memory:"
        let state = try storeOperation(path) {
            var configuration = Configuration()
            configuration.label = "sensorgate.store.memory"
            let queue = try DatabaseQueue(configuration: configuration)
            let state = try queue.write { db in
                try readState(db, path: path, sequenceBase: UInt64(max(clock.nowMicros(), 0)))
            }
            return (queue, state)
        }
        let core = StoreCore(
            directory: path, databasePath: path, settings: settings, clock: clock, queue: state.0, state: state.1)
        var recovery = StoreRecovery(
            duration: ContinuousClock.now - started, pendingBatches: 0, pendingBytes: 0, quarantinedRows: 0,
            created: true)
        recovery.volatileBecause = why
        return (core, recovery)
    }

    /// Opens the database at `path`, creates its tables when new, checks its structure (`PRAGMA quick_check`)
    /// and reads the state kept in memory. Throws `.corrupt` when the file is not a sound database.
    private static func load(_ path: String, sequenceBase: UInt64) throws(StoreError) -> (DatabaseQueue, LoadedState) {
        let queue = try storeOperation(path) {
            try DatabaseQueue(path: path, configuration: StoreSchema.configuration())
        }
        do {
            let state = try storeOperation(path) {
                try queue.writeWithoutTransaction { db -> LoadedState in
                    let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
                    guard mode.lowercased() == "wal" else {
                        throw StoreError(.io, path: path, detail: "cannot switch the database to WAL (mode \(mode))")
                    }
                    var state = LoadedState()
                    try db.inTransaction(.immediate) {
                        state = try readState(db, path: path, sequenceBase: sequenceBase)
                        return .commit
                    }
                    return state
                }
            }
            return (queue, state)
        } catch {
            try? queue.close()
            throw error
        }
    }
}

extension StoreCore {
    /// Creates the tables in a new database, checks the structure of an existing one, and reads the state.
    fileprivate static func readState(_ db: Database, path: String, sequenceBase: UInt64) throws -> LoadedState {
        var state = LoadedState()
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if version == 0 {
            let objects = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
            guard objects == 0 else {
                throw StoreError(.corrupt, path: path, detail: "not a SensorGate store (\(objects) foreign tables)")
            }
            try StoreSchema.create(db)
            try db.execute(
                sql: "INSERT INTO meta(key, value) VALUES ('sequence_base', ?)",
                arguments: [Int64(clamping: sequenceBase)])
            state.created = true
        } else if version == 1 {
            try StoreSchema.migrate(db, from: version)
        } else if version != StoreSchema.version {
            throw StoreError(
                .io, path: path, detail: "store format \(version); this gateway reads format \(StoreSchema.version)",
                hint: "run the gateway version that wrote it, or move the file aside")
        }
        let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
        guard check == ["ok"] else {
            throw StoreError(
                .corrupt, path: path, detail: "integrity check: " + check.prefix(3).joined(separator: "; "))
        }
        if let row = try Row.fetchOne(db, sql: "SELECT count(*), coalesce(sum(length(payload)), 0) FROM batch") {
            state.batches = Int(SQLRow.int64(row, 0) ?? 0)
            state.payloadBytes = Int(SQLRow.int64(row, 1) ?? 0)
        }
        state.quarantined = try Int.fetchOne(db, sql: "SELECT count(*) FROM quarantine") ?? 0
        for row in try Row.fetchAll(db, sql: "SELECT stream, name, next_sequence FROM stream") {
            guard let stream = SQLRow.stream(row, 0), let next = SQLRow.sequence(row, 2) else { continue }
            state.names[stream] = SQLRow.text(row, 1) ?? ""
            state.next[stream] = next
        }
        let base = try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'sequence_base'") ?? 0
        state.sequenceBase = UInt64(max(base, 0))
        let absorbed = try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'unsaved_drops_generation'") ?? 0
        state.absorbedLedgerGeneration = UInt64(max(absorbed, 0))
        let latest = try Int64.fetchOne(db, sql: "SELECT max(latest_us) FROM stream") ?? 0
        state.latestTimeMicros = latest > 0 ? latest : nil
        return state
    }
}

/// Reads columns without trapping on a value of the wrong type (a damaged row must not stop the gateway).
enum SQLRow {
    static func int64(_ row: Row, _ index: Int) -> Int64? {
        Int64.fromDatabaseValue(row[index] as DatabaseValue)
    }

    static func stream(_ row: Row, _ index: Int) -> UInt32? {
        int64(row, index).flatMap { UInt32(exactly: $0) }
    }

    static func sequence(_ row: Row, _ index: Int) -> UInt64? {
        int64(row, index).flatMap { UInt64(exactly: $0) }
    }

    static func text(_ row: Row, _ index: Int) -> String? {
        String.fromDatabaseValue(row[index] as DatabaseValue)
    }

    static func blob(_ row: Row, _ index: Int) -> [UInt8]? {
        if case .blob(let data) = (row[index] as DatabaseValue).storage { return [UInt8](data) }
        return nil
    }
}
