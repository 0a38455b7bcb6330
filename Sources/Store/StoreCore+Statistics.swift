// SensorGate — Store: the snapshot behind `store inspect`.

import Foundation
import GRDB

extension StoreCore {
    /// Reads the depth per stream and priority and the quarantine (a scan of the queue: for tools, not hot paths).
    func statistics() throws(StoreError) -> StoreStatistics {
        let (depths, quarantined) = try storeOperation(databasePath) {
            try queue.read { db -> ([StreamDepth], [QuarantinedBatch]) in
                let depthRows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT stream, priority, count(*), sum(length(payload)), min(created_us), min(sequence),
                            max(sequence)
                        FROM batch GROUP BY priority, stream ORDER BY priority, stream
                        """)
                let depths = depthRows.compactMap { row -> StreamDepth? in
                    guard let stream = SQLRow.stream(row, 0),
                        let priority = SQLRow.int64(row, 1).flatMap({ BatchPriority(rawValue: Int($0)) })
                    else { return nil }
                    return StreamDepth(
                        stream: stream, streamName: names[stream] ?? "", priority: priority,
                        batches: Int(SQLRow.int64(row, 2) ?? 0), payloadBytes: Int(SQLRow.int64(row, 3) ?? 0),
                        oldestCreatedMicros: SQLRow.int64(row, 4) ?? 0, lowestSequence: SQLRow.sequence(row, 5) ?? 0,
                        highestSequence: SQLRow.sequence(row, 6) ?? 0)
                }
                let quarantineRows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT stream, sequence, priority, created_us, stored_crc, actual_crc, bytes, quarantined_us
                        FROM quarantine ORDER BY id
                        """)
                let quarantined = quarantineRows.map { row in
                    QuarantinedBatch(
                        stream: SQLRow.stream(row, 0) ?? 0, sequence: SQLRow.sequence(row, 1) ?? 0,
                        priority: Int(SQLRow.int64(row, 2) ?? -1), createdMicros: SQLRow.int64(row, 3) ?? 0,
                        storedCRC: SQLRow.int64(row, 4) ?? -1, actualCRC: SQLRow.int64(row, 5) ?? -1,
                        bytes: Int(SQLRow.int64(row, 6) ?? 0), quarantinedMicros: SQLRow.int64(row, 7) ?? 0)
                }
                return (depths, quarantined)
            }
        }
        return StoreStatistics(
            batches: totalBatches, chargedBytes: totalBytes, maxBytes: settings.maxBytes, depths: depths,
            nextSequences: committedNext, quarantined: quarantined, databaseFileBytes: Self.size(databasePath),
            walFileBytes: Self.size(databasePath + "-wal"))
    }

    private static func size(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }
}

extension StoreCore {
    /// Sets SQLite's `max_page_count` (nil: the largest SQLite allows).
    func limitPages(_ pages: Int?) throws(StoreError) {
        try storeOperation(databasePath) {
            try queue.inDatabase { db in
                _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages ?? 4_294_967_294)")
            }
        }
    }
}
