// SensorGate — Sampling: virtual time that advances from event to event.

import Drivers
import HAL
import HALSim

/// How fast virtual time runs against the wall clock.
public enum Pacing: Sendable, Hashable {
    /// As fast as the CPU allows.
    case asFastAsPossible
    /// `factor` virtual seconds per wall second (1: real time, for a real peer on the other side).
    case scaled(factor: Double)
}

/// Virtual time for a simulated board: whenever the clock moves (a sleep, a bus transfer's wire time,
/// a driver's wait) every chip model's events on the way run first, in time order, so that data-ready
/// and watermark pins change exactly when the chips would change them.
///
/// Nothing runs "while" time passes (the simulation is single-threaded), so a day of sampling takes
/// only as long as the work at each event. With ``Pacing/scaled(factor:)`` the timebase also sleeps
/// on a wall clock so that virtual time never runs ahead of `factor` × wall time.
public final class VirtualTimebase: VirtualClockObserver, SamplingTimebase {
    /// The virtual clock.
    public let virtualClock: VirtualClock
    /// The clock samples are stamped with: the virtual clock.
    public var clock: any MonotonicClock { virtualClock }
    /// How fast time runs.
    public let pacing: Pacing
    /// The chip models, in storage allocated once and called in place (see ``ModelSlot``); as many as
    /// ``events`` counts.
    private let slots: UnsafeMutablePointer<ModelSlot>
    /// The models' identities, to find the one a bus reached.
    private let identifiers: [ObjectIdentifier]
    /// Each model's next event, as last asked, and the earliest of them.
    private let events: NextEvents
    /// The model a bus reached last and its index, so that a run of accesses to one model (a FIFO
    /// drained entry by entry) finds it without searching ``identifiers``.
    @exclusivity(unchecked) private var lastTouched: (identifier: ObjectIdentifier, index: Int)?
    private let wallClock: (any MonotonicClock)?
    @exclusivity(unchecked) private var wallStart: MonotonicInstant?
    @exclusivity(unchecked) private var virtualStart: MonotonicInstant

    /// Creates a virtual timebase.
    /// - Parameters:
    ///   - clock: the simulation's clock.
    ///   - models: the chip models whose pin events must happen on time.
    ///   - pacing: how fast to run. Default: as fast as possible.
    ///   - wallClock: the real clock to pace against; required for ``Pacing/scaled(factor:)``.
    public init(
        clock: VirtualClock, models: [any SensorModel], pacing: Pacing = .asFastAsPossible,
        wallClock: (any MonotonicClock)? = nil
    ) {
        self.virtualClock = clock
        self.slots = UnsafeMutablePointer<ModelSlot>.allocate(capacity: max(models.count, 1))
        for index in models.indices { (slots + index).initialize(to: ModelSlot(model: models[index])) }
        self.identifiers = models.map { ObjectIdentifier($0) }
        self.events = NextEvents(count: models.count)
        self.pacing = pacing
        self.wallClock = wallClock
        self.virtualStart = clock.now()
        super.init()
        clock.advanceObserver = self
        invalidateAll()
    }

    deinit {
        virtualClock.advanceObserver = nil
        slots.deinitialize(count: events.count)
        slots.deallocate()
    }

    /// Runs the models' events up to `deadline`, then moves the clock there.
    public func sleep(until deadline: MonotonicInstant) throws(HALError) {
        invalidateAll()
        try pace(to: deadline)
        virtualClock.advance(to: deadline)
    }

    /// Runs the models' events one by one until the line has an edge pending or `deadline` passes.
    public func waitForEdge(on line: any GPIOInputLine, until deadline: MonotonicInstant) throws(HALError) -> Bool {
        invalidateAll()
        while true {
            if try line.waitForEvent(timeout: .zero) { return true }
            guard let next = nextModelEvent(notAfter: deadline) else { break }
            try pace(to: next)
            if next > virtualClock.now() { virtualClock.advance(to: next) } else { run(eventAt: next) }
        }
        try pace(to: deadline)
        virtualClock.advance(to: deadline)
        return try line.waitForEvent(timeout: .zero)
    }

