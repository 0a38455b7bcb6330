// SensorGate — Store tests: the byte and age bounds, each policy, and the drop counters.

import Foundation
import Testing

@testable import Store

@Suite struct BatchStoreBoundsTests {
    /// Ten batches of 100 payload bytes (148 charged each) fill the store exactly.
    private func settings(_ policy: StorePolicy, batches: Int = 10) -> StoreSettings {
        StoreSettings(maxBytes: 148 * batches, policy: policy, rowOverheadBytes: 48, thinTargetFraction: 0.9)
    }

    @Test func dropOldestBulkDropsExactlyTheOldestBulkAndKeepsTheAlarm() throws {
        let folder = TempFolder("drop-oldest")
        defer { folder.remove() }
        let store = try BatchStore(
            directory: folder.path, settings: settings(.dropOldestBulk), clock: ManualStoreClock())
        for sequence in 0..<10 { try store.append(batch(sequence: UInt64(sequence))) }
        #expect(store.count == 10 && store.chargedBytes == 1480)
        #expect(try store.dropReport().isEmpty)
        try store.append(batch(stream: 2, sequence: 0, priority: .alarm, createdMicros: 0))
        for sequence in 10..<15 { try store.append(batch(sequence: UInt64(sequence))) }
        #expect(store.count == 10 && store.chargedBytes == 1480)
        let queued = try store.pending(limit: 100)
        #expect(queued.first?.key == BatchKey(stream: 2, sequence: 0))
        #expect(queued.dropFirst().map(\.sequence) == Array(6...14))
        let report = try store.dropReport()
        #expect(
            report.counts == [
                DropCount(
                    stream: 1, streamName: "stream1", reason: .byteLimit, batches: 6, bytes: 600, firstSequence: 0,
                    lastSequence: 5)
            ])
    }

    @Test func thinBulkDecimatesTheOldestStretchAndKeepsItsSpan() throws {
        let folder = TempFolder("thin")
        defer { folder.remove() }
        let store = try BatchStore(directory: folder.path, settings: settings(.thinBulk), clock: ManualStoreClock())
        for sequence in 0...16 { try store.append(batch(sequence: UInt64(sequence))) }
        // Each pass frees 10 % (two batches) by dropping every other one of the least-thinned, oldest stretch.
        #expect(try store.pending(limit: 100).map(\.sequence) == [0, 2, 4, 6, 8, 10, 12, 14, 16])
        #expect(try store.dropReport().batches(reason: .thinned) == 8)
        #expect(try store.dropReport().batches(stream: 1) == 8)
        #expect(store.chargedBytes == 9 * 148)
    }

    @Test func whenOnlyAlarmsAndEventsRemainTheyAreDroppedOnlyForTheirEqualsAndSaySo() throws {
        let folder = TempFolder("no-bulk")
        defer { folder.remove() }
        let store = try BatchStore(
            directory: folder.path, settings: settings(.dropOldestBulk, batches: 3), clock: ManualStoreClock())
        for sequence in 0..<3 { try store.append(batch(stream: 2, sequence: UInt64(sequence), priority: .alarm)) }
        // An event does not push out an alarm: it is the one dropped.
        #expect(try store.append(batch(stream: 3, sequence: 0, priority: .event)) == .droppedByPolicy)
        // Nor does bulk data.
        #expect(try store.append(batch(stream: 1, sequence: 0, priority: .bulk)) == .droppedByPolicy)
        // A new alarm pushes out the oldest alarm.
        #expect(try store.append(batch(stream: 2, sequence: 3, priority: .alarm)) == .stored)
        #expect(try store.pending(limit: 10).map(\.key) == (1...3).map { BatchKey(stream: 2, sequence: $0) })
        let report = try store.dropReport()
        #expect(report.batches(stream: 2, reason: .byteLimitNoBulk) == 1)
        #expect(report.batches(stream: 3, reason: .byteLimitNoBulk) == 1)
        #expect(report.batches(stream: 1, reason: .byteLimit) == 1)
        #expect(report.counts.count == 3)
        // The dropped batches' numbers stay used.
        #expect(store.nextSequence(stream: 3) == 1 && store.nextSequence(stream: 1) == 1)
    }

    @Test func bulkOlderThanTheAgeLimitIsDroppedAndAlarmsAreKept() throws {
        let folder = TempFolder("age")
        defer { folder.remove() }
        let clock = ManualStoreClock()
        let now = clock.nowMicros()
        let store = try BatchStore(
            directory: folder.path, settings: StoreSettings(maxAgeSeconds: 60), clock: clock)
        try store.append(batch(sequence: 0, createdMicros: now))
        try store.append(batch(stream: 2, sequence: 0, priority: .alarm, createdMicros: now))
        try store.append(batch(sequence: 1, createdMicros: now + 30_000_000))
        clock.advance(seconds: 70)
        try store.append(batch(sequence: 2, createdMicros: now + 70_000_000))
        #expect(
            try store.pending(limit: 10).map(\.key) == [
                BatchKey(stream: 2, sequence: 0), BatchKey(stream: 1, sequence: 1), BatchKey(stream: 1, sequence: 2),
            ])
        #expect(try store.dropReport().batches(stream: 1, reason: .age) == 1)
    }

    @Test func dropCountersPersistUntilReportedAndLaterDropsStay() throws {
        let folder = TempFolder("report")
        defer { folder.remove() }
        let report: DropReport
        do {
            let store = try BatchStore(
                directory: folder.path, settings: settings(.dropOldestBulk, batches: 2), clock: ManualStoreClock())
            for sequence in 0..<5 { try store.append(batch(sequence: UInt64(sequence))) }
            report = try store.dropReport()
            #expect(report.batches(stream: 1, reason: .byteLimit) == 3)
        }
        let reopened = try BatchStore(
            directory: folder.path, settings: settings(.dropOldestBulk, batches: 2), clock: ManualStoreClock())
        #expect(try reopened.dropReport() == report)
        try reopened.append(batch(sequence: 5))
        try reopened.markDropsReported(report)
        let after = try reopened.dropReport()
        #expect(after.batches(stream: 1) == 1)
        #expect(after.counts.first?.firstSequence == 3 && after.counts.first?.lastSequence == 3)
        try reopened.markDropsReported(after)
        #expect(try reopened.dropReport().isEmpty)
    }

    @Test func aNoticeIsStoredAndItsCountsClearedInOneTransaction() throws {
        let folder = TempFolder("notice")
        defer { folder.remove() }
        let limits = settings(.dropOldestBulk, batches: 3)
        let report: DropReport
        do {
            let store = try BatchStore(directory: folder.path, settings: limits, clock: ManualStoreClock())
            for sequence in 0..<5 { try store.append(batch(sequence: UInt64(sequence))) }
            report = try store.dropReport()
            #expect(report.batches(stream: 1, reason: .byteLimit) == 2)
            let notice = batch(stream: 0, sequence: store.nextSequence(stream: 0), priority: .alarm)
            #expect(try store.append(notice, reporting: report) == .stored)
            // The full store made room for the notice by dropping the oldest bulk batch: that drop is new,
            // and the only one still to report.
            let left = try store.dropReport()
            #expect(left.batches(stream: 1) == 1 && left.counts.first?.firstSequence == 2)
            // The notice goes first: an alarm ahead of the bulk it reports on.
            #expect(try store.pending(limit: 1).first?.key == notice.key)
        }
        // After a restart the counts stay cleared and the notice stays queued: reported once, not twice.
        let reopened = try BatchStore(directory: folder.path, settings: limits, clock: ManualStoreClock())
        #expect(try reopened.dropReport().batches(stream: 1) == 1)
        #expect(try reopened.pending(limit: 10).filter { $0.stream == 0 }.count == 1)
    }

    @Test func aNoticeThatCannotBeStoredLeavesTheCountsForTheNextTry() throws {
        let folder = TempFolder("notice-full")
        defer { folder.remove() }
        let store = try BatchStore(
            directory: folder.path, settings: settings(.dropOldestBulk, batches: 2), clock: ManualStoreClock())
        for sequence in 0..<4 { try store.append(batch(sequence: UInt64(sequence))) }
        let report = try store.dropReport()
        // Refused (larger than the whole store): nothing of the report may be cleared.
        var notice = batch(stream: 0, sequence: store.nextSequence(stream: 0), priority: .alarm, payloadBytes: 600)
        #expect(throws: StoreError.self) { try store.append(notice, reporting: report) }
        #expect(try store.dropReport().batches(stream: 1, reason: .byteLimit) == 2)
        notice = batch(stream: 0, sequence: store.nextSequence(stream: 0), priority: .alarm)
        #expect(try store.append(notice, reporting: report) == .stored)
        // Cleared, but for the bulk batch dropped to make room for the notice itself.
        #expect(try store.dropReport().batches(stream: 1, reason: .byteLimit) == 1)
    }

    @Test func aBatchLargerThanTheLimitIsRefusedAndCounted() throws {
        let folder = TempFolder("too-large")
        defer { folder.remove() }
        let store = try BatchStore(
            directory: folder.path, settings: StoreSettings(maxBatchBytes: 1000), clock: ManualStoreClock())
        do {
            try store.append(batch(sequence: 0, payloadBytes: 1001))
            Issue.record("a batch above maxBatchBytes was stored")
        } catch {
            #expect(error.kind == .tooLarge)
        }
        #expect(store.count == 0)
        #expect(try store.dropReport().batches(stream: 1, reason: .tooLarge) == 1)
    }
}
