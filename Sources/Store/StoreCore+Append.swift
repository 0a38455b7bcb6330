// SensorGate — Store: appending a batch, durably, with its sequence state and the bounds in one transaction.

import Foundation
import GRDB

extension StoreCore {
    /// Hands out the next sequence number of `stream`; `append` commits it with the batch.
    func nextSequence(stream: UInt32) -> UInt64 {
        let next = max(reservedNext[stream] ?? 0, committedNext[stream] ?? sequenceBase)
        reservedNext[stream] = next + 1
        return next
    }

    /// Stores `batch`: drops expired and, under the policy, old batches to make room, inserts the row with its
    /// CRC-32C and the stream's next sequence number, and commits (the WAL is fsync'd before this returns).
    /// With `report`, the batch is the notice that carries it upstream, and the report is subtracted from the
    /// drop counters in the same transaction: a crash leaves either both or neither.
    func append(_ batch: StoredBatch, reporting report: DropReport? = nil) throws(StoreError) -> AppendOutcome {
        let charged = settings.chargedBytes(payloadBytes: batch.payload.count)
        guard batch.payload.count <= settings.maxBatchBytes, charged <= settings.maxBytes else {
            noteUnsaved(batch, reason: .tooLarge)
            throw StoreError(
                .tooLarge, path: databasePath,
                detail: "batch \(batch.stream)/\(batch.sequence) of \(batch.payload.count) bytes is above the limit "
                    + "(\(settings.maxBatchBytes) bytes per batch, \(settings.maxBytes) in all)")
        }
        if let next = committedNext[batch.stream], batch.sequence < next {
            throw StoreError(
                .duplicate, path: databasePath,
                detail: "stream \(batch.stream) sequence \(batch.sequence) is below the next unused one, \(next)")
        }
        let crc = CRC32C.checksum(batch.payload)
        let now = clock.nowMicros()
        var freed = (bytes: 0, batches: 0)
        var rejected = false
        do throws(StoreError) {
            try storeOperation(databasePath) {
                do {
                    try queue.write { db in
                        try writeUnsavedDrops(db)
                        freed = try insert(batch, crc: crc, now: now, queued: totalBytes, in: db)
                        if let report { try subtract(report, in: db) }
                    }
                } catch is NoRoom {
                    rejected = true
                    noteUnsaved(batch, reason: batch.priority == .bulk ? .byteLimit : .byteLimitNoBulk)
                    try queue.write { db in
                        try writeUnsavedDrops(db)
                        try Self.commitSequence(of: batch, in: db)
                    }
                }
            }
        } catch {
            if error.kind != .duplicate, !rejected {
                noteUnsaved(batch, reason: error.kind == .diskFull ? .diskFull : .notStored)
            }
            throw error
        }
        clearUnsavedDrops()
        names[batch.stream] = batch.streamName
        committedNext[batch.stream] = max(committedNext[batch.stream] ?? 0, batch.sequence + 1)
        latestTimeMicros = max(latestTimeMicros ?? batch.endMicros, batch.endMicros)
        if rejected { return .droppedByPolicy }
        totalBytes += charged - freed.bytes
        totalBatches += 1 - freed.batches
        return .stored
    }

    /// Stores several batches in one transaction (one fsync): the batcher's group commit, and the benchmark's
    /// bulk load. Falls back to one transaction per batch when one of them would be refused or dropped, so each
    /// keeps `append`'s semantics.
    func append(contentsOf batches: [StoredBatch]) throws(StoreError) {
        var next = committedNext
        let simple = batches.allSatisfy { batch in
            defer { next[batch.stream] = batch.sequence + 1 }
            return batch.payload.count <= settings.maxBatchBytes
                && settings.chargedBytes(payloadBytes: batch.payload.count) <= settings.maxBytes
                && batch.sequence >= next[batch.stream] ?? 0
        }
        guard simple else {
            for batch in batches { _ = try append(batch) }
            return
        }
        let now = clock.nowMicros()
        var freed = (bytes: 0, batches: 0)
        var charged = 0
        do throws(StoreError) {
            try storeOperation(databasePath) {
                try queue.write { db in
                    freed = (0, 0)
                    charged = 0
                    try writeUnsavedDrops(db)
                    for batch in batches {
                        let step = try insert(
                            batch, crc: CRC32C.checksum(batch.payload), now: now,
                            queued: totalBytes + charged - freed.bytes, in: db)
                        freed = (freed.bytes + step.bytes, freed.batches + step.batches)
                        charged += settings.chargedBytes(payloadBytes: batch.payload.count)
                    }
                }
            }
        } catch {
            if error.kind == .diskFull || error.kind == .io || error.kind == .readOnly {
                for batch in batches { noteUnsaved(batch, reason: error.kind == .diskFull ? .diskFull : .notStored) }
            }
            throw error
        }
        clearUnsavedDrops()
        totalBytes += charged - freed.bytes
        totalBatches += batches.count - freed.batches
        for batch in batches {
            names[batch.stream] = batch.streamName
            committedNext[batch.stream] = max(committedNext[batch.stream] ?? 0, batch.sequence + 1)
            latestTimeMicros = max(latestTimeMicros ?? batch.endMicros, batch.endMicros)
        }
    }

    /// The append transaction's body: drops, bounds, the row and the stream's sequence state. Returns what
    /// the bounds freed.
    private func insert(
        _ batch: StoredBatch, crc: UInt32, now: Int64, queued: Int, in db: Database
    ) throws -> (bytes: Int, batches: Int) {
        let expired = try expire(now: now, in: db)
        let room = try makeRoom(for: batch, queued: queued - expired.bytes, in: db)
        try db.cachedStatement(
            sql: """
                INSERT INTO batch(stream, sequence, priority, created_us, crc, payload)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            Int64(batch.stream), Int64(clamping: batch.sequence), batch.priority.rawValue,
            batch.createdMicros, Int64(crc), Data(batch.payload),
        ])
        try Self.commitSequence(of: batch, in: db)
        return (expired.bytes + room.bytes, expired.batches + room.batches)
    }

    /// Records the stream's name, its next sequence number after `batch`'s, and the latest time reached.
    private static func commitSequence(of batch: StoredBatch, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO stream(stream, name, next_sequence, latest_us) VALUES (?, ?, ?, ?)
                ON CONFLICT(stream) DO UPDATE SET name = excluded.name,
                    next_sequence = max(next_sequence, excluded.next_sequence),
                    latest_us = max(latest_us, excluded.latest_us)
                """
        ).execute(arguments: [
            Int64(batch.stream), batch.streamName, Int64(clamping: batch.sequence + 1), batch.endMicros,
        ])
    }
}

/// What `append` did with a batch.
public enum AppendOutcome: Sendable, Equatable {
    /// Stored: on the device when `append` returned.
    case stored
    /// Not stored: the store is full of batches that outrank it (only alarms and events remain, and it is bulk,
    /// or an event among alarms). Counted in the drop report as `byteLimit` or `byteLimitNoBulk`.
    case droppedByPolicy
}
