// SensorGate — Store tests: order, acknowledgement, sequence numbers.

import Foundation
import Testing

@testable import Store

@Suite struct BatchStoreQueueTests {
    @Test func pendingSendsAlarmsThenEventsThenBulkOldestFirstWithinEach() throws {
        let folder = TempFolder("order")
        defer { folder.remove() }
        let store = try BatchStore(directory: folder.path, clock: ManualStoreClock())
        let base: Int64 = 1_780_000_000_000_000
        let appended = [
            batch(stream: 1, sequence: 0, priority: .bulk, createdMicros: base + 5),
            batch(stream: 2, sequence: 0, priority: .event, createdMicros: base + 9),
            batch(stream: 1, sequence: 1, priority: .bulk, createdMicros: base + 1),
            batch(stream: 3, sequence: 0, priority: .alarm, createdMicros: base + 7),
            batch(stream: 2, sequence: 1, priority: .event, createdMicros: base + 2),
            batch(stream: 3, sequence: 1, priority: .alarm, createdMicros: base + 8),
        ]
        for item in appended { try store.append(item) }
        let order = try store.pending(limit: 10)
        #expect(
            keys(order) == [
                BatchKey(stream: 3, sequence: 0), BatchKey(stream: 3, sequence: 1), BatchKey(stream: 2, sequence: 1),
                BatchKey(stream: 2, sequence: 0), BatchKey(stream: 1, sequence: 1), BatchKey(stream: 1, sequence: 0),
            ])
        // The batches come back exactly as appended.
        for item in order { #expect(appended.contains(item)) }
        #expect(
            keys(try store.pending(limit: 2)) == [BatchKey(stream: 3, sequence: 0), BatchKey(stream: 3, sequence: 1)])
        let inFlight: Set = [BatchKey(stream: 3, sequence: 0), BatchKey(stream: 2, sequence: 1)]
        #expect(
            keys(try store.pending(limit: 2, excludingInFlight: inFlight)) == [
                BatchKey(stream: 3, sequence: 1), BatchKey(stream: 2, sequence: 0),
            ])
    }

    @Test func onlyAnAcknowledgementDeletesABatch() throws {
        let folder = TempFolder("ack")
        defer { folder.remove() }
        do {
            let store = try BatchStore(directory: folder.path, clock: ManualStoreClock())
            for sequence in 0..<3 { try store.append(batch(sequence: UInt64(sequence))) }
            _ = try store.pending(limit: 10)
            _ = try store.pending(limit: 10)
            #expect(store.count == 3)
            #expect(try store.acknowledge(stream: 1, sequence: 1))
            #expect(try !store.acknowledge(stream: 1, sequence: 1))
            #expect(try !store.acknowledge(stream: 9, sequence: 0))
        }
        let reopened = try BatchStore(directory: folder.path, clock: ManualStoreClock())
        #expect(reopened.recovery.pendingBatches == 2)
        #expect(keys(try reopened.pending(limit: 10)).map(\.sequence) == [0, 2])
        #expect(try reopened.acknowledge([BatchKey(stream: 1, sequence: 0), BatchKey(stream: 1, sequence: 2)]) == 2)
        #expect(try reopened.pending(limit: 10).isEmpty && reopened.count == 0 && reopened.chargedBytes == 0)
        #expect(try reopened.dropReport().isEmpty)
    }

    @Test func sequenceNumbersSurviveAReopenAndAreNeverReused() throws {
        let folder = TempFolder("sequence")
        defer { folder.remove() }
        do {
            let store = try BatchStore(directory: folder.path, clock: ManualStoreClock())
            #expect(store.recovery.created)
            for _ in 0..<3 {
                let sequence = store.nextSequence(stream: 7)
                try store.append(batch(stream: 7, sequence: sequence))
            }
            #expect(store.nextSequence(stream: 8) == 0)
            try store.acknowledge([BatchKey(stream: 7, sequence: 0), BatchKey(stream: 7, sequence: 1)])
            try store.acknowledge(stream: 7, sequence: 2)
        }
        let reopened = try BatchStore(directory: folder.path, clock: ManualStoreClock())
        #expect(!reopened.recovery.created && reopened.count == 0)
        #expect(reopened.nextSequence(stream: 7) == 3)
        #expect(reopened.nextSequence(stream: 7) == 4)
        // Stream 8's number was handed out but never stored, so nothing was sent with it: it may be handed out again.
        #expect(reopened.nextSequence(stream: 8) == 0)
        #expect(throws: StoreError.self) { try reopened.append(batch(stream: 7, sequence: 2)) }
        do {
            try reopened.append(batch(stream: 7, sequence: 1))
            Issue.record("a reused sequence number was accepted")
        } catch {
            #expect(error.kind == .duplicate)
        }
        try reopened.append(batch(stream: 7, sequence: 3))
        #expect(try reopened.statistics().nextSequences[7] == 4)
    }

    @Test func crc32cMatchesTheStandardCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == CRC32C.check)
        #expect(CRC32C.checksum([UInt8]()) == 0)
        // 32 bytes of zeros, RFC 3720 §B.4.
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        // 0x00, 0x01, …, 0x1F and 0x1F, …, 0x00, RFC 3720 §B.4.
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).reversed().map { UInt8($0) }) == 0x113F_DB5C)
    }

    @Test func crc32cIsTheSameAtEveryLengthAndAlignment() {
        // The definition, a bit at a time, against the eight-byte steps on every length and start offset
        // (unaligned words, every tail length) and on a collection without contiguous storage.
        func bitwise(_ bytes: some Sequence<UInt8>) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            }
            return crc ^ 0xFFFF_FFFF
        }
        let data = (0..<64).map { UInt8(truncatingIfNeeded: $0 &* 167 &+ 13 ^ ($0 >> 2)) }
        for start in 0..<8 {
            for end in start...data.count {
                #expect(CRC32C.checksum(data[start..<end]) == bitwise(data[start..<end]))
            }
        }
        #expect(CRC32C.checksum(data.lazy.map { $0 }) == bitwise(data))
    }
}
