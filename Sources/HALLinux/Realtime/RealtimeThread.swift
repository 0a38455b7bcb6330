// SensorGate — HALLinux: making the calling thread fit for sampling: timer slack, SCHED_FIFO,
// locked memory, CPU affinity.

import CLinuxIO
import Glibc
import HAL
import Synchronization

/// What the sampling thread asks of the kernel. Each part the kernel refuses falls back to the
/// default with one warning naming the setting and what to do.
public struct RealtimeSettings: Sendable, Hashable {
    /// SCHED_FIFO priority 1…99, or nil for the normal scheduler. Default: nil.
    public var priority: Int?
    /// mlockall(MCL_CURRENT | MCL_FUTURE). Default: false.
    public var lockMemory = false
    /// CPUs the thread may run on; empty for any. Default: any.
    public var cpus: [Int] = []
    /// Timer slack in nanoseconds (the kernel's default is 50 µs for normal threads, which would
    /// delay every wake-up by up to that much). Default: 1 ns.
    public var timerSlackNanoseconds: UInt = 1
    /// The CPUs' wake-up latency to hold through PM QoS (``CPULatencyRequest``) in microseconds, or
    /// nil to leave the CPUs' idle states alone. Default: nil.
    public var cpuLatencyMicroseconds: Int?

    /// Creates settings.
    /// - Parameters:
    ///   - priority: SCHED_FIFO priority, or nil.
    ///   - lockMemory: whether to lock memory.
    ///   - cpus: the CPUs, or empty.
    ///   - cpuLatencyMicroseconds: the PM QoS CPU latency to hold, or nil.
    public init(priority: Int? = nil, lockMemory: Bool = false, cpus: [Int] = [], cpuLatencyMicroseconds: Int? = nil) {
        self.priority = priority
        self.lockMemory = lockMemory
        self.cpus = cpus
        self.cpuLatencyMicroseconds = cpuLatencyMicroseconds
    }
}

/// Applies ``RealtimeSettings`` to the calling thread.
public enum RealtimeThread {
    /// The process's CPU latency request, held until the process exits or a later `apply` replaces it.
    private static let cpuLatency = Mutex<CPULatencyRequest?>(nil)

    /// The CPU latency request in force, in microseconds, or nil.
    public static var heldCPULatencyMicroseconds: Int32? { cpuLatency.withLock { $0?.microseconds } }

    /// Applies `settings` to the calling thread (the CPU latency request applies to the whole process).
    /// - Parameter settings: what to ask for.
    /// - Returns: one warning per setting the kernel refused; empty when all took.
    public static func apply(_ settings: RealtimeSettings) -> [String] {
        var warnings: [String] = []
        if CLinuxIO_set_timer_slack(settings.timerSlackNanoseconds) != 0 {
            warnings.append(
                "timer slack: prctl(PR_SET_TIMERSLACK) failed (\(Errno(errno))); wake-ups may be up to 50 µs late")
        }
        if settings.lockMemory, mlockall(Int32(MCL_CURRENT | MCL_FUTURE)) != 0 {
            let code = Errno(errno)
            warnings.append(
                "lock-memory: mlockall failed (\(code)); memory stays pageable. Grant CAP_IPC_LOCK or raise "
                    + "RLIMIT_MEMLOCK (LimitMEMLOCK=infinity in the systemd unit)")
        }
        if !settings.cpus.isEmpty {
            let cpus = settings.cpus.map { Int32(clamping: $0) }
            if cpus.withUnsafeBufferPointer({ CLinuxIO_set_affinity($0.baseAddress, Int32($0.count)) }) != 0 {
                warnings.append(
                    "cpus: sched_setaffinity(\(settings.cpus)) failed (\(Errno(errno))); the thread runs on any CPU. "
                        + "Name CPUs that exist and are allowed to this process")
            }
        }
        if let microseconds = settings.cpuLatencyMicroseconds {
            do {
                let request = try CPULatencyRequest(microseconds: microseconds)
                cpuLatency.withLock { $0 = request }
            } catch {
                warnings.append("cpu-latency-us: \(error)")
            }
        }
        if let priority = settings.priority {
            var parameters = sched_param(sched_priority: Int32(clamping: priority))
            if sched_setscheduler(0, SCHED_FIFO, &parameters) != 0 {
                warnings.append(
                    "realtime-priority: SCHED_FIFO \(priority) refused (\(Errno(errno))); running with the normal "
                        + "scheduler. Grant CAP_SYS_NICE (AmbientCapabilities=CAP_SYS_NICE) or set RLIMIT_RTPRIO")
            }
        }
        return warnings
    }
}
