// SensorGate — Store tests: the latest time the store ever held survives acknowledgement and a reopen.

import Foundation
import GRDB
import Testing

@testable import Store

@Suite struct BatchStoreLatestTimeTests {
    @Test func theLatestEndIsKeptThroughAcknowledgementAndAReopen() throws {
        let folder = TempFolder("latest")
        defer { folder.remove() }
        do {
            let store = try BatchStore(directory: folder.path, clock: ManualStoreClock())
            #expect(store.latestTimeMicros == nil)
            var first = batch(sequence: 0, createdMicros: 1_780_000_000_000_000)
            first.endMicros = 1_780_000_009_000_000
            try store.append(first)
            // An older batch of another stream does not move it back.
            var second = batch(stream: 2, sequence: 0, createdMicros: 1_770_000_000_000_000)
            second.endMicros = 1_770_000_001_000_000
            try store.append(contentsOf: [second])
            #expect(store.latestTimeMicros == 1_780_000_009_000_000)
            #expect(try store.acknowledge([first.key, second.key]) == 2)
            #expect(store.count == 0)
        }
        // Delivered and deleted, the time is still known to the next start.
        let reopened = try BatchStore(directory: folder.path, clock: ManualStoreClock())
        #expect(reopened.latestTimeMicros == 1_780_000_009_000_000)
        #expect(batch(sequence: 1, createdMicros: 5).endMicros == 5)
    }
}

@Suite struct BatchStoreMigrationTests {
    @Test func aVersion1StoreIsMigratedWithItsBatchesAndSequencesKept() throws {
        let folder = TempFolder("migrate")
        defer { folder.remove() }
        do {
            let store = try BatchStore(directory: folder.path, clock: ManualStoreClock())
            for sequence in 0..<3 { try store.append(batch(sequence: UInt64(sequence))) }
        }
        // Turn it into what version 1 wrote: no latest_us column, user_version 1.
        do {
            let queue = try DatabaseQueue(path: folder.database)
            try queue.write { db in
                try db.execute(
                    sql: """
                        CREATE TABLE stream_v1 (stream INTEGER PRIMARY KEY, name TEXT NOT NULL,
                            next_sequence INTEGER NOT NULL);
                        INSERT INTO stream_v1 SELECT stream, name, next_sequence FROM stream;
                        DROP TABLE stream;
                        ALTER TABLE stream_v1 RENAME TO stream;
                        PRAGMA user_version = 1;
                        """)
            }
        }
        let store = try BatchStore(directory: folder.path, clock: ManualStoreClock())
        #expect(store.count == 3)
        #expect(store.latestTimeMicros == nil)
        #expect(store.nextSequence(stream: 1) == 3)
        var next = batch(sequence: 3)
        next.endMicros = next.createdMicros + 5
        try store.append(next)
        #expect(store.latestTimeMicros == next.createdMicros + 5)
        let version = try DatabaseQueue(path: folder.database).read { db in
            try Int.fetchOne(db, sql: "PRAGMA user_version")
        }
        #expect(version == 2)
    }
}
