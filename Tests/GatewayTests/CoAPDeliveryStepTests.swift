// SensorGate — GatewayTests: CoAP delivery gives its thread back while an exchange waits for the server,
// carries the exchange on at the next call, and delivers what is left at the end of a run.

import Foundation
import Store
import Synchronization
import Testing
import Uplink

@testable import Gateway

/// A CoAP server on loopback that answers a request only when the test says so.
// @unchecked Sendable: the socket is used by one thread at a time (the test's, or the answering thread's
// until `stop` returns).
private final class ScriptedCoAPServer: @unchecked Sendable {
    let socket: UDPSocket
    private let stopping = Atomic<Bool>(false)
    private let stopped = DispatchSemaphore(value: 0)

    init() throws {
        socket = try UDPSocket(bindTo: UDPAddress(host: 0x7F00_0001, port: 0))
    }

    /// Receives the next request (waiting up to 5 s) and answers it with a message of `type` and `code`.
    /// - Returns: the request.
    @discardableResult
    func answer(_ type: CoAPMessage.MessageType, _ code: CoAPCode) throws -> CoAPMessage {
        guard let (bytes, from) = try socket.receive(timeout: .seconds(5)) else {
            throw CoAPError(.timeout, "the delivery sent nothing within 5 s")
        }
        let request = try CoAPMessage.decode(bytes)
        let reply = CoAPMessage(
            type: type, code: code, messageID: request.messageID, token: type == .reset ? [] : request.token)
        try socket.send(try reply.encoded(), to: from)
        return request
    }

    /// Answers every request with a piggybacked 2.04 on a thread of its own until ``stop()``.
    func answerAll() {
        let thread = Thread { [self] in
            while !stopping.load(ordering: .acquiring) {
                if let (bytes, from) = try? socket.receive(timeout: .milliseconds(20)),
                    let request = try? CoAPMessage.decode(bytes),
                    let reply = try? CoAPMessage(
                        type: .acknowledgement, code: .changed, messageID: request.messageID, token: request.token
                    ).encoded()
                {
                    try? socket.send(reply, to: from)
                }
            }
            stopped.signal()
        }
        thread.start()
    }

    func stop() {
        stopping.store(true, ordering: .releasing)
        stopped.wait()
    }
}

@Suite struct CoAPDeliveryStepTests {
    /// A delivery to a scripted server on loopback, from a store holding `count` small batches with
    /// distinct payloads (oldest first) in a fresh folder, which `body` may use until it returns.
    private func withDelivery(
        of count: Int,
        _ body: (CoAPDelivery, ScriptedCoAPServer, BatchStore, [StoredBatch]) throws -> Void
    ) throws {
        let directory = NSTemporaryDirectory() + "coap-delivery-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try BatchStore(directory: directory)
        let nowMicros = Int64(Date().timeIntervalSince1970 * 1e6)
        let batches = (0..<count).map { index in
            StoredBatch(
                stream: 1, streamName: "imu", sequence: UInt64(index), priority: .bulk,
                createdMicros: nowMicros + Int64(index) * 1_000_000,
                payload: (0..<100).map { UInt8(truncatingIfNeeded: $0 * 7 + index) })
        }
        try store.append(contentsOf: batches)
        let server = try ScriptedCoAPServer()
        let delivery = try CoAPDelivery(remote: server.socket.localAddress, path: "b", store: store, seed: 7)
        try body(delivery, server, store, batches)
    }

    @Test func aSilentServerDoesNotHoldTheThreadAndTheExchangeCarriesOnAtTheNextCall() throws {
        try withDelivery(of: 3) { delivery, server, store, batches in
            // The server has not answered: the call returns with the exchange in flight, not failed.
            #expect(try delivery.deliverPending(limit: 32) == 0)
            #expect(delivery.counters.failures == 0)
            #expect(store.count == 3)

            let first = try server.answer(.acknowledgement, .changed)
            #expect(first.payload == batches[0].payload)
            #expect(first.uriPath == "b")
            // The answer completes the first exchange; the second starts and waits in turn.
            #expect(try delivery.deliverPending(limit: 32) == 1)
            #expect(store.count == 2)
            #expect(try store.pending(limit: 8).map(\.sequence) == [1, 2])
            #expect(delivery.counters.bytes == batches[0].payload.count)

            let second = try server.answer(.acknowledgement, .changed)
            #expect(second.payload == batches[1].payload)
            #expect(try delivery.deliverPending(limit: 32) == 1)
            #expect(try store.pending(limit: 8).map(\.sequence) == [2])
        }
    }

    @Test func aFailedExchangeKeepsItsBatchAndTheNextCallSendsItAgain() throws {
        try withDelivery(of: 2) { delivery, server, store, batches in
            #expect(try delivery.deliverPending(limit: 32) == 0)
            try server.answer(.reset, .empty)
            #expect(try delivery.deliverPending(limit: 32) == 0)
            #expect(delivery.counters.failures == 1)
            #expect(store.count == 2)

            // The next call starts again with the same, oldest batch.
            #expect(try delivery.deliverPending(limit: 32) == 0)
            let again = try server.answer(.acknowledgement, .changed)
            #expect(again.payload == batches[0].payload)
        }
    }

    @Test func drainDeliversWhatIsLeftIncludingTheExchangeInFlight() throws {
        try withDelivery(of: 5) { delivery, server, store, batches in
            #expect(try delivery.deliverPending(limit: 32) == 0)
            server.answerAll()
            try delivery.drain()
            server.stop()
            #expect(store.count == 0)
            #expect(delivery.counters.envelopes == 5)
            #expect(delivery.counters.failures == 0)
        }
    }
}
