// SensorGate — Gateway: delivery through the real CoAP client over UDP, to a remote server or to a collector server on loopback.

import Collector
import Envelope
import Foundation
import HAL
import Store
import Synchronization
import Uplink

/// Delivers each pending batch as a confirmable CoAP POST (block-wise when larger than a block) with
/// ``CoAPUDPClient`` to a CoAP collector — a remote one (`--upstream coap://HOST:PORT/PATH`,
/// `sensorgate collect --coap` or any server that answers 2.04), or an in-process
/// ``CoAPCollectorServer`` on a loopback port, served on a thread of its own — and acknowledges
/// (deletes from the store) a batch when the server answers 2.04 Changed: the server's word that it
/// took the envelope (decoded, held, a duplicate, or authentic but undecodable). A refused envelope
/// (4.01, 4.00) is counted as rejected and also deleted: no resend can make it good. A timeout leaves
/// the batch in the store for the next attempt.
final class CoAPDelivery: BatchDelivery {
    let mode: String
    /// The path batches are posted to by default (``CoAPUpstream/defaultPath``).
    static let path = CoAPUpstream.defaultPath
    private let client: CoAPUDPClient
    private let path: String
    private let server: ServerThread?
    private let remote: UDPAddress?
    let store: BatchStore
    private(set) var counters = DeliveryCounters()
    /// The batch whose exchange is in progress, and its size.
    private var inFlight: (key: BatchKey, bytes: Int)?

    /// Starts the collector server on a free loopback port and a client for it; `exchangeClock` is the
    /// time the server's remembered exchanges age on (nil: the real clock; a simulated run's virtual time).
    /// - Throws: `GatewayError` when a socket cannot be opened.
    init(
        identity: DeviceIdentity, sealingKey: SealingKey? = nil, store: BatchStore,
        exchangeClock: (@Sendable () -> Duration)? = nil
    ) throws(GatewayError) {
        var registry = DeviceRegistry()
        registry.register(publicKey: identity.publicKey, sealingKey: sealingKey)
        do {
            let collectorServer = try CoAPCollectorServer(
                address: UDPAddress(host: 0x7F00_0001, port: 0), collector: Collector(registry: registry),
                exchangeClock: exchangeClock)
            server = ServerThread(server: collectorServer)
            client = try CoAPUDPClient(server: collectorServer.localAddress, seed: 1)
        } catch {
            throw GatewayError(.configuration, "CoAP loopback: \(error)")
        }
        mode = "coap-loopback"
        path = Self.path
        remote = nil
        self.store = store
        server?.start()
    }

    /// A client for the remote CoAP server at `address`, posting to `path`.
    /// - Throws: `GatewayError` when the socket cannot be opened.
    init(remote address: UDPAddress, path: String, store: BatchStore, seed: UInt64) throws(GatewayError) {
        do { client = try CoAPUDPClient(server: address, seed: seed) } catch {
            throw GatewayError(.configuration, "coap://\(address): \(error)")
        }
        mode = "coap"
        self.path = path
        server = nil
        remote = address
        self.store = store
    }

    /// The server's address.
    var serverAddress: String { server?.address ?? remote.map { "\($0)" } ?? "" }

    /// Carries the exchange in flight on for a moment and posts further batches while the server
    /// answers at once; returns as soon as an exchange is still waiting (a slow server, or
    /// retransmissions to an unreachable one, which take up to about 93 s at the default settings), so
    /// the sealing on this thread goes on. The exchange continues at the next call.
    /// - Returns: batches the server answered in this call (0: nothing moved yet).
    func deliverPending(limit: Int) throws(StoreError) -> Int {
        let clock = ContinuousClock()
        let start = clock.now
        defer { counters.timeNs += (clock.now - start).nanoseconds }
        var acknowledged: [BatchKey] = []
        // What this call had answered (deleted only at its end) or could not post: left out of the reads.
        var passed = Set<BatchKey>()
        var delivered = 0
        do {
            while delivered < limit {
                if inFlight == nil {
                    // One batch at a time: an exchange often outlasts the call, and batches read ahead
                    // would be read (and their checksums verified) again by the next call.
                    guard let batch = try store.pending(limit: 1, excludingInFlight: passed).first else { break }
                    do { try client.start(.post, path: path, payload: batch.payload) } catch {
                        counters.failures += 1
                        passed.insert(batch.key)
                        if remote != nil { break }
                        continue
                    }
                    inFlight = (batch.key, batch.payload.count)
                }
                guard let (key, size) = inFlight else { break }
                let response: CoAPResponse
                do {
                    guard let answered = try client.step(maxWait: Self.stepWait) else { break }
                    response = answered
                } catch {
                    inFlight = nil
                    passed.insert(key)
                    counters.failures += 1
                    // The server is unreachable or lossy beyond the retransmissions: keep the rest for later.
                    if remote != nil { break }
                    continue
                }
                inFlight = nil
                delivered += 1
                counters.envelopes += 1
                counters.bytes += size
                if response.code != .changed { counters.rejected += 1 }
                acknowledged.append(key)
                passed.insert(key)
            }
        } catch {
            if !acknowledged.isEmpty { _ = try store.acknowledge(acknowledged) }
            throw error
        }
        if !acknowledged.isEmpty { _ = try store.acknowledge(acknowledged) }
        return delivered
    }

    /// The longest one ``deliverPending(limit:)`` waits for the server's answer before it gives the
    /// thread back.
    static let stepWait: Duration = .milliseconds(10)

    /// At the end of a run: delivers on until the store has nothing more to send, or an exchange fails
    /// (those batches stay in the store for the next run). Each exchange ends within its retransmission
    /// schedule.
    /// - Throws: `StoreError` when the store cannot be read or updated.
    func drain() throws(StoreError) {
        while true {
            let failures = counters.failures
            let delivered = try deliverPending(limit: Pipeline.deliverySlice)
            if counters.failures > failures || (delivered == 0 && inFlight == nil) { break }
        }
    }

    func finish() -> (report: CollectorReport, givenUp: [String]) {
        counters.datagramsSent = client.datagramsSent
        guard let server else { return (Collector(registry: DeviceRegistry()).report, []) }
        server.stop()
        var givenUp: [String] = []
        let report = server.server.finish { givenUp.append($0) }
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
                server.logger.error("CoAP server: \(error)")
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
