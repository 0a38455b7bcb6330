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
    private let done = DispatchSemaphore(value: 0)
    private(set) var failure: String?

    init(queue: WindowQueue, sealer: BatchSealer, delivery: any BatchDelivery) {
        self.queue = queue
        self.sealer = sealer
        self.delivery = delivery
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
            deliverAll()
            if finished { break }
        }
        deliverAll()
        delivery.drain()
    }

    private func deliverAll() {
        do {
            while try delivery.deliverPending(limit: 256) > 0 {}
        } catch {
            failure = "delivery: \(error)"
        }
    }
}