    /// Runs the models' events one by one until any of the lines has an edge pending or `deadline`
    /// passes.
    public func waitForEdge(onAnyOf lines: [any GPIOInputLine], until deadline: MonotonicInstant) throws(HALError)
        -> Bool
    {
        invalidateAll()
        while true {
            if try anyPending(lines) { return true }
            guard let next = nextModelEvent(notAfter: deadline) else { break }
            try pace(to: next)
            if next > virtualClock.now() { virtualClock.advance(to: next) } else { run(eventAt: next) }
        }
        try pace(to: deadline)
        virtualClock.advance(to: deadline)
        return try anyPending(lines)
    }

    private func anyPending(_ lines: [any GPIOInputLine]) throws(HALError) -> Bool {
        for index in lines.indices where try lines[index].waitForEvent(timeout: .zero) { return true }
        return false
    }

    /// Runs every model event up to `instant` (the clock is about to move there).
    /// - Parameter instant: where the clock moves.
    public override func clockWillAdvance(to instant: MonotonicInstant) { runEvents(upTo: instant) }

    /// Runs every model event up to `target` in time order (the clock's advance observer: bus wire
    /// time and drivers' waits move the clock too, and pins must change on time meanwhile).
    private func runEvents(upTo target: MonotonicInstant) {
        var stalled = 0
        while let next = nextModelEvent(notAfter: target) {
            // A model that stays due after its update would spin: give up on this advance after a few.
            if next <= virtualClock.now() {
                stalled += 1
                if stalled > events.count { return }
            } else {
                stalled = 0
            }
            run(eventAt: next)
        }
    }

    /// The earliest model event at or before `limit`, if any.
    private func nextModelEvent(notAfter limit: MonotonicInstant) -> MonotonicInstant? {
        refreshTouched()
        guard events.anyDue(notAfter: limit) else { return nil }
        return events.earliest
    }

    /// Moves the clock to `instant` and brings every model due then up to date.
    private func run(eventAt instant: MonotonicInstant) {
        virtualClock.advance(to: instant)
        refreshTouched()
        for index in 0..<events.count where events.isDue(index, at: instant) {
            slots[index].update()
            events.set(index, slots[index].nextEvent())
        }
    }

    /// Asks every model for its next event again (entry points: something outside the buses, a test
    /// or the gateway, may have changed a model since the last step).
    private func invalidateAll() {
        _ = virtualClock.takeTargetAccess()
        refreshAll()
    }

    /// Asks every model for its next event.
    private func refreshAll() {
        for index in 0..<events.count { events.set(index, slots[index].nextEvent()) }
    }

    /// Asks again only the models a bus reached since the last look.
    private func refreshTouched() {
        let access = virtualClock.takeTargetAccess()
        if access.several {
            refreshAll()
        } else if let touched = access.target, let index = index(of: touched) {
            events.set(index, slots[index].nextEvent())
        }
    }

    /// The index of the model with identity `identifier`, if it is one of this timebase's.
    private func index(of identifier: ObjectIdentifier) -> Int? {
        if let lastTouched, lastTouched.identifier == identifier { return lastTouched.index }
        guard let index = identifiers.firstIndex(of: identifier) else { return nil }
        lastTouched = (identifier, index)
        return index
    }

    /// With scaled pacing, sleeps on the wall clock until virtual time `target` is due.
    private func pace(to target: MonotonicInstant) throws(HALError) {
        guard case .scaled(let factor) = pacing, factor > 0, let wallClock else { return }
        let wallStart = self.wallStart ?? wallClock.now()
        if self.wallStart == nil {
            self.wallStart = wallStart
            virtualStart = virtualClock.now()
        }
        let virtualElapsed = Double((target - virtualStart).nanoseconds)
        try wallClock.sleep(until: wallStart + .nanoseconds(Int64(virtualElapsed / factor)))
    }
}

/// One chip model, called through `mutating` methods on its slot: an access in place is exclusive, so
/// the model is borrowed for the call, where a call on a model read from an array or a buffer retains
/// and releases it (the call could otherwise free it). A slot is never written after it is made, so a
/// call that comes back to the same slot (a model's update moving the clock) only reads it.
private struct ModelSlot {
    /// The model.
    var model: any SensorModel

    /// Brings the model up to date.
    mutating func update() { model.update() }

    /// The model's next event.
    mutating func nextEvent() -> MonotonicInstant? { model.nextEventInstant }
}
