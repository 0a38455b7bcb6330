// SensorGate — HAL: the clock every time-dependent part takes as a parameter.

/// A monotonic clock that can block until an absolute deadline.
///
/// Deadlines are absolute so that periodic work never drifts: the n-th deadline is
/// `start + n × period`, whatever each wake-up cost. The Linux clock sleeps with
/// `clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)`; the virtual clock jumps to the deadline at once.
public protocol MonotonicClock: AnyObject {
    /// The current time.
    /// - Returns: the current instant.
    func now() -> MonotonicInstant

    /// Blocks until `deadline`; returns at once when it has passed.
    /// - Parameter deadline: the absolute instant to wake at.
    /// - Throws: `HALError` when the clock cannot sleep.
    func sleep(until deadline: MonotonicInstant) throws(HALError)
}

extension MonotonicClock {
    /// Blocks for `duration` from now (for one-off waits such as a chip's start-up time).
    /// - Parameter duration: how long to wait.
    /// - Throws: `HALError` when the clock cannot sleep.
    public func sleep(for duration: Duration) throws(HALError) {
        try sleep(until: now() + duration)
    }
}
