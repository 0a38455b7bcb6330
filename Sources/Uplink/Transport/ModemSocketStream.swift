// SensorGate — Uplink: a TCP connection through the cellular module's own TCP/IP stack.

import HAL
import Modem

/// A TCP socket of the modem (``ModemDriver/openSocket(_:host:port:)``) as a ``ByteStream``.
///
/// Reads take what the driver has collected; while nothing waits, the driver listens on the serial
/// link (so the modem's data-available URCs are handled) in slices of ``pollInterval`` on its clock,
/// until data comes, the socket closes, or the read's timeout passes.
public final class ModemSocketStream: ByteStream {
    /// The driver.
    public let driver: ModemDriver
    /// The socket identifier in the modem.
    public let socketID: Int
    /// The peer, as `host:port`, for messages.
    public let peer: String
    /// The longest single listen while a read waits. Default: 200 ms.
    public var pollInterval: Duration = .milliseconds(200)
    private let clock: any MonotonicClock
    private var pending: [UInt8] = []
    private var isClosed = false

    /// Opens a TCP socket in the modem (bringing the modem online first).
    /// - Parameters:
    ///   - driver: the modem driver.
    ///   - host: the peer's name or address.
    ///   - port: the peer's port.
    ///   - clock: the clock the driver runs on (for read timeouts).
    /// - Throws: `MQTTError` with kind `.transport`, carrying the modem's error line.
    public init(driver: ModemDriver, host: String, port: Int, clock: any MonotonicClock) throws(MQTTError) {
        self.driver = driver
        self.clock = clock
        peer = "\(host):\(port)"
        do {
            socketID = try driver.openSocket(.tcp, host: host, port: port)
        } catch {
            throw MQTTError(.transport, "\(peer) through the modem: \(error.description)")
        }
    }

    /// Sends all bytes through the modem.
    public func write(_ bytes: [UInt8]) throws(MQTTError) {
        guard !isClosed else { throw MQTTError(.closed, "\(peer): the modem socket is closed") }
        do { try driver.send(bytes, on: socketID) } catch { throw mapped(error, "send") }
    }

    /// Reads what the modem received, listening up to `timeout` for it.
    public func read(maxBytes: Int, timeout: Duration) throws(MQTTError) -> [UInt8] {
        guard !isClosed else { throw MQTTError(.closed, "\(peer): the modem socket is closed") }
        let deadline = clock.now() + timeout
        while pending.isEmpty {
            do {
                pending += try driver.receive(from: socketID)
                if !pending.isEmpty { break }
                switch driver.socketState(socketID) {
                case .open, .opening: break
                case .peerClosed, .lost, .closed, nil:
                    throw MQTTError(.closed, "\(peer): the modem socket \(socketID) ended (\(stateText))")
                }
                let now = clock.now()
                guard now < deadline else { return [] }
                try driver.idle(for: min(pollInterval, deadline - now))
            } catch let error as MQTTError {
                throw error
            } catch let error as ModemError {
                throw mapped(error, "receive")
            } catch {
                throw MQTTError(.transport, "\(peer): \(error)")
            }
        }
        let count = min(max(1, maxBytes), pending.count)
        defer { pending.removeFirst(count) }
        return Array(pending[0..<count])
    }

    /// Closes the socket in the modem (errors are ignored: the socket is gone either way).
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        try? driver.close(socketID)
    }

    private var stateText: String { driver.socketState(socketID).map { "\($0)" } ?? "unknown" }

    private func mapped(_ error: ModemError, _ operation: String) -> MQTTError {
        let kind: MQTTError.Kind = error.kind == .socketNotOpen ? .closed : .transport
        return MQTTError(kind, "\(peer): modem \(operation) failed: \(error.description)")
    }
}
