// SensorGate — GatewayTests: a store error met while delivering is counted and published, and the stage
// goes on delivering rather than swallowing it or stopping.

import Board
import Collector
import Envelope
import Foundation
import Store
import Testing

@testable import Gateway

/// A delivery whose first call meets a store error; later calls deliver nothing.
final class FailingOnceDelivery: BatchDelivery {
    let mode = "failing-once-test-link"
    let error = StoreError(.io, path: "state/store.sqlite", detail: "cannot read pending batches (I/O error)")
    private(set) var counters = DeliveryCounters()
    private(set) var calls = 0

    func deliverPending(limit: Int) throws(StoreError) -> Int {
        calls += 1
        if calls == 1 { throw error }
        return 0
    }

    func finish() -> (report: CollectorReport, givenUp: [String]) { (Collector(registry: DeviceRegistry()).report, []) }
}

@Suite struct PipelineDeliveryErrorTests {
    @Test func aStoreErrorInDeliveryIsPublishedAndTheNextRoundTriesAgain() throws {
        let board = try BoardLoader.parse(GatewayPipelineTests.boardYAML, file: "gateway-test.yaml")
        let bound = BoardBinder(backend: nil).bind(board)
        let plan = StreamPlan.make(board: board, groups: try bound.samplingGroups())
        let directory = NSTemporaryDirectory() + "pipeline-error-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try BatchStore(directory: directory)
        let sealer = try BatchSealer(
            plan: plan, writer: EnvelopeWriter(identity: DeviceIdentity.generate()), store: store,
            epochMicros: Int64(Date().timeIntervalSince1970 * 1e6))
        let queue = WindowQueue()
        queue.close()
        let delivery = FailingOnceDelivery()
        let pipeline = Pipeline(queue: queue, sealer: sealer, delivery: delivery)
        pipeline.run()
        let snapshot = pipeline.published.withLock { $0 }
        #expect(snapshot.deliveryStoreErrors == 1)
        #expect(snapshot.lastDeliveryStoreError == delivery.error.description)
        #expect(delivery.calls >= 2, "the stage delivered again after the error")
    }
}
