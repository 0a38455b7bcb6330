// SensorGate — HALSim: one end of an in-memory serial link.

import HAL

/// One end of a ``SimSerialLink``.
///
/// Writes land in the other end's input at once, so `drain()` has nothing to wait for. A read with
/// nothing pending advances the link's ``VirtualClock`` by its timeout and returns 0: in the
/// single-threaded simulation nothing can arrive while it waits. After the other end is closed, a
/// read returns what is still pending and then throws `.disconnected`, and writes throw at once.
public final class SimSerialPort: SerialPort {
    /// The end's name.
    public let name: String
    /// The stored line settings.
    public private(set) var settings: SerialSettings = .default
    private let wire: SerialWire
    private let end: Int
    private var peer: Int { 1 - end }

    init(name: String, wire: SerialWire, end: Int) {
        self.name = name
        self.wire = wire
        self.end = end
    }

    /// Stores line settings after checking them.
    /// - Parameter settings: baud rate, framing, flow control.
    /// - Throws: `HALError` with kind `.invalidArgument` for a baud rate below 1 or data bits outside 5–8.
    public func configure(_ settings: SerialSettings) throws(HALError) {
        guard settings.baudRate > 0, (5...8).contains(settings.dataBits) else {
            throw HALError(
                .invalidArgument, device: name, operation: "configure",
                hint: "baud rate must be positive and data bits 5–8")
        }
        self.settings = settings
    }

    /// Reads up to `buffer.count` and ``SimSerialLink/chunkLimit`` bytes.
    /// - Parameters:
    ///   - buffer: receives the bytes from index 0.
    ///   - timeout: virtual time to let pass when nothing is pending.
    /// - Returns: the number of bytes read; 0 when nothing was pending.
    /// - Throws: `HALError` with kind `.disconnected` when this end or, with nothing pending, the other is closed.
    public func read(into buffer: inout [UInt8], timeout: Duration) throws(HALError) -> Int {
        try checkOpen("read")
        guard wire.pendingCount(at: end) > 0 else {
            guard wire.open[peer] else { throw disconnected("read") }
            wire.clock?.advance(by: timeout)
            return 0
        }
        let taken = wire.take(at: end, limit: min(buffer.count, wire.chunkLimit))
        buffer.replaceSubrange(0..<taken.count, with: taken)
        return taken.count
    }

    /// Delivers `bytes` to the other end.
    /// - Parameter bytes: the bytes.
    /// - Throws: `HALError` with kind `.disconnected` when either end is closed.
    public func write(_ bytes: [UInt8]) throws(HALError) {
        try checkOpen("write")
        guard wire.open[peer] else { throw disconnected("write") }
        wire.inbound[peer].append(contentsOf: bytes)
    }

    /// Returns at once: written bytes are already at the other end.
    /// - Throws: `HALError` with kind `.disconnected` when this end is closed.
    public func drain() throws(HALError) { try checkOpen("drain") }

    /// Discards this end's pending input (`.output` has nothing queued).
    /// - Parameter queue: which queue.
    /// - Throws: `HALError` with kind `.disconnected` when this end is closed.
    public func flush(_ queue: SerialQueue) throws(HALError) {
        try checkOpen("flush")
        if queue != .output { wire.discard(at: end) }
    }

    /// This end's DTR and RTS, and the other end's crossed over: its DTR as DSR and DCD, its RTS as CTS.
    /// - Returns: the asserted lines.
    /// - Throws: `HALError` with kind `.disconnected` when this end is closed.
    public func modemControlLines() throws(HALError) -> ModemControlLines {
        try checkOpen("read control lines")
        var lines = wire.outputs[end]
        let remote = wire.open[peer] ? wire.outputs[peer] : []
        if remote.contains(.dtr) { lines.formUnion([.dsr, .dcd]) }
        if remote.contains(.rts) { lines.insert(.cts) }
        return lines
    }

    /// Asserts or releases DTR and RTS.
    /// - Parameters:
    ///   - lines: DTR and/or RTS.
    ///   - asserted: true to assert.
    /// - Throws: `HALError`: `.invalidArgument` for input lines (CTS, DSR, DCD, RI); `.disconnected` when closed.
    public func setModemControlLines(_ lines: ModemControlLines, asserted: Bool) throws(HALError) {
        try checkOpen("set control lines")
        guard lines.isSubset(of: [.dtr, .rts]) else {
            throw HALError(
                .invalidArgument, device: name, operation: "set control lines", hint: "only DTR and RTS are outputs")
        }
        if asserted { wire.outputs[end].formUnion(lines) } else { wire.outputs[end].subtract(lines) }
    }

    /// Closes this end, as unplugging it would; the other end then sees `.disconnected`.
    public func close() {
        wire.open[end] = false
        wire.outputs[end] = []
        wire.discard(at: end)
    }

    // MARK: - Helpers

    private func checkOpen(_ operation: String) throws(HALError) {
        guard wire.open[end] else {
            throw HALError(.disconnected, device: name, operation: operation, hint: "this end was closed")
        }
    }

    private func disconnected(_ operation: String) -> HALError {
        HALError(.disconnected, device: name, operation: operation, hint: "the other end was closed")
    }
}
