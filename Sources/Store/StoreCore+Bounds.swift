// SensorGate — Store: the bounds: age, bytes, and the policy that chooses what goes.

import GRDB

extension StoreCore {
    /// Drops bulk batches older than `maxAgeSeconds`; returns the charged bytes and batches freed.
    func expire(now: Int64, in db: Database) throws -> (bytes: Int, batches: Int) {
        let cutoff = now &- settings.maxAgeSeconds &* 1_000_000
        let victims = try Self.victims(
            db,
            sql: """
                SELECT stream, sequence, length(payload) FROM batch
                WHERE priority = 2 AND created_us < ? ORDER BY created_us, stream, sequence
                """, arguments: [cutoff], until: .max, freeingAtLeast: .max, overhead: settings.rowOverheadBytes)
        return (try remove(victims, reason: .age, in: db), victims.count)
    }

    /// Makes room for `incoming` when the queue holds `queued` charged bytes; returns what it freed.
    /// - Throws: `NoRoom` when everything queued outranks the incoming batch.
    func makeRoom(for incoming: StoredBatch, queued: Int, in db: Database) throws -> (bytes: Int, batches: Int) {
        let charged = settings.chargedBytes(payloadBytes: incoming.payload.count)
        let overflow = queued + charged - settings.maxBytes
        guard overflow > 0 else { return (0, 0) }
        var freed = (bytes: 0, batches: 0)
        switch settings.policy {
        case .dropOldestBulk:
            let victims = try Self.victims(
                db,
                sql:
                    """
                    SELECT stream, sequence, length(payload) FROM batch WHERE priority = 2
                    ORDER BY created_us, stream, sequence
                    """,
                arguments: [], until: .max, freeingAtLeast: overflow, overhead: settings.rowOverheadBytes)
            freed = (try remove(victims, reason: .byteLimit, in: db), victims.count)
        case .thinBulk:
            let target = queued + charged - Int(Double(settings.maxBytes) * settings.thinTargetFraction)
            while freed.bytes < max(target, overflow) {
                let pass = try thinningPass(needing: max(target, overflow) - freed.bytes, in: db)
                if pass.batches == 0 { break }
                freed.bytes += pass.bytes
                freed.batches += pass.batches
            }
        }
        if freed.bytes < overflow, incoming.priority < .bulk {
            // No bulk left: the oldest batches of the incoming one's priority or lower go (events before alarms);
            // an alarm never makes way for an event.
            let victims = try Self.victims(
                db,
                sql: """
                    SELECT stream, sequence, length(payload) FROM batch WHERE priority < 2 AND priority >= ?
                    ORDER BY priority DESC, created_us, stream, sequence
                    """, arguments: [incoming.priority.rawValue], until: .max,
                freeingAtLeast: overflow - freed.bytes, overhead: settings.rowOverheadBytes)
            freed.bytes += try remove(victims, reason: .byteLimitNoBulk, in: db)
            freed.batches += victims.count
        }
        if freed.bytes < overflow {
            // Everything queued outranks the incoming batch: it is the one dropped (the caller's transaction
            // rolls back, so nothing queued was dropped in vain).
            throw NoRoom()
        }
        return freed
    }

    /// One decimation pass over the bulk batches, least thinned and oldest first: keeps the first, drops the
    /// second, keeps the third… until `needed` bytes are free; the batches kept in the stretch walked are marked
    /// one level thinner, so the next pass moves on to data not yet thinned before halving this stretch again.
    private func thinningPass(needing needed: Int, in db: Database) throws -> (bytes: Int, batches: Int) {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT stream, sequence, length(payload) FROM batch WHERE priority = 2
                ORDER BY thin_level, created_us, stream, sequence
                """)
        let all = rows.compactMap(Self.victim)
        if all.count == 1 { return (try remove(all, reason: .thinned, in: db), 1) }
        var dropped: [Victim] = []
        var kept: [Victim] = []
        var freed = 0
        for (index, row) in all.enumerated() {
            if freed >= needed { break }
            if index % 2 == 1 {
                dropped.append(row)
                freed += settings.chargedBytes(payloadBytes: row.payloadBytes)
            } else {
                kept.append(row)
            }
        }
        let mark = try db.cachedStatement(
            sql: "UPDATE batch SET thin_level = thin_level + 1 WHERE stream = ? AND sequence = ?")
        for row in kept { try mark.execute(arguments: [Int64(row.stream), Int64(clamping: row.sequence)]) }
        return (try remove(dropped, reason: .thinned, in: db), dropped.count)
    }

    /// The rows of `sql` (stream, sequence, payload length), in its order, until they free `bytes`.
    static func victims(
        _ db: Database, sql: String, arguments: StatementArguments, until limit: Int, freeingAtLeast bytes: Int,
        overhead: Int
    ) throws -> [Victim] {
        var victims: [Victim] = []
        var freed = 0
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while freed < bytes, victims.count < limit, let row = try cursor.next() {
            guard let victim = victim(row) else { continue }
            victims.append(victim)
            freed += victim.payloadBytes + overhead
        }
        return victims
    }

    /// A row of (stream, sequence, payload length).
    static func victim(_ row: Row) -> Victim? {
        guard let stream = SQLRow.stream(row, 0), let sequence = SQLRow.sequence(row, 1),
            let bytes = SQLRow.int64(row, 2)
        else { return nil }
        return Victim(stream: stream, sequence: sequence, payloadBytes: Int(bytes))
    }
}

/// Thrown inside the append transaction when the incoming batch cannot fit without dropping batches that
/// outrank it.
struct NoRoom: Error {}
