// SensorGate — HALLinux: the real monotonic clock.

import Glibc
import HAL

/// `CLOCK_MONOTONIC`: the clock the kernel stamps GPIO edge events with, so edge timestamps and
/// ``now()`` compare directly.
///
/// ``sleep(until:)`` uses `clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)`: absolute deadlines, so
/// periodic loops do not drift, and a signal only resumes the same sleep.
public final class LinuxMonotonicClock: MonotonicClock, Sendable {
    /// Creates the clock.
    public init() {}

    /// The current time (`clock_gettime(CLOCK_MONOTONIC)`).
    public func now() -> MonotonicInstant {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return MonotonicInstant(nanoseconds: Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec))
    }

    /// Sleeps until `deadline` (`clock_nanosleep` with `TIMER_ABSTIME`), resuming after signals.
    /// - Throws: `HALError` when the kernel refuses the sleep.
    public func sleep(until deadline: MonotonicInstant) throws(HALError) {
        var time = timespec(
            tv_sec: Int(deadline.nanoseconds / 1_000_000_000), tv_nsec: Int(deadline.nanoseconds % 1_000_000_000))
        while true {
            // clock_nanosleep returns the error number itself rather than setting errno.
            let result = system_call("clock_nanosleep", [deadline.nanoseconds]) {
                clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &time, nil)
            }
            if result == 0 { return }
            let code = result == -1 ? Glibc.errno : result
            if code == EINTR { continue }
            throw .linux(Errno(code), device: "CLOCK_MONOTONIC", operation: "clock_nanosleep", deviceClass: .clock)
        }
    }
}
