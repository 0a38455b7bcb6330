// SensorGate — HALLinux: the process heap's trim and mmap thresholds (glibc malloc).

import CLinuxIO
import Glibc
import HAL

/// How glibc's malloc keeps memory the gateway frees.
///
/// glibc hands a thread arena's free top back to the kernel (`madvise`) once it passes the trim
/// threshold, and maps blocks above the mmap threshold on their own, unmapping them on free. Left
/// to itself it starts both at 128 KiB and raises them only as far as the largest mapped block freed
/// so far. A gateway frees each batch's working buffers (about a megabyte for a 10 s window of a
/// 3.2 kHz, 3-channel stream) straight after sealing, decoding or sending it, so by default the
/// sealing and collector threads gave those pages back and faulted them in again (zeroed) for the
/// next batch, window after window. Thresholds above one batch's working set keep them.
public struct HeapSettings: Sendable, Hashable {
    /// Free space at the top of an arena glibc keeps rather than returning it. Default: 2 MiB.
    public var trimThresholdBytes: Int
    /// Blocks this large or larger get a mapping of their own. Default: 1 MiB (at most 32 MiB).
    public var mmapThresholdBytes: Int

    /// Creates settings.
    /// - Parameters:
    ///   - trimThresholdBytes: the trim threshold. Default: 2 MiB.
    ///   - mmapThresholdBytes: the mmap threshold. Default: 1 MiB.
    public init(trimThresholdBytes: Int = 2 << 20, mmapThresholdBytes: Int = 1 << 20) {
        self.trimThresholdBytes = trimThresholdBytes
        self.mmapThresholdBytes = mmapThresholdBytes
    }
}

/// Applies ``HeapSettings`` to the process (every thread's allocations).
public enum ProcessHeap {
    /// The largest mmap threshold mallopt(3) documents for 64-bit systems (DEFAULT_MMAP_THRESHOLD_MAX:
    /// 4 MiB × sizeof(long)); glibc 2.36 takes larger values without complaint, so the check is here.
    public static let maxMmapThresholdBytes = 32 << 20

    /// Sets the thresholds.
    /// - Parameter settings: the thresholds.
    /// - Returns: a warning when a value is out of range or glibc refused it (the heap then keeps the
    ///   thresholds it had), or nil.
    public static func apply(_ settings: HeapSettings) -> String? {
        let inRange =
            (0...Int(Int32.max)).contains(settings.trimThresholdBytes)
            && (0...maxMmapThresholdBytes).contains(settings.mmapThresholdBytes)
        guard inRange else {
            return "heap: a trim threshold of \(settings.trimThresholdBytes) bytes or an mmap threshold of "
                + "\(settings.mmapThresholdBytes) bytes is out of range; glibc keeps its own. Keep the trim "
                + "threshold within 0...2 GiB and the mmap threshold at most 32 MiB"
        }
        guard CLinuxIO_set_heap_thresholds(UInt(settings.trimThresholdBytes), UInt(settings.mmapThresholdBytes)) == 0
        else {
            return "heap: mallopt refused a trim threshold of \(settings.trimThresholdBytes) bytes or an mmap "
                + "threshold of \(settings.mmapThresholdBytes) bytes (\(Errno(errno))); glibc keeps its own"
        }
        return nil
    }

    /// Whether the heap block at `pointer` (from `malloc`) has a mapping of its own.
    /// - Parameter pointer: a block from `malloc`, not yet freed.
    /// - Returns: true for a block above the mmap threshold.
    public static func isSeparatelyMapped(_ pointer: UnsafeMutableRawPointer) -> Bool {
        CLinuxIO_heap_chunk_is_mapped(pointer) != 0
    }
}
