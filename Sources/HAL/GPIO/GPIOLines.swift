// SensorGate — HAL: GPIO output and input lines.

/// A GPIO line driven by the gateway (a modem's PWRKEY or RESET, a sensor's chip enable).
public protocol GPIOOutputLine: AnyObject {
    /// The line's name for messages: `gpiochip0:17` or `gpiochip0:MODEM_PWRKEY`, or a simulated name.
    var name: String { get }
    /// Sets the logical level (active high unless the line was requested active low).
    /// - Parameter active: true for the active level.
    /// - Throws: `HALError` when the line cannot be driven.
    func set(_ active: Bool) throws(HALError)
}

/// A GPIO line read by the gateway, optionally with edge events (a sensor's data-ready interrupt).
public protocol GPIOInputLine: AnyObject {
    /// The line's name for messages.
    var name: String { get }
    /// Reads the logical level.
    /// - Returns: true when the line is active.
    /// - Throws: `HALError` when the line cannot be read.
    func get() throws(HALError) -> Bool
    /// Waits for an edge event until `timeout` passes.
    /// - Parameter timeout: the longest wait; `.zero` polls.
    /// - Returns: true when at least one event is ready to read.
    /// - Throws: `HALError`; `.unsupported` when the line was requested without edge detection.
    func waitForEvent(timeout: Duration) throws(HALError) -> Bool
    /// Reads the events that are ready, oldest first, without blocking.
    /// - Returns: the pending events; empty when none.
    /// - Throws: `HALError`; `.unsupported` when the line was requested without edge detection.
    func readEvents() throws(HALError) -> [GPIOEdgeEvent]
    /// Appends the events that are ready, oldest first, to storage the caller keeps, without blocking:
    /// the sampler's call, which allocates nothing once `events` has the capacity.
    /// - Parameter events: receives the pending events (appended; not emptied first).
    /// - Throws: `HALError`; `.unsupported` when the line was requested without edge detection.
    func readEvents(into events: inout [GPIOEdgeEvent]) throws(HALError)
    /// Waits until any of `lines` has an edge event ready, or `timeout` passes, in one wait (on Linux,
    /// one ppoll(2) over their event descriptors). Asked of one of the lines, normally the first.
    /// - Parameters:
    ///   - lines: lines requested with edge detection, this one among them.
    ///   - timeout: the longest wait; `.zero` polls.
    /// - Returns: whether events are ready on any of them; nil when this backend cannot wait on these
    ///   lines together (lines of another backend among them), and the caller waits on them in turn.
    /// - Throws: `HALError` from the wait.
    func waitForEvent(onAnyOf lines: [any GPIOInputLine], timeout: Duration) throws(HALError) -> Bool?
}

extension GPIOInputLine {
    /// The default: no wait on several lines at once (nil); the caller waits on them in turn.
    /// - Parameters:
    ///   - lines: the lines.
    ///   - timeout: unused.
    /// - Returns: nil.
    public func waitForEvent(onAnyOf lines: [any GPIOInputLine], timeout: Duration) throws(HALError) -> Bool? { nil }

    /// The default: ``readEvents()`` appended to `events` (allocates the intermediate array).
    /// - Parameter events: receives the pending events.
    /// - Throws: what ``readEvents()`` throws.
    public func readEvents(into events: inout [GPIOEdgeEvent]) throws(HALError) {
        events.append(contentsOf: try readEvents())
    }
}
