// SensorGate — HALSim: a virtual clock that moves only when the simulation moves it.

import HAL

/// What runs a simulation's events while a ``VirtualClock`` moves: see
/// ``VirtualClock/advanceObserver``. An observer removes itself from the clock before it goes.
///
/// A class to subclass rather than a protocol: the clock calls it through an unretained reference on
/// every move (bus wire time moves the clock several times per sample), which a protocol existential
/// cannot be called through without a retain and a release.
open class VirtualClockObserver {
    /// Creates an observer.
    public init() {}

    /// Called before the clock moves forward to `instant`; the clock still reads the old time.
    /// Subclasses override it; this one does nothing.
    /// - Parameter instant: where the clock is about to move.
    open func clockWillAdvance(to instant: MonotonicInstant) {}
}

/// A monotonic clock for simulation: time stands still until someone moves it.
///
/// The simulation is single-threaded and runs from event to event: nothing happens "while" time
/// passes, so time can jump. `sleep(until:)` jumps straight to the deadline, and the scheduler, the
/// buses (wire time, clock stretching) and the tests move it with ``advance(by:)`` and
/// ``advance(to:)``. Time never goes backwards. A run therefore takes as long as the CPU needs, and
/// the same inputs give the same timestamps on every run.
public final class VirtualClock: MonotonicClock {
    private var current: MonotonicInstant
    private var observing = false
    /// Told before time moves forward, with the instant it moves to, so that a simulation can run
    /// the events due on the way (a chip's data-ready edge while a bus transfer takes wire time)
    /// at their own instants. Moves made by the observer itself do not call it again.
    ///
    /// The clock does not keep its observer alive (the observer is told at every move, and a
    /// counted reference cost a retain and a release each time): an observer must remove itself
    /// (set this to nil) before it goes, as ``VirtualClockObserver`` requires.
    public var advanceObserver: VirtualClockObserver? {
        get { observer?.takeUnretainedValue() }
        set { observer = newValue.map { Unmanaged.passUnretained($0) } }
    }
    /// ``advanceObserver``, unretained.
    private var observer: Unmanaged<VirtualClockObserver>?
    /// How many times ``sleep(until:)`` was called, including calls whose deadline had passed.
    public private(set) var sleepCount = 0
    /// The chip model a simulated bus reached since ``takeTargetAccess()`` was last called, if one.
    private var touchedTarget: ObjectIdentifier?
    /// Whether more than one chip model was reached since then.
    private var touchedSeveral = false

    /// Creates a clock.
    /// - Parameter start: the initial time. Default: the origin.
    public init(start: MonotonicInstant = .zero) {
        current = start
    }

    /// The current virtual time.
    /// - Returns: the current instant.
    public func now() -> MonotonicInstant { current }

    /// Jumps to `deadline` at once; a deadline in the past leaves the time as it is.
    /// - Parameter deadline: the instant to wake at.
    public func sleep(until deadline: MonotonicInstant) throws(HALError) {
        sleepCount += 1
        advance(to: deadline)
    }

    /// Moves time forward by `duration`; a negative duration is ignored (time never goes back).
    /// - Parameter duration: how far to move.
    public func advance(by duration: Duration) {
        guard duration > .zero else { return }
        advance(to: current + duration)
    }

    /// Moves time forward by `nanoseconds`, as ``advance(by:)`` does, without making a `Duration`
    /// (the simulated buses move the clock by each segment's wire time on every transaction, and a
    /// `Duration` converts through 128-bit attoseconds); zero or less is ignored.
    /// - Parameter nanoseconds: how far to move, in nanoseconds.
    public func advance(byNanoseconds nanoseconds: Int64) {
        guard nanoseconds > 0 else { return }
        advance(to: MonotonicInstant(nanoseconds: current.nanoseconds &+ nanoseconds))
    }

    /// Moves time forward to `instant`; an instant in the past is ignored (time never goes back).
    /// - Parameter instant: the instant to move to.
    public func advance(to instant: MonotonicInstant) {
        guard instant > current else { return }
        if !observing, let observer {
            observing = true
            observer._withUnsafeGuaranteedRef { $0.clockWillAdvance(to: instant) }
            observing = false
        }
        if instant > current { current = instant }
    }

    /// Records that a simulated bus called into `target` (its state, and so its next event, may have
    /// changed), so that a simulation caching each model's next event recomputes this one only.
    /// - Parameter target: the chip model the bus reached.
    public func noteTargetAccess(_ target: AnyObject) {
        let identifier = ObjectIdentifier(target)
        if touchedTarget == nil {
            touchedTarget = identifier
        } else if touchedTarget != identifier {
            touchedSeveral = true
        }
    }

    /// The chip models the buses reached since the last call, and forgets them.
    /// - Returns: the one model reached (nil: none or several) and whether several were.
    public func takeTargetAccess() -> (target: ObjectIdentifier?, several: Bool) {
        defer {
            touchedTarget = nil
            touchedSeveral = false
        }
        return touchedSeveral ? (nil, true) : (touchedTarget, false)
    }
}
