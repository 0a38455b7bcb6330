// SensorGate — Gateway: delivery through the real CoAP client over loopback UDP to a collector server.

import Collector
import Envelope
import Foundation
import HAL
import Store
import Synchronization
import Uplink

/// Delivers each pending batch as a confirmable CoAP POST (block-wise when larger than a block) with
/// ``CoAPUDPClient`` to an in-process ``CoAPCollectorServer`` on a loopback port, served on a thread of
/// its own, and acknowledges (deletes from the store) a batch when the server answers 2.04 Changed —
/// the server's word that it took the envelope (decoded, held, a duplicate, or authentic but
/// undecodable). A refused envelope (4.01, 4.00) is counted as rejected and also deleted: no resend
/// can make it good. A timeout leaves the batch in the store for the next attempt.
final class CoAPLoopbackDelivery: BatchDelivery {
    let mode = "coap-loopback"
    /// The path batches are posted to.
    static let path = "batches"
    private let client: CoAPUDPClient
    private let server: ServerThread
    let store: BatchStore
    private(set) var counters = DeliveryCounters()

    /// Starts the collector server on a free loopback port and a client for it.
    /// - Throws: `GatewayError` when a socket cannot be opened.
    init(identity: DeviceIdentity, sealingKey: SealingKey? = nil, store: BatchStore) throws(GatewayError) {
        var registry = DeviceRegistry()
        registry.register(publicKey: identity.publicKey, sealingKey: sealingKey)
        do {
            let collectorServer = try CoAPCollectorServer(
                address: UDPAddress(host: 0x7F00_0001, port: 0), collector: Collector(registry: registry))
            server = ServerThread(server: collectorServer)
            client = try CoAPUDPClient(server: collectorServer.localAddress, seed: 1)
        } catch {
            throw GatewayError(.configuration, "CoAP loopback: \(error)")
        }
        self.store = store
        server.start()
    }

    /// The server's address.
    var serverAddress: String { server.address }

    func deliverPending(limit: Int) throws(StoreError) -> Int {
        let clock = ContinuousClock()
        let start = clock.now
        defer { counters.timeNs += (clock.now - start).nanoseconds }
        let batches = try store.pending(limit: limit)
        var acknowledged: [BatchKey] = []
        var delivered = 0
        for batch in batches {
            let response: CoAPResponse
            do {
                response = try client.request(.post, path: Self.path, payload: batch.payload)
            } catch {
                counters.failures += 1
                continue
            }
            delivered += 1
            counters.envelopes += 1
            counters.bytes += batch.payload.count
            if response.code != .changed { counters.rejected += 1 }
            acknowledged.append(batch.key)
        }
        if !acknowledged.isEmpty { try store.acknowledge(acknowledged) }
        return delivered
    }

    func finish() -> (report: CollectorReport, givenUp: [String]) {
        server.stop()
        var givenUp: [String] = []
        server.server.log = { givenUp.append($0) }
        let report = server.server.finish()
        counters.datagramsSent = client.datagramsSent
        return (report, givenUp)
    }
}

/// The collector server's thread.
// @unchecked Sendable: `server` is used by the thread until `stop` returns (the semaphore orders it),
// and by the caller only after.
private final class ServerThread: @unchecked Sendable {
    let server: CoAPCollectorServer
    let address: String
    private let stopping = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    init(server: CoAPCollectorServer) {
        self.server = server
        address = server.localAddress.description
    }

    func start() {
        let thread = Thread { [self] in
            do {
                while !stopping.load(ordering: .acquiring) { try server.serveOnce(timeout: .milliseconds(50)) }
            } catch {
                server.log("CoAP server: \(error)")
            }
            done.signal()
        }
        thread.name = "sensorgate-collector"
        thread.start()
    }

    func stop() {
        stopping.store(true, ordering: .releasing)
        done.wait()
    }
}
