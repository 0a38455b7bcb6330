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
    /// Waits until any of `lines` has an edge event pending, or `deadline` passes: the scheduler waits
    /// so whenever several edge groups expect an edge, so that none waits behind another's line.
    /// - Parameters:
    ///   - lines: lines requested with edge detection.
    ///   - deadline: the latest instant to wait until.
    /// - Returns: true when events are pending on any of them.
    /// - Throws: `HALError` from a line or the clock.
    func waitForEdge(onAnyOf lines: [any GPIOInputLine], until deadline: MonotonicInstant) throws(HALError) -> Bool
}

extension SamplingTimebase {
    /// Waits on the lines in turn, each for at most `slice` (the HAL waits on one line at a time), so
    /// an edge on any of them is seen at most `slice` late; one line is waited on directly.
    /// - Parameters:
    ///   - lines: lines requested with edge detection.
    ///   - deadline: the latest instant to wait until.
    ///   - slice: the longest wait on one line. Default: 50 µs.
    /// - Returns: true when events are pending on any of them.
    /// - Throws: `HALError` from a line or the clock.
    public func waitForEdge(
        inTurnOn lines: [any GPIOInputLine], until deadline: MonotonicInstant, slice: Duration = .microseconds(50)
    ) throws(HALError) -> Bool {
        if lines.count == 1 { return try waitForEdge(on: lines[0], until: deadline) }
        while true {
            for index in lines.indices where try lines[index].waitForEvent(timeout: .zero) { return true }
            let now = clock.now()
            guard now < deadline, !lines.isEmpty else { return false }
            if try waitForEdge(on: lines[0], until: min(deadline, now + slice)) { return true }
        }
    }
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

    /// Waits on the lines for at most the time left until `deadline`: all at once where their backend
    /// can (`GPIOInputLine.waitForEvent(onAnyOf:timeout:)`, one ppoll(2) on Linux), else in turn
    /// (``waitForEdge(inTurnOn:until:slice:)``).
    public func waitForEdge(onAnyOf lines: [any GPIOInputLine], until deadline: MonotonicInstant) throws(HALError)
        -> Bool
    {
        if lines.isEmpty {
            try sleep(until: deadline)
            return false
        }
        if lines.count > 1 {
            let left = deadline - clock.now()
            if let ready = try lines[0].waitForEvent(onAnyOf: lines, timeout: left > .zero ? left : .zero) {
                return ready
            }
        }
        return try waitForEdge(inTurnOn: lines, until: deadline)
    }
}
