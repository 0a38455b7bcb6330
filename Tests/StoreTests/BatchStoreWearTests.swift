// SensorGate — Store tests: an acknowledgement does not rewrite the batch's pages (flash wear).

import Foundation
import Testing

@testable import Store

@Suite struct BatchStoreWearTests {
    /// The WAL's size in bytes (0 when it does not exist).
    private func walBytes(_ folder: TempFolder) -> Int {
        let attributes = try? FileManager.default.attributesOfItem(atPath: folder.database + "-wal")
        return (attributes?[.size] as? NSNumber)?.intValue ?? 0
    }

    @Test func acknowledgingALargeBatchWritesOnlyTheTreePages() throws {
        let folder = TempFolder("wear")
        defer { folder.remove() }
        let store = try BatchStore(directory: folder.path, clock: ManualStoreClock())
        // A batch the size of the reference board's vibration batches: four 4 KiB overflow pages.
        let large = batch(sequence: 0, payloadBytes: 16_384)
        try store.append(large)
        let before = walBytes(folder)
        #expect(try store.acknowledge([large.key]) == 1)
        let frames = (walBytes(folder) - before) / (24 + 4096)
        // Four pages of b-tree and free-list bookkeeping. SQLite's full secure delete (on in Debian's
        // build) also overwrites the four freed overflow pages with zeros: seven frames.
        #expect(frames >= 1)
        #expect(frames <= 4)
    }
}
