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

    /// Virtual seconds per wall second of the run (its `--speed`).
    private let factor: Double

    /// Real TCP to `host` (every connection goes there), gated by `upstream`'s reachability.
    /// - Parameters:
    ///   - host: the broker's host.
    ///   - upstream: whose `reachable` gates the connections.
    ///   - factor: the run's pacing, virtual seconds per wall second (at least 1).
    init(host: String, upstream: HILUpstream, factor: Double) {
        inner = LoopbackTransport(upstreamHost: host)
        self.upstream = upstream
        self.factor = max(factor, 1)
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

    /// Waits for the broker's bytes as long in wall time as `timeout` of the module's (virtual) time
    /// lasts at the run's pacing; not at all when no connection is open (nothing can arrive). The
    /// module's harness waits before each step of its clock, so an unscaled wait would hold a run at
    /// 500× to real time whenever the module is busy and the broker silent (a lost registration).
    func waitForActivity(timeout: Duration) {
        guard pending.isEmpty, reachable, !open.isEmpty else { return }
        inner.waitForActivity(timeout: timeout / factor)
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
