// SensorGate — HAL: a serial port.

/// A serial port: a UART, a USB serial adapter, or one end of a pseudo-terminal.
///
/// Reads never assume message boundaries: a read returns whatever bytes have arrived.
public protocol SerialPort: AnyObject {
    /// The port's name: a path (`/dev/serial/by-id/…`, `/dev/ttyS1`, `/dev/pts/3`) or a simulated name.
    var name: String { get }
    /// The current line settings.
    var settings: SerialSettings { get }

    /// Applies line settings.
    /// - Parameter settings: baud rate, framing and flow control.
    /// - Throws: `HALError` with kind `.invalidArgument` for a rate the port cannot do.
    func configure(_ settings: SerialSettings) throws(HALError)

    /// Reads the bytes that have arrived, waiting until at least one has or `timeout` passes.
    /// - Parameters:
    ///   - buffer: receives the bytes, from index 0; its count is the most that is read.
    ///   - timeout: the longest wait; `.zero` does not wait.
    /// - Returns: the number of bytes read; 0 when the time ran out.
    /// - Throws: `HALError`; `.disconnected` when the other end went away.
    func read(into buffer: inout [UInt8], timeout: Duration) throws(HALError) -> Int

    /// Writes all of `bytes`, waiting for room in the output queue as needed.
    /// - Parameter bytes: the bytes to send.
    /// - Throws: `HALError`; `.disconnected` when the other end went away.
    func write(_ bytes: [UInt8]) throws(HALError)

    /// Waits until everything written has left the port.
    /// - Throws: `HALError`.
    func drain() throws(HALError)

    /// Discards queued bytes.
    /// - Parameter queue: which queue.
    /// - Throws: `HALError`.
    func flush(_ queue: SerialQueue) throws(HALError)

    /// Reads the modem control lines.
    /// - Returns: the lines that are asserted.
    /// - Throws: `HALError` with kind `.unsupported` where the device has no such lines (a pseudo-terminal).
    func modemControlLines() throws(HALError) -> ModemControlLines

    /// Asserts or releases the output control lines (DTR, RTS).
    /// - Parameters:
    ///   - lines: the lines to change.
    ///   - asserted: true to assert, false to release.
    /// - Throws: `HALError` with kind `.unsupported` where the device has no such lines.
    func setModemControlLines(_ lines: ModemControlLines, asserted: Bool) throws(HALError)
}
