// SensorGate — Store tests: damage on disk, torn writes, a corrupt file, a read-only folder, a full disk.

import Foundation
import GRDB
import Testing

@testable import Store

@Suite struct BatchStoreRecoveryTests {
    @Test func aRowWhosePayloadBytesFlippedOnDiskIsQuarantinedNeverSent() throws {
        let folder = TempFolder("flip")
        defer { folder.remove() }
        do {
            let store = try BatchStore(directory: folder.path, clock: ManualStoreClock())
            for sequence in 0..<5 { try store.append(batch(sequence: UInt64(sequence), payloadBytes: 300)) }
        }
        // Closed: the WAL is checkpointed into the file. Flip one byte inside batch 3's payload, after its marker.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder.database)))
        let marker = Array("SG-1-3-".utf8)
        let at = try #require(firstIndex(of: marker, in: bytes))
        bytes[at + marker.count + 20] ^= 0x10
        try Data(bytes).write(to: URL(fileURLWithPath: folder.database))

        let store = try BatchStore(directory: folder.path, clock: ManualStoreClock())
        #expect(!store.recovery.startedFresh && store.recovery.pendingBatches == 5)
        let sent = try store.pending(limit: 10)
        #expect(sent.map(\.sequence) == [0, 1, 2, 4])
        for item in sent { #expect(item == batch(sequence: item.sequence, payloadBytes: 300)) }
        #expect(store.count == 4)
        let report = try store.dropReport()
        #expect(report.batches(stream: 1, reason: .corrupt) == 1)
        let quarantined = try store.statistics().quarantined
        #expect(quarantined.count == 1)
        #expect(quarantined.first?.sequence == 3 && quarantined.first?.bytes == 300)
        #expect(quarantined.first.map { $0.storedCRC != $0.actualCRC } == true)
    }

    @Test func aRowChangedThroughARawConnectionIsQuarantined() throws {
        let folder = TempFolder("raw")
        defer { folder.remove() }
        do {
            let store = try BatchStore(directory: folder.path, clock: ManualStoreClock())
            for sequence in 0..<3 { try store.append(batch(sequence: UInt64(sequence))) }
        }
        do {
            let raw = try DatabaseQueue(path: folder.database)
            try raw.write { db in
                try db.execute(sql: "UPDATE batch SET payload = zeroblob(100) WHERE sequence = 0")
                try db.execute(sql: "UPDATE batch SET priority = 'garbage' WHERE sequence = 1")
            }
        }
        let store = try BatchStore(directory: folder.path, clock: ManualStoreClock())
        #expect(try store.pending(limit: 10).map(\.sequence) == [2])
        #expect(try store.dropReport().batches(stream: 1, reason: .corrupt) == 2)
        #expect(try store.statistics().quarantined.count == 2)
        // Reopened, the quarantine is remembered and nothing damaged is left to send.
        let again = try BatchStore(directory: folder.path, clock: ManualStoreClock())
        #expect(again.recovery.quarantinedRows == 2 && again.count == 1)
    }

    @Test func aWALTornInTheLastCommitOpensWithEveryEarlierCommitIntact() throws {
        let folder = TempFolder("torn")
        defer { folder.remove() }
        let store = try BatchStore(directory: folder.path, clock: ManualStoreClock())
        for sequence in 0..<20 { try store.append(batch(sequence: UInt64(sequence), payloadBytes: 300)) }
        let before = fileSize(folder.database + "-wal")
        try store.append(batch(sequence: 20, payloadBytes: 300))
        let after = fileSize(folder.database + "-wal")
        #expect(after > before)
        // The power fails while the last commit's frames are being written: the WAL ends mid-frame.
        let torn = try crashCopy(of: folder, name: "torn-copy")
        defer { torn.remove() }
        #expect(truncate(torn.database + "-wal", off_t(before + (after - before) / 2 + 7)) == 0)

        let recovered = try BatchStore(directory: torn.path, clock: ManualStoreClock())
        #expect(!recovered.recovery.startedFresh)
        let queued = try recovered.pending(limit: 100)
        #expect(queued.map(\.sequence) == Array(0..<20))
        for item in queued { #expect(item == batch(sequence: item.sequence, payloadBytes: 300)) }
        #expect(try recovered.dropReport().isEmpty)
        // The torn batch's number was never committed; the next one follows the last committed.
        #expect(recovered.nextSequence(stream: 1) == 20)
        // A crash copy with the whole WAL has all 21.
        let whole = try crashCopy(of: folder, name: "whole-copy")
        defer { whole.remove() }
        #expect(try BatchStore(directory: whole.path, clock: ManualStoreClock()).count == 21)
    }

    @Test func aFileWithAGarbageHeaderIsMovedAsideAndAFreshStoreStarts() throws {
        let folder = TempFolder("garbage")
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: folder.database))
        let clock = ManualStoreClock()
        let store = try BatchStore(directory: folder.path, clock: clock)
        let moved = try #require(store.recovery.corruptStoreMovedTo)
        #expect(store.recovery.startedFresh && !store.recovery.created && store.count == 0)
        #expect((moved as NSString).lastPathComponent.hasPrefix("store.corrupt-"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: moved + "/store.sqlite")) == garbage)
        #expect(String(describing: store.recovery).contains("moved to"))
        // Sequence numbers of the lost store are unknown: the fresh store starts above any it could have used.
        let first = store.nextSequence(stream: 1)
        #expect(first == UInt64(clock.nowMicros()))
        try store.append(batch(sequence: first))
        #expect(try store.pending(limit: 5).map(\.sequence) == [first])
        let reopened = try BatchStore(directory: folder.path, clock: clock)
        #expect(!reopened.recovery.startedFresh && reopened.nextSequence(stream: 1) == first + 1)
        #expect(reopened.nextSequence(stream: 2) == first)
    }

