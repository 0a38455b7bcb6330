// SensorGate — Store: what to send next, checked against its CRC; acknowledgement; quarantine.

import GRDB

/// A row whose checksum (or columns) did not hold when read, by its key columns as stored.
struct DamagedRow {
    var stream: DatabaseValue
    var sequence: DatabaseValue
    var storedCRC: Int64
    var actualCRC: Int64
}

extension StoreCore {
    /// Up to `limit` batches, alarms first, then events, then bulk, oldest first within each, skipping `inFlight`.
    /// A row whose payload fails its CRC-32C is moved to quarantine and counted as a `corrupt` drop, never returned.
    func pending(limit: Int, excluding inFlight: Set<BatchKey>) throws(StoreError) -> [StoredBatch] {
        // An empty store needs no query: a delivery asks after every sealing round, mostly for nothing.
        guard limit > 0, totalBatches > 0 else { return [] }
        var found: [StoredBatch] = []
        var damaged: [DamagedRow] = []
        try storeOperation(databasePath) {
            try queue.read { db in
                let cursor = try Row.fetchCursor(
                    db.cachedStatement(
                        sql: """
                            SELECT stream, sequence, priority, created_us, crc, payload FROM batch
                            ORDER BY priority, created_us, stream, sequence
                            """))
                while found.count < limit, let row = try cursor.next() {
                    let storedCRC = SQLRow.int64(row, 4) ?? -1
                    guard let stream = SQLRow.stream(row, 0), let sequence = SQLRow.sequence(row, 1),
                        let priority = SQLRow.int64(row, 2).flatMap({ BatchPriority(rawValue: Int($0)) }),
                        let created = SQLRow.int64(row, 3), let payload = SQLRow.blob(row, 5)
                    else {
                        damaged.append(
                            DamagedRow(stream: row[0], sequence: row[1], storedCRC: storedCRC, actualCRC: -1))
                        continue
                    }
                    if inFlight.contains(BatchKey(stream: stream, sequence: sequence)) { continue }
                    let actual = Int64(CRC32C.checksum(payload))
                    guard actual == storedCRC else {
                        damaged.append(
                            DamagedRow(stream: row[0], sequence: row[1], storedCRC: storedCRC, actualCRC: actual))
                        continue
                    }
                    found.append(
                        StoredBatch(
                            stream: stream, streamName: names[stream] ?? "", sequence: sequence, priority: priority,
                            createdMicros: created, payload: payload))
                }
            }
        }
        if !damaged.isEmpty { try quarantine(damaged) }
        return found
    }

    /// Moves damaged rows to the quarantine table (at most `quarantineLimit` kept) and counts them as drops.
    func quarantine(_ rows: [DamagedRow]) throws(StoreError) {
        let now = clock.nowMicros()
        var freed = (bytes: 0, batches: 0)
        try storeOperation(databasePath) {
            try queue.write { db in
                freed = (0, 0)
                try writeUnsavedDrops(db)
                var victims: [Victim] = []
                for damaged in rows {
                    let key: StatementArguments = [damaged.stream, damaged.sequence]
                    guard
                        let row = try Row.fetchOne(
                            db,
                            sql:
                                "SELECT stream, sequence, length(payload) FROM batch WHERE stream = ? AND sequence = ?",
                            arguments: key)
                    else { continue }
                    let victim = Self.victim(row)
                    try db.execute(
                        sql: """
                            INSERT INTO quarantine(stream, sequence, priority, created_us, stored_crc, actual_crc, bytes,
                                payload, quarantined_us)
                            SELECT ?, ?, coalesce(CAST(priority AS INTEGER), -1), coalesce(CAST(created_us AS INTEGER), 0),
                                ?, ?, coalesce(length(payload), 0), payload, ? FROM batch WHERE stream = ? AND sequence = ?
                            """,
                        arguments: [
                            Int64(victim?.stream ?? 0), Int64(clamping: victim?.sequence ?? 0), damaged.storedCRC,
                            damaged.actualCRC, now,
                        ] + key)
                    if let victim {
                        victims.append(victim)
                    } else {
                        // Key columns unreadable as numbers: delete by what is stored, count under stream 0.
                        try db.execute(sql: "DELETE FROM batch WHERE stream = ? AND sequence = ?", arguments: key)
                        try Self.count(db, stream: 0, reason: .corrupt, batches: 1, bytes: 0, first: 0, last: 0)
                        freed = (freed.bytes + settings.rowOverheadBytes, freed.batches + 1)
                    }
                }
                let removed = try remove(victims, reason: .corrupt, in: db)
                freed = (freed.bytes + removed, freed.batches + victims.count)
                try db.execute(
                    sql: "DELETE FROM quarantine WHERE id <= (SELECT max(id) FROM quarantine) - ?",
                    arguments: [Self.quarantineLimit])
            }
        }
        clearUnsavedDrops()
        totalBytes -= freed.bytes
        totalBatches -= freed.batches
    }

    /// The most rows the quarantine table keeps (the oldest go first); drops stay counted regardless.
    static let quarantineLimit = 1000

    /// Deletes the acknowledged batches; returns how many were queued (a repeated acknowledgement finds none).
    func acknowledge(_ keys: [BatchKey]) throws(StoreError) -> Int {
        var removed = (bytes: 0, batches: 0)
        try storeOperation(databasePath) {
            try queue.write { db in
                removed = (0, 0)
                try writeUnsavedDrops(db)
                let find = try db.cachedStatement(
                    sql: "SELECT length(payload) FROM batch WHERE stream = ? AND sequence = ?")
                let delete = try db.cachedStatement(sql: "DELETE FROM batch WHERE stream = ? AND sequence = ?")
                for key in keys {
                    let arguments: StatementArguments = [Int64(key.stream), Int64(clamping: key.sequence)]
                    guard let bytes = try Int.fetchOne(find, arguments: arguments) else { continue }
                    try delete.execute(arguments: arguments)
                    removed.bytes += settings.chargedBytes(payloadBytes: bytes)
                    removed.batches += 1
                }
            }
        }
        clearUnsavedDrops()
        totalBytes -= removed.bytes
        totalBatches -= removed.batches
        return removed.batches
    }
}
