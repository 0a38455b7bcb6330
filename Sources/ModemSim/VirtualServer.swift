// SensorGate — ModemSim: an upstream server on simulated time, for in-process tests.

import Modem

/// A server that answers each connection through a handler, with no real sockets: it runs on the
/// simulation's time, so tests stay deterministic.
public final class VirtualServer: NetworkTransport {
    /// What the server does with received bytes: the bytes to answer (empty for none) and whether to
    /// close the connection after answering.
    public typealias Handler = (_ connection: Int, _ bytes: [UInt8]) -> (reply: [UInt8], close: Bool)

    /// The ports that accept connections.
    public var listeningPorts: Set<Int>
    /// Everything received, per connection, in order.
    public private(set) var received: [Int: [UInt8]] = [:]
    /// The connections the server holds open.
    public private(set) var open: Set<Int> = []
    private let handler: Handler
    private var pending: [TransportEvent] = []
    private var nextConnection = 1

    /// Creates a server.
    /// - Parameters:
    ///   - ports: the listening ports.
    ///   - handler: the reply to received bytes. Default: echo.
    public init(ports: Set<Int>, handler: @escaping Handler = { _, bytes in (bytes, false) }) {
        listeningPorts = ports
        self.handler = handler
    }

    /// Connects when something listens on `port`.
    public func connect(_ proto: SocketProtocol, host: String, port: Int) -> Result<Int, TransportFailure> {
        guard listeningPorts.contains(port) else { return .failure(.refused) }
        defer { nextConnection += 1 }
        open.insert(nextConnection)
        return .success(nextConnection)
    }

    /// Hands the bytes to the handler and queues its answer.
    public func send(_ bytes: [UInt8], on connection: Int) {
        guard open.contains(connection) else { return }
        received[connection, default: []] += bytes
        let (reply, close) = handler(connection, bytes)
        if !reply.isEmpty { pending.append(.data(connection: connection, bytes: reply)) }
        if close {
            open.remove(connection)
            pending.append(.closed(connection: connection))
        }
    }

    /// Forgets the connection.
    public func close(_ connection: Int) { open.remove(connection) }

    /// Closes `connection` from the server side.
    /// - Parameter connection: the handle.
    public func closeFromServer(_ connection: Int) {
        guard open.remove(connection) != nil else { return }
        pending.append(.closed(connection: connection))
    }

    /// Sends unsolicited bytes to the client.
    /// - Parameters:
    ///   - bytes: the bytes.
    ///   - connection: the handle.
    public func push(_ bytes: [UInt8], on connection: Int) {
        guard open.contains(connection) else { return }
        pending.append(.data(connection: connection, bytes: bytes))
    }

    /// Takes the queued answers.
    public func poll() -> [TransportEvent] {
        defer { pending.removeAll() }
        return pending
    }

    /// Returns at once: the server has no real time.
    public func waitForActivity(timeout: Duration) {}
}