    @Test func aTruncatedFileIsMovedAsideAndAFreshStoreStarts() throws {
        let folder = TempFolder("truncated")
        defer { folder.remove() }
        do {
            let store = try BatchStore(directory: folder.path, clock: ManualStoreClock())
            for sequence in 0..<400 { try store.append(batch(sequence: UInt64(sequence), payloadBytes: 300)) }
        }
        let size = fileSize(folder.database)
        #expect(size > 100_000)
        #expect(truncate(folder.database, off_t(size / 2 + 100)) == 0)
        let store = try BatchStore(directory: folder.path, clock: ManualStoreClock())
        #expect(store.recovery.startedFresh && store.count == 0)
        try store.append(batch(sequence: UInt64(store.nextSequence(stream: 1))))
        #expect(store.count == 1)
    }

    @Test func aReadOnlyFolderIsAClearError() throws {
        let folder = TempFolder("read-only")
        defer { folder.remove() }
        do {
            let store = try BatchStore(directory: folder.path, clock: ManualStoreClock())
            try store.append(batch(sequence: 0))
        }
        #expect(chmod(folder.path, 0o555) == 0)
        // Root ignores mode bits (CAP_DAC_OVERRIDE); a non-zero filesystem user ID on this thread drops that
        // capability for this thread's file accesses, so the folder is truly read-only to the store here.
        let result = asUnprivilegedUser { () -> Result<BatchStore, StoreError> in
            do throws(StoreError) {
                return .success(try BatchStore(directory: folder.path, clock: ManualStoreClock()))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success: Issue.record("the store opened in a read-only folder")
        case .failure(let error):
            #expect(error.kind == .readOnly)
            #expect(error.path == folder.path)
            #expect(error.description.contains("Permission denied") && error.description.contains("writable"))
        }
        // A folder that cannot be created is the same error.
        let below = asUnprivilegedUser { () -> StoreErrorKind? in
            do throws(StoreError) {
                _ = try BatchStore(directory: folder.path + "/sub", clock: ManualStoreClock())
                return nil
            } catch {
                return error.kind
            }
        }
        #expect(below == .readOnly)
    }

    @Test func aFullDiskRefusesTheBatchCountsItAndRecoversWhenSpaceReturns() throws {
        let folder = TempFolder("full")
        defer { folder.remove() }
        let store = try BatchStore(directory: folder.path, clock: ManualStoreClock())
        for sequence in 0..<5 { try store.append(batch(sequence: UInt64(sequence), payloadBytes: 300)) }
        let pages = try DatabaseQueue(path: folder.database).read { try Int.fetchOne($0, sql: "PRAGMA page_count") }
        // SQLITE_FULL as on a full device: the database may not grow past its current pages.
        try store.limitPages(pages)
        var refused: [UInt64] = []
        var sequence: UInt64 = 5
        while refused.count < 3 && sequence < 200 {
            do {
                try store.append(batch(sequence: sequence, payloadBytes: 300))
            } catch {
                #expect(error.kind == .diskFull)
                refused.append(sequence)
            }
            sequence += 1
        }
        #expect(refused.count == 3)
        #expect(try store.dropReport().batches(stream: 1, reason: .diskFull) == 3)
        // Sending and acknowledging still work on a full disk.
        #expect(try store.pending(limit: 1).first?.sequence == 0)
        try store.limitPages(nil)
        try store.append(batch(sequence: sequence, payloadBytes: 300))
        let stored = try store.pending(limit: 1000).map(\.sequence)
        #expect(stored.count == Int(sequence) + 1 - refused.count)
        #expect(Set(stored).isDisjoint(with: refused) && stored.contains(sequence))
        let reopened = try BatchStore(directory: folder.path, clock: ManualStoreClock())
        #expect(try reopened.dropReport().batches(stream: 1, reason: .diskFull) == 3)
        #expect(reopened.count == stored.count)
    }

    @Test func dropsCountedOnAFullDiskSurviveAPowerCutBeforeTheNextWrite() throws {
        let folder = TempFolder("full-cut")
        defer { folder.remove() }
        var refused = 0
        do {
            let store = try BatchStore(directory: folder.path, clock: ManualStoreClock())
            for sequence in 0..<5 { try store.append(batch(sequence: UInt64(sequence), payloadBytes: 300)) }
            let pages = try DatabaseQueue(path: folder.database).read {
                try Int.fetchOne($0, sql: "PRAGMA page_count")
            }
            try store.limitPages(pages)
            var sequence: UInt64 = 5
            while refused < 4 && sequence < 200 {
                do { try store.append(batch(sequence: sequence, payloadBytes: 300)) } catch { refused += 1 }
                sequence += 1
            }
            #expect(refused == 4)
            // The power goes: nothing more is written, the store is gone with its memory.
        }
        let restarted = try BatchStore(directory: folder.path, clock: ManualStoreClock())
        #expect(try restarted.dropReport().batches(stream: 1, reason: .diskFull) == 4)
        // Written into the database with the next append, and not counted twice after another restart.
        try restarted.append(batch(sequence: 300, payloadBytes: 300))
        let again = try BatchStore(directory: folder.path, clock: ManualStoreClock())
        #expect(try again.dropReport().batches(stream: 1, reason: .diskFull) == 4)
        // Reported upstream and subtracted: a third start finds nothing to report.
        try again.markDropsReported(try again.dropReport())
        let third = try BatchStore(directory: folder.path, clock: ManualStoreClock())
        #expect(try third.dropReport().batches(stream: 1, reason: .diskFull) == 0)
    }
}

/// The first index at which `needle` occurs in `haystack`.
private func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard needle.count <= haystack.count else { return nil }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
        if Array(haystack[start..<start + needle.count]) == needle { return start }
    }
    return nil
}

/// Runs `body` on this thread with filesystem user and group IDs 65534 (nobody), then restores them.
/// `setfsuid(2)` acts on the calling thread only; a non-zero fsuid clears CAP_DAC_OVERRIDE for file access.
private func asUnprivilegedUser<T>(_ body: () -> T) -> T {
    typealias SetFS = @convention(c) (UInt32) -> Int32
    guard getuid() == 0, let uidSymbol = dlsym(nil, "setfsuid"), let gidSymbol = dlsym(nil, "setfsgid") else {
        return body()
    }
    let setfsuid = unsafeBitCast(uidSymbol, to: SetFS.self)
    let setfsgid = unsafeBitCast(gidSymbol, to: SetFS.self)
    _ = setfsgid(65534)
    _ = setfsuid(65534)
    defer {
        _ = setfsuid(0)
        _ = setfsgid(0)
    }
    return body()
}
