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
    func append(_ batch: StoredBatch) throws(StoreError) {
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
        do throws(StoreError) {
            try storeOperation(databasePath) {
                try queue.write { db in
                    try writeUnsavedDrops(db)
                    let expired = try expire(now: now, in: db)
                    let room = try makeRoom(incoming: charged, queued: totalBytes - expired.bytes, in: db)
                    freed = (expired.bytes + room.bytes, expired.batches + room.batches)
                    try db.cachedStatement(
                        sql: """
                            INSERT INTO batch(stream, sequence, priority, created_us, crc, payload)
                            VALUES (?, ?, ?, ?, ?, ?)
                            """
                    ).execute(arguments: [
                        Int64(batch.stream), Int64(clamping: batch.sequence), batch.priority.rawValue,
                        batch.createdMicros, Int64(crc), Data(batch.payload),
                    ])
                    try db.cachedStatement(
                        sql: """
                            INSERT INTO stream(stream, name, next_sequence) VALUES (?, ?, ?)
                            ON CONFLICT(stream) DO UPDATE SET name = excluded.name,
                                next_sequence = max(next_sequence, excluded.next_sequence)
                            """
                    ).execute(arguments: [Int64(batch.stream), batch.streamName, Int64(clamping: batch.sequence + 1)])
                }
            }
        } catch {
            if error.kind != .duplicate {
                noteUnsaved(batch, reason: error.kind == .diskFull ? .diskFull : .notStored)
            }
            throw error
        }
        unsavedDrops = [:]
        totalBytes += charged - freed.bytes
        totalBatches += 1 - freed.batches
        names[batch.stream] = batch.streamName
        committedNext[batch.stream] = max(committedNext[batch.stream] ?? 0, batch.sequence + 1)
    }
}
