// SensorGate — HALSim: a simulated GPIO line the gateway reads, with edge events.

import HAL

/// A line of a ``SimGPIOChip`` requested as an input: a model drives it, the gateway reads it.
///
/// Each physical change becomes an edge event when the requested `edges` include it, timestamped
/// from the ``VirtualClock`` and numbered from 1 like the kernel's line sequence numbers. Edges are
/// logical: with `activeLow`, a falling physical level is a rising edge.
public final class SimGPIOInputLine: GPIOInputLine {
    /// The chip the line belongs to.
    public let chip: SimGPIOChip
    /// The line's offset on its chip.
    public let offset: UInt32
    /// The line's name, `CHIP:LINE`.
    public let name: String
    /// The settings it was requested with.
    public let settings: GPIOLineSettings
    /// The line's edge events, which the chip fills: the chip holds the queue, not the line, so that
    /// no weak reference moves the line's reference count to a side table (the sampler retains the
    /// line it waits on at every wake-up, and a side table makes each retain several times dearer).
    let queue: SimGPIOEdgeQueue
    private var released = false

    init(chip: SimGPIOChip, offset: UInt32, name: String, settings: GPIOLineSettings) {
        self.chip = chip
        self.offset = offset
        self.name = name
        self.settings = settings
        queue = SimGPIOEdgeQueue(offset: offset, settings: settings)
    }

    /// A line dropped without ``release()`` is given back too, as closing a line request's file does.
    deinit { release() }

    /// Sets the physical level, as the model driving the line does (true: high).
    /// - Parameter level: the physical level.
    public func drive(_ level: Bool) {
        chip.drive(offset, to: level)
    }

    /// Reads the logical level.
    /// - Returns: true when active.
    /// - Throws: `HALError` with kind `.invalidArgument` after ``release()``.
    public func get() throws(HALError) -> Bool {
        try checkRequested("get")
        return chip.level(at: offset) != settings.activeLow
    }

    /// Returns at once if events are pending; otherwise advances the virtual clock by `timeout` and
    /// returns false.
    ///
    /// The simulation is single-threaded: nothing can drive the line while this call waits, so an
    /// empty queue stays empty, and the wait only costs virtual time. Models that raise an edge at a
    /// later time are run by the scheduler before it asks.
    /// - Parameter timeout: the longest wait.
    /// - Returns: true when events are ready.
    /// - Throws: `HALError`: `.unsupported` when requested without edge detection.
    public func waitForEvent(timeout: Duration) throws(HALError) -> Bool {
        try checkEvents("wait for event")
        if !queue.pending.isEmpty { return true }
        // The sampler polls with a zero timeout on every turn: the clock (retained for the call) is
        // reached only when there is time to pass.
        if timeout > .zero { chip.clock.advance(by: timeout) }
        return false
    }

    /// Takes the pending events, oldest first.
    /// - Returns: the events; empty when none.
    /// - Throws: `HALError`: `.unsupported` when requested without edge detection.
    public func readEvents() throws(HALError) -> [GPIOEdgeEvent] {
        var events: [GPIOEdgeEvent] = []
        try readEvents(into: &events)
        return events
    }

    /// Appends the pending events, oldest first, to `events` and empties the queue, keeping its storage
    /// (no allocation once both have the capacity).
    /// - Parameter events: receives the events.
    /// - Throws: `HALError`: `.unsupported` when requested without edge detection.
    public func readEvents(into events: inout [GPIOEdgeEvent]) throws(HALError) {
        try checkEvents("read events")
        events.append(contentsOf: queue.pending)
        queue.pending.removeAll(keepingCapacity: true)
    }

    /// Gives the line back to the chip.
    public func release() {
        guard !released else { return }
        released = true
        chip.release(offset)
    }

    // MARK: - Helpers

    private func checkRequested(_ operation: String) throws(HALError) {
        guard !released else {
            throw HALError(.invalidArgument, device: name, operation: operation, hint: "the line was released")
        }
    }

    private func checkEvents(_ operation: String) throws(HALError) {
        try checkRequested(operation)
        guard settings.edges != .none else {
            throw HALError(
                .unsupported, device: name, operation: operation,
                hint: "request the line with edge detection (settings.edges) to get events")
        }
    }
}

/// The edge events of a requested input line, between the chip that records them and the line that
/// hands them to the gateway.
final class SimGPIOEdgeQueue {
    /// The line's offset, for the events.
    let offset: UInt32
    /// The settings the line was requested with: which edges count, and active-low.
    let settings: GPIOLineSettings
    /// Events not read yet, oldest first.
    var pending: [GPIOEdgeEvent] = []
    /// The last event's sequence number (the first is 1).
    private var sequence: UInt64 = 0

    init(offset: UInt32, settings: GPIOLineSettings) {
        self.offset = offset
        self.settings = settings
    }

    /// The chip reports a physical change: an event when the line's edges include it.
    func levelChanged(_ change: GPIOLevelChange) {
        let active = change.level != settings.activeLow
        let edge: GPIOEdgeEvent.Edge = active ? .rising : .falling
        switch (settings.edges, edge) {
        case (.both, _), (.rising, .rising), (.falling, .falling):
            sequence += 1
            pending.append(
                GPIOEdgeEvent(edge: edge, timestamp: change.timestamp, lineOffset: offset, sequence: sequence))
        default:
            return
        }
    }
}
