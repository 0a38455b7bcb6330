// SensorGate — HALLinux tests: the heap thresholds decide which blocks glibc maps on their own, and an
// out-of-range value comes back as one warning.

import Glibc
import HALLinux
import Testing

@Suite struct ProcessHeapTests {
    /// Larger than any thread arena's heap (glibc's are at most 64 MiB), and far beyond the free space
    /// the tests running beside this one leave in the main arena: such a block is mapped alone exactly
    /// when it is above the mmap threshold.
    private static let beyondAnyArenaBytes = 80 << 20

    /// Whether a fresh `malloc` block of `bytes` has a mapping of its own.
    private func mapped(_ bytes: Int) throws -> Bool {
        let block = try #require(malloc(bytes))
        defer { free(block) }
        return ProcessHeap.isSeparatelyMapped(block)
    }

    /// One test: the thresholds belong to the whole process, and tests run in parallel. A block below
    /// the threshold is never mapped alone; one above it is, unless free heap space left by other
    /// tests can hold it, so the mapped side is checked with a block too large for that.
    @Test func theThresholdsDecideWhichBlocksAreMappedAloneAndAnOutOfRangeValueChangesNothing() throws {
        // A 4 MiB threshold keeps a 3 MiB block in the heap.
        #expect(ProcessHeap.apply(HeapSettings(trimThresholdBytes: 2 << 20, mmapThresholdBytes: 4 << 20)) == nil)
        #expect(try !mapped(3 << 20))
        #expect(try mapped(Self.beyondAnyArenaBytes))
        // Out of range: one warning each, and the 4 MiB threshold stays (a 64 KiB one would map 256 KiB).
        let warning = try #require(ProcessHeap.apply(HeapSettings(mmapThresholdBytes: 64 << 20)))
        #expect(warning.contains("mmap threshold of 67108864 bytes"))
        #expect(warning.contains("at most 32 MiB"))
        #expect(ProcessHeap.apply(HeapSettings(trimThresholdBytes: -1, mmapThresholdBytes: 64 << 10)) != nil)
        #expect(try !mapped(256 << 10))
        #expect(try !mapped(3 << 20))
        // The defaults: 1 MiB, so a 768 KiB block stays in the heap; left in force for the process.
        #expect(ProcessHeap.apply(HeapSettings()) == nil)
        #expect(try !mapped(768 << 10))
        #expect(try mapped(Self.beyondAnyArenaBytes))
    }
}
