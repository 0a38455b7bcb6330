// SensorGate — Gateway: the stage behind the sampler: seal windows into the store, deliver from it.

import Foundation
import HAL
import Store
import Synchronization

/// The sealing and delivery stage, on a thread of its own: takes the windows the batcher hands over,
/// seals and stores them, then delivers what the store holds; at the end it drains the queue and the
/// store.
// @unchecked Sendable: after `start`, `sealer` and `delivery` are used only by the stage's thread; the
// caller reads them again only after `join` returned (the semaphore orders the accesses).
final class Pipeline: @unchecked Sendable {
    let queue: WindowQueue
    let sealer: BatchSealer
    let delivery: any BatchDelivery
    /// Seals drop notices when the link is up; nil sends none.
    let reporter: DropReporter?
    /// Whether the last delivery attempt that had something to send reached the upstream.
    private(set) var linkUp = false
    /// What the stage has done, published after each round for other threads (status, metrics, watchdog).
    let published = Mutex(PipelineSnapshot())
    private let done = DispatchSemaphore(value: 0)
    /// Store errors met while delivering (each retried at the next round), and the latest one.
    private var deliveryErrors = 0
    private var lastDeliveryError: String?

    init(queue: WindowQueue, sealer: BatchSealer, delivery: any BatchDelivery, reporter: DropReporter? = nil) {
        self.queue = queue
        self.sealer = sealer
        self.delivery = delivery
        self.reporter = reporter
    }

    /// Starts the stage's thread.
    func start() {
        let thread = Thread { [self] in
            run()
            done.signal()
        }
        thread.name = "sensorgate-pipeline"
        thread.start()
    }

    /// Waits until the stage has sealed every window handed over before ``WindowQueue/close()`` and
    /// delivered everything the store holds.
    func join() { done.wait() }

    /// Seals and delivers on the calling thread until the queue is closed and drained (for tests and
    /// for `join` semantics without a thread).
    func run() {
        while true {
            let (windows, finished) = queue.take(waitingUpTo: .milliseconds(20))
            for window in sealer.seal(windows) { queue.recycle(window) }
            deliverAll(yieldingToWindows: true)
            if reporter?.reportIfDue(linkUp: linkUp) == true { deliverAll(yieldingToWindows: true) }
            publish()
            if finished { break }
        }
        deliverAll(yieldingToWindows: false)
        if reporter?.reportIfDue(linkUp: linkUp, flush: true) == true { deliverAll(yieldingToWindows: false) }
        do { try delivery.drain() } catch { record(error) }
        publish()
    }

    private func publish() {
        var snapshot = PipelineSnapshot()
        snapshot.rounds = published.withLock { $0.rounds } + 1
        snapshot.linkUp = linkUp
        snapshot.storeDepth = sealer.store.count
        snapshot.storeBytes = sealer.store.chargedBytes
        snapshot.sealer = sealer.counters
        snapshot.delivery = delivery.counters
        snapshot.dropNotices = reporter?.counters ?? DropReporterCounters()
        snapshot.deliveryStoreErrors = deliveryErrors
        snapshot.lastDeliveryStoreError = lastDeliveryError
        snapshot.modem = delivery.modemStatus
        published.withLock { $0 = snapshot }
    }

    /// Batches one delivery call may take before the stage looks at the window queue again.
    static let deliverySlice = 32

    /// Delivers until the store has nothing the link takes. With `yieldingToWindows`, it returns as soon
    /// as the sampler has handed over windows, so sealing (what makes samples durable) never waits behind
    /// a long delivery: a link slower than the sampler makes the store deeper, not the memory larger.
    private func deliverAll(yieldingToWindows: Bool) {
        do {
            while true {
                let failures = delivery.counters.failures
                let delivered = try delivery.deliverPending(limit: Self.deliverySlice)
                if delivered > 0 {
                    linkUp = true
                    if yieldingToWindows, queue.hasWindowsWaiting { break }
                } else {
                    if delivery.counters.failures > failures { linkUp = false }
                    break
                }
            }
        } catch {
            // The batches stay in the store and the next round tries again; the status says so.
            record(error)
        }
    }

    private func record(_ error: StoreError) {
        deliveryErrors += 1
        lastDeliveryError = error.description
    }
}

/// The sealing and delivery stage's counters at the end of its latest round.
public struct PipelineSnapshot: Sendable {
    /// An empty snapshot (before the first round).
    public init() {}

    /// Rounds completed: a heartbeat that stops when the stage hangs.
    public var rounds = 0
    /// Whether the last delivery attempt with something to send reached the upstream.
    public var linkUp = false
    /// Batches queued in the store, and their charged bytes.
    public var storeDepth = 0
    /// The store's charged bytes.
    public var storeBytes = 0
    /// The sealing stage's counters.
    public var sealer = SealerCounters()
    /// The delivery's counters.
    public var delivery = DeliveryCounters()
    /// Drop notices sent.
    public var dropNotices = DropReporterCounters()
    /// Store errors the delivery met (reading pending batches, deleting acknowledged ones); the batches
    /// stay stored and each round tries again.
    public var deliveryStoreErrors = 0
    /// The latest of them: file, what failed, what to do.
    public var lastDeliveryStoreError: String?
    /// The cellular module the batches go through (an MQTT upstream over a modem); nil otherwise.
    public var modem: ModemStatus?
}
