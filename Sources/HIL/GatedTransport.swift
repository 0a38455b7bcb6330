// SensorGate — HIL: the simulated module's sockets to a real broker, cut during broker-down windows.

import Modem
import ModemSim

/// The simulated module's network when the scenario runs against a real broker (`--broker`): real TCP on
/// the host (``LoopbackTransport``), refused while the upstream is unreachable (a `broker-down` window,
/// a power cut), and the open connections closed as soon as it becomes so, as ``HILBroker`` does.
final class GatedTransport: NetworkTransport {
    private let inner: LoopbackTransport
    private let upstream: HILUpstream
    private var open: Set<Int> = []
    private var pending: [TransportEvent] = []

    /// Real TCP to `host` (every connection goes there), gated by `upstream`'s reachability.
    init(host: String, upstream: HILUpstream) {
        inner = LoopbackTransport(upstreamHost: host)
        self.upstream = upstream
    }

    private var reachable: Bool { upstream.reachable.load(ordering: .relaxed) }

    func connect(_ proto: SocketProtocol, host: String, port: Int) -> Result<Int, TransportFailure> {
        guard reachable else { return .failure(.refused) }
        let result = inner.connect(proto, host: host, port: port)
        if case .success(let connection) = result { open.insert(connection) }
        return result
    }

    func send(_ bytes: [UInt8], on connection: Int) {
        guard reachable else {
            dropAll()
            return
        }
        inner.send(bytes, on: connection)
    }

    func close(_ connection: Int) {
        open.remove(connection)
        inner.close(connection)
    }

    func poll() -> [TransportEvent] {
        if !reachable { dropAll() }
        let events = pending + inner.poll()
        pending.removeAll()
        for case .closed(let connection) in events { open.remove(connection) }
        return events
    }

    func waitForActivity(timeout: Duration) {
        guard pending.isEmpty, reachable || open.isEmpty else { return }
        inner.waitForActivity(timeout: timeout)
    }

    /// Closes every open connection, as a broker going away does.
    private func dropAll() {
        for connection in open.sorted() {
            inner.close(connection)
            pending.append(.closed(connection: connection))
        }
        open.removeAll()
    }
}
