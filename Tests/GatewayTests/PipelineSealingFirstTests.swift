// SensorGate — GatewayTests: the sealing stage seals what the sampler hands over before it delivers more,
// so a link slower than the sampler deepens the store rather than the memory.

import Board
import Collector
import Envelope
import Foundation
import HAL
import Sampling
import Store
import Testing

@testable import Gateway

/// A slow link: each call delivers one batch and, meanwhile, the sampler hands over one more window.
final class SlowLinkDelivery: BatchDelivery {
    let mode = "slow-test-link"
    let store: BatchStore
    let queue: WindowQueue
    var windowsToHandOver: [SampleWindow]
    /// Windows waiting in the queue at the start of each call.
    private(set) var waitingAtEachCall: [Int] = []
    private(set) var counters = DeliveryCounters()
    private var waiting = 0

    init(store: BatchStore, queue: WindowQueue, windows: [SampleWindow]) {
        self.store = store
        self.queue = queue
        windowsToHandOver = windows
    }

    func deliverPending(limit: Int) throws(StoreError) -> Int {
        waiting = queue.hasWindowsWaiting ? waiting : 0
        waitingAtEachCall.append(waiting)
        if !windowsToHandOver.isEmpty {
            _ = queue.handOver(windowsToHandOver.removeFirst())
            waiting += 1
            if windowsToHandOver.isEmpty { queue.close() }  // the run's end, as the sampler closes it
        }
        let batches = try store.pending(limit: min(limit, 1))
        _ = try store.acknowledge(batches.map(\.key))
        counters.envelopes += batches.count
        return batches.count
    }

    func finish() -> (report: CollectorReport, givenUp: [String]) { (Collector(registry: DeviceRegistry()).report, []) }
}

@Suite struct PipelineSealingFirstTests {
    @Test func windowsHandedOverDuringASlowDeliveryAreSealedBeforeItContinues() throws {
        let board = try BoardLoader.parse(GatewayPipelineTests.boardYAML, file: "gateway-test.yaml")
        let bound = BoardBinder(backend: nil).bind(board)
        let groups = try bound.samplingGroups()
        let plan = StreamPlan.make(board: board, groups: groups)
        let directory = NSTemporaryDirectory() + "pipeline-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try BatchStore(directory: directory)
        // Eight seconds of the board's windows, made by the real sampler and batcher.
        let produced = WindowQueue()
        let batcher = Batcher(plan: plan, epoch: bound.clock.now(), queue: produced)
        let scheduler = SamplingScheduler(groups: groups, timebase: bound.virtualTimebase(), sink: batcher)
        scheduler.start()
        let start = try #require(scheduler.startInstant)
        batcher.epoch = start
        try scheduler.run(until: start + .seconds(8))
        batcher.flush()
        produced.close()
        let windows = produced.take(waitingUpTo: .zero).windows
        #expect(windows.count >= 8)
        // The first two go in at once; the rest arrive one per delivery call, as from a sampler that
        // keeps running while the link is slow.
        let queue = WindowQueue()
        for window in windows.prefix(2) { _ = queue.handOver(window) }
        let delivery = SlowLinkDelivery(store: store, queue: queue, windows: Array(windows.dropFirst(2)))
        let sealer = try BatchSealer(
            plan: plan, writer: EnvelopeWriter(identity: DeviceIdentity.generate()), store: store,
            epochMicros: 1_700_000_000_000_000)
        try sealer.emitSchemas()
        let pipeline = Pipeline(queue: queue, sealer: sealer, delivery: delivery)
        // The stage on this thread, until every window is handed over, sealed and delivered.
        pipeline.run()
        // No delivery call starts while a window waits: the stage sealed each one first.
        #expect(delivery.waitingAtEachCall.max() == 0)
        #expect(sealer.counters.droppedSamples.isEmpty)
        #expect(store.count == 0)
        #expect(delivery.counters.envelopes >= windows.count)
    }
}
