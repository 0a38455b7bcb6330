// SensorGate — ModemSim: where a simulated modem's sockets lead.

import Modem

/// What a connection reports.
public enum TransportEvent: Sendable, Hashable {
    /// Bytes from the peer.
    case data(connection: Int, bytes: [UInt8])
    /// The peer closed (or reset) the connection.
    case closed(connection: Int)
}

/// Why a connection could not be made.
public enum TransportFailure: Error, Sendable, Hashable {
    /// Nothing listens there, or the peer refused.
    case refused
    /// The host name cannot be resolved.
    case unresolved
}

/// The far side of a simulated modem's sockets: a virtual server on simulated time, or real TCP/UDP
/// endpoints on the loopback.
public protocol NetworkTransport: AnyObject {
    /// Opens a connection.
    /// - Parameters:
    ///   - proto: TCP or UDP.
    ///   - host: the address the modem was asked for.
    ///   - port: the port.
    /// - Returns: a connection handle, or why it failed.
    func connect(_ proto: SocketProtocol, host: String, port: Int) -> Result<Int, TransportFailure>
    /// Sends bytes (a datagram for UDP).
    /// - Parameters:
    ///   - bytes: the bytes.
    ///   - connection: the handle.
    func send(_ bytes: [UInt8], on connection: Int)
    /// Closes a connection.
    /// - Parameter connection: the handle.
    func close(_ connection: Int)
    /// What happened since the last call, without blocking.
    /// - Returns: the events, in order.
    func poll() -> [TransportEvent]
    /// Waits up to `timeout` of real time for something to poll (a virtual transport returns at once).
    /// - Parameter timeout: the longest wait.
    func waitForActivity(timeout: Duration)
}
