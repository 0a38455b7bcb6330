// SensorGate — Store: counting drops by stream and reason, persisted until reported upstream.

import GRDB

/// A drop counter's key.
struct DropKey: Hashable {
    var stream: UInt32
    var reason: DropReason
}

/// A row leaving the queue without being sent.
struct Victim {
    var stream: UInt32
    var sequence: UInt64
    var payloadBytes: Int
}

extension StoreCore {
    /// Adds drops to the counters in `db` (inside the caller's transaction).
    static func count(
        _ db: Database, stream: UInt32, reason: DropReason, batches: Int, bytes: Int, first: UInt64, last: UInt64
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO drop_count(stream, reason, batches, bytes, first_sequence, last_sequence)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(stream, reason) DO UPDATE SET
                    batches = batches + excluded.batches, bytes = bytes + excluded.bytes,
                    first_sequence = min(first_sequence, excluded.first_sequence),
                    last_sequence = max(last_sequence, excluded.last_sequence)
                """,
            arguments: [
                Int64(stream), reason.rawValue, batches, bytes, Int64(clamping: first), Int64(clamping: last),
            ])
    }

    /// Deletes `victims` from the queue and counts them under `reason`; returns the charged bytes freed.
    func remove(_ victims: [Victim], reason: DropReason, in db: Database) throws -> Int {
        guard !victims.isEmpty else { return 0 }
        var byStream: [UInt32: DropCount] = [:]
        let delete = try db.cachedStatement(sql: "DELETE FROM batch WHERE stream = ? AND sequence = ?")
        var freed = 0
        for victim in victims {
            try delete.execute(arguments: [Int64(victim.stream), Int64(clamping: victim.sequence)])
            freed += settings.chargedBytes(payloadBytes: victim.payloadBytes)
            byStream[victim.stream, default: Self.emptyCount(victim.stream, reason, victim.sequence)].add(victim)
        }
        for count in byStream.values {
            try Self.count(
                db, stream: count.stream, reason: reason, batches: count.batches, bytes: count.bytes,
                first: count.firstSequence, last: count.lastSequence)
        }
        return freed
    }

    /// Remembers a batch that could not be stored; the next successful write counts it in the table. Until
    /// then the count is in the drop ledger, so a power cut does not lose it.
    func noteUnsaved(_ batch: StoredBatch, reason: DropReason) {
        let key = DropKey(stream: batch.stream, reason: reason)
        unsavedDrops[key, default: Self.emptyCount(batch.stream, reason, batch.sequence)].add(
            Victim(stream: batch.stream, sequence: batch.sequence, payloadBytes: batch.payload.count))
        ledger?.write(generation: ledgerGeneration, counts: Array(unsavedDrops.values))
    }

    /// Writes the remembered drops into the counters (inside the caller's transaction), with the ledger
    /// generation they came under. The caller calls ``clearUnsavedDrops()`` once the transaction has
    /// committed.
    func writeUnsavedDrops(_ db: Database) throws {
        guard !unsavedDrops.isEmpty else { return }
        for count in unsavedDrops.values {
            try Self.count(
                db, stream: count.stream, reason: count.reason, batches: count.batches, bytes: count.bytes,
                first: count.firstSequence, last: count.lastSequence)
        }
        try db.execute(
            sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('unsaved_drops_generation', ?)",
            arguments: [Int64(clamping: ledgerGeneration)])
    }

    /// After the transaction that wrote them committed: the remembered drops are in the table, and the
    /// ledger's next record takes the next generation (the one on disk is now the database's).
    func clearUnsavedDrops() {
        guard !unsavedDrops.isEmpty else { return }
        unsavedDrops = [:]
        ledgerGeneration += 1
    }

    /// Opens the drop ledger and takes back the drops of a record the database has not absorbed (the
    /// gateway lost power while the disk was full).
    func openLedger(absorbed: UInt64) {
        ledger = DropLedger(directory: directory)
        ledgerGeneration = absorbed + 1
        guard let (generation, counts) = ledger?.read(), generation > absorbed, !counts.isEmpty else { return }
        for count in counts { unsavedDrops[DropKey(stream: count.stream, reason: count.reason)] = count }
        ledgerGeneration = generation
    }

    /// Every drop not yet reported: the table's counters plus those not yet written.
    func dropReport() throws(StoreError) -> DropReport {
        var merged: [DropKey: DropCount] = unsavedDrops
        let rows = try storeOperation(databasePath) {
            try queue.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT stream, reason, batches, bytes, first_sequence, last_sequence FROM drop_count")
            }
        }
        for row in rows {
            guard let stream = SQLRow.stream(row, 0), let reason = SQLRow.text(row, 1).flatMap(DropReason.init),
                let batches = SQLRow.int64(row, 2), let bytes = SQLRow.int64(row, 3),
                let first = SQLRow.sequence(row, 4), let last = SQLRow.sequence(row, 5)
            else { continue }
            let key = DropKey(stream: stream, reason: reason)
            var count = merged[key] ?? Self.emptyCount(stream, reason, first)
            count.batches += Int(batches)
            count.bytes += Int(bytes)
            count.firstSequence = min(count.firstSequence, first)
            count.lastSequence = max(count.lastSequence, last)
            merged[key] = count
        }
        let counts = merged.values.map { count in
            var named = count
            named.streamName = names[count.stream] ?? ""
            return named
        }
        return DropReport(counts: counts.sorted { ($0.stream, $0.reason) < ($1.stream, $1.reason) })
    }

    /// Subtracts a report that went upstream from the counters; drops counted since then stay.
    func markDropsReported(_ report: DropReport) throws(StoreError) {
        try storeOperation(databasePath) {
            try queue.write { db in
                try writeUnsavedDrops(db)
                try subtract(report, in: db)
            }
        }
        clearUnsavedDrops()
    }

    /// Subtracts `report` from the counters (inside the caller's transaction, after `writeUnsavedDrops`).
    func subtract(_ report: DropReport, in db: Database) throws {
        let update = try db.cachedStatement(
            sql: """
                UPDATE drop_count SET batches = batches - ?, bytes = max(bytes - ?, 0),
                    first_sequence = max(first_sequence, ? + 1)
                WHERE stream = ? AND reason = ?
                """)
        for count in report.counts {
            try update.execute(arguments: [
                count.batches, count.bytes, Int64(clamping: count.lastSequence), Int64(count.stream),
                count.reason.rawValue,
            ])
        }
        try db.execute(sql: "DELETE FROM drop_count WHERE batches <= 0")
    }

    private static func emptyCount(_ stream: UInt32, _ reason: DropReason, _ sequence: UInt64) -> DropCount {
        DropCount(
            stream: stream, streamName: "", reason: reason, batches: 0, bytes: 0, firstSequence: sequence,
            lastSequence: sequence)
    }
}

extension DropCount {
    /// Counts one more dropped batch.
    fileprivate mutating func add(_ victim: Victim) {
        batches += 1
        bytes += victim.payloadBytes
        firstSequence = min(firstSequence, victim.sequence)
        lastSequence = max(lastSequence, victim.sequence)
    }
}
