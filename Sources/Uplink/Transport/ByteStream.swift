// SensorGate — Uplink: the byte stream every uplink protocol runs over.

/// A reliable, ordered byte stream: a TCP socket of the host, or a socket of the modem.
///
/// Blocking, single-threaded: `read` waits at most `timeout` and returns what arrived (empty when
/// nothing did). The end of the stream is an error (kind `.closed`), never an empty read.
public protocol ByteStream: AnyObject {
    /// Writes all of `bytes`.
    /// - Parameter bytes: the bytes.
    /// - Throws: `MQTTError` with kind `.transport` or `.closed`.
    func write(_ bytes: [UInt8]) throws(MQTTError)

    /// Reads what has arrived, waiting up to `timeout` for the first byte.
    /// - Parameters:
    ///   - maxBytes: the most bytes to return.
    ///   - timeout: the longest wait.
    /// - Returns: 1 to `maxBytes` bytes, or none when the timeout passed.
    /// - Throws: `MQTTError` with kind `.closed` at the end of the stream, `.transport` on a failure.
    func read(maxBytes: Int, timeout: Duration) throws(MQTTError) -> [UInt8]

    /// Closes the stream (without any protocol goodbye); idempotent.
    func close()
}
