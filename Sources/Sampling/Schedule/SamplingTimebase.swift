// SensorGate — Sampling: how the scheduler waits, in real time or in virtual time.

import HAL

/// What the scheduler waits on: deadlines and data-ready edges.
///
/// The scheduler's code is the same on a gateway and in simulation; only the timebase differs.
/// ``RealTimebase`` sleeps on the monotonic clock and waits on GPIO lines the kernel's way;
/// ``VirtualTimebase`` moves a virtual clock from event to event, running the chip models in between.
public protocol SamplingTimebase: AnyObject {
    /// The clock samples are stamped with.
    var clock: any MonotonicClock { get }
    /// Blocks until `deadline` (at once when it has passed).
    /// - Parameter deadline: the absolute instant.
    /// - Throws: `HALError` when the clock cannot sleep.
    func sleep(until deadline: MonotonicInstant) throws(HALError)
    /// Waits until `line` has an edge event pending, or `deadline` passes.
    /// - Parameters:
    ///   - line: a line requested with edge detection.
    ///   - deadline: the latest instant to wait until.
    /// - Returns: true when events are pending.
    /// - Throws: `HALError` from the line or the clock.
    func waitForEdge(on line: any GPIOInputLine, until deadline: MonotonicInstant) throws(HALError) -> Bool
}

/// Real time: the clock's own absolute sleep (`clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)` on
/// Linux) and the line's own event wait (poll on the line request's file descriptor).
public final class RealTimebase: SamplingTimebase {
    /// The clock slept on and stamped with.
    public let clock: any MonotonicClock

    /// Creates a real-time timebase.
    /// - Parameter clock: the monotonic clock (`LinuxMonotonicClock` on a gateway).
    public init(clock: any MonotonicClock) {
        self.clock = clock
    }

    /// Sleeps on the clock until `deadline`.
    public func sleep(until deadline: MonotonicInstant) throws(HALError) {
        try clock.sleep(until: deadline)
    }

    /// Waits on the line for at most the time left until `deadline`.
    public func waitForEdge(on line: any GPIOInputLine, until deadline: MonotonicInstant) throws(HALError) -> Bool {
        let left = deadline - clock.now()
        return try line.waitForEvent(timeout: left > .zero ? left : .zero)
    }
}
