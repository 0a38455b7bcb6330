// SensorGate — HALLinux tests: the heap thresholds decide which blocks glibc maps on their own, and an
// out-of-range value comes back as one warning.

import Glibc
import HALLinux
import Testing

@Suite struct ProcessHeapTests {
    /// Whether a fresh `malloc` block of `bytes` has a mapping of its own.
    private func mapped(_ bytes: Int) throws -> Bool {
        let block = try #require(malloc(bytes))
        defer { free(block) }
        return ProcessHeap.isSeparatelyMapped(block)
    }

    /// One test, not two: the thresholds belong to the whole process and tests run in parallel (a
    /// two-test `.serialized` version once saw the other test's 4 MiB threshold in CI).
    @Test func theThresholdsDecideWhichBlocksAreMappedAloneAndAnOutOfRangeValueChangesNothing() throws {
        // Above the default 1 MiB a block is mapped alone; a 4 MiB threshold keeps a 3 MiB block in the heap.
        #expect(ProcessHeap.apply(HeapSettings(trimThresholdBytes: 8 << 20, mmapThresholdBytes: 4 << 20)) == nil)
        #expect(try !mapped(3 << 20))
        #expect(try mapped(5 << 20))
        #expect(ProcessHeap.apply(HeapSettings()) == nil)
        #expect(try !mapped(768 << 10))
        #expect(try mapped(3 << 20))
        #expect(try mapped((1 << 20) + 4096))

        // Out of range: one warning each, and the defaults stay in force.
        let warning = try #require(ProcessHeap.apply(HeapSettings(mmapThresholdBytes: 64 << 20)))
        #expect(warning.contains("mmap threshold of 67108864 bytes"))
        #expect(warning.contains("at most 32 MiB"))
        #expect(ProcessHeap.apply(HeapSettings(trimThresholdBytes: -1)) != nil)
        #expect(try !mapped(768 << 10))
        #expect(try mapped(3 << 20))
    }
}
