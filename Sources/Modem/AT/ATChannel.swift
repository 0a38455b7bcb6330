// SensorGate — Modem: an AT engine running over a serial port.

import HAL

/// Runs an ``ATEngine`` over a ``SerialPort``: writes what the engine has to send, feeds it every
/// read, and lets its deadlines pass on a ``MonotonicClock``.
///
/// Blocking and single-threaded; events other than the awaited completion collect in ``backlog``.
public final class ATChannel {
    /// The engine.
    public private(set) var engine: ATEngine
    /// Events received while waiting (URCs, unhandled lines, noise, other completions), in order.
    public private(set) var backlog: [ATEngineEvent] = []
    /// The longest single read; deadlines shorten it.
    public var readSlice: Duration
    private let port: any SerialPort
    private let clock: any MonotonicClock
    private var buffer: [UInt8]

    /// Creates a channel.
    /// - Parameters:
    ///   - port: the modem's port.
    ///   - clock: the clock deadlines run on.
    ///   - engine: the engine, configured for the dialect.
    ///   - readSlice: the longest single read. Default: 50 ms.
    ///   - readBufferBytes: the size of one read. Default: 512.
    public init(
        port: any SerialPort, clock: any MonotonicClock, engine: ATEngine, readSlice: Duration = .milliseconds(50),
        readBufferBytes: Int = 512
    ) {
        self.port = port
        self.clock = clock
        self.engine = engine
        self.readSlice = readSlice
        buffer = [UInt8](repeating: 0, count: max(1, readBufferBytes))
    }

    /// Sends `command` and runs the engine until it completes (including a deferred result).
    /// - Parameter command: the command.
    /// - Returns: its reply; a timeout is a reply, not an error.
    /// - Throws: `HALError` from the port.
    public func execute(_ command: ATCommand) throws(HALError) -> ATReply {
        let id = engine.send(command, now: clock.now())
        while true {
            if let reply = takeCompletion(of: id) { return reply }
            try step(until: engine.nextDeadline ?? clock.now() + readSlice)
        }
    }

    /// Runs the engine for `duration`, collecting URCs and late results in ``backlog``.
    /// - Parameter duration: how long to listen.
    /// - Throws: `HALError` from the port.
    public func listen(for duration: Duration) throws(HALError) {
        let end = clock.now() + duration
        while clock.now() < end {
            try step(until: min(end, engine.nextDeadline ?? end))
            backlog += engine.takeEvents()
        }
    }

    /// Takes the collected events.
    /// - Returns: the events, in order.
    public func takeBacklog() -> [ATEngineEvent] {
        defer { backlog.removeAll() }
        return backlog
    }

    // MARK: - Helpers

    /// Writes pending bytes, reads once (at most until `deadline`), and feeds the engine.
    private func step(until deadline: MonotonicInstant) throws(HALError) {
        try writePending()
        let wait = min(readSlice, max(.zero, deadline - clock.now()))
        let count = try port.read(into: &buffer, timeout: wait)
        if count > 0 {
            engine.receive(buffer[0..<count], now: clock.now())
        } else {
            engine.poll(now: clock.now())
        }
        try writePending()
    }

    private func writePending() throws(HALError) {
        let output = engine.bytesToWrite()
        if !output.isEmpty { try port.write(output) }
    }

    private func takeCompletion(of id: ATCommandID) -> ATReply? {
        var found: ATReply?
        for event in engine.takeEvents() {
            if case .completed(id, let reply) = event {
                found = reply
            } else {
                backlog.append(event)
            }
        }
        return found
    }
}
