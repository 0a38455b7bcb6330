// SensorGate — Gateway: delivery through a harness's upstream link.

import Collector
import Envelope
import Store

/// Delivers the store's pending batches through an ``UpstreamLink``; acknowledges what it took. With a
/// command handler, it first takes the link's downlink commands and sends their acknowledgements back,
/// as the MQTT delivery does with its command topic.
final class HookedDelivery: BatchDelivery {
    let mode = "hil-link"
    let link: any UpstreamLink
    let store: BatchStore
    private(set) var counters = DeliveryCounters()
    /// Downlink commands; nil when no operator key is configured (the link's commands are not taken).
    var commands: DownlinkCommands?
    /// The run's simulated time since its start, on a fully simulated board with commands; with
    /// ``lockstep`` the sampler waits until this thread has taken the commands up to its time, so a
    /// command is applied at the simulated time it was due, however fast the host. Default nil.
    var simulatedElapsed: (() -> Duration)?
    /// Set by the runner with ``simulatedElapsed``.
    var lockstep: DeliveryLockstep?

    init(link: any UpstreamLink, store: BatchStore) {
        self.link = link
        self.store = store
    }

    /// Offers up to `limit` pending batches; stops at the first the upstream cannot take.
    /// - Returns: how many were acknowledged.
    func deliverPending(limit: Int) throws(StoreError) -> Int {
        let handled = simulatedElapsed?()
        defer { if let handled { lockstep?.delivered(upTo: handled.nanoseconds / 1000) } }
        if let commands {
            for bytes in link.commands() {
                for ack in commands.handle(bytes).acks { link.acknowledge(ack) }
            }
            for done in commands.poll() { link.acknowledge(done.ack) }
        }
        var acknowledged: [BatchKey] = []
        for batch in try store.pending(limit: limit) {
            guard let taken = link.offer(batch) else {
                counters.failures += 1
                break
            }
            counters.envelopes += 1
            counters.bytes += batch.payload.count
            if taken { acknowledged.append(batch.key) }
        }
        if !acknowledged.isEmpty { try store.acknowledge(acknowledged) }
        return acknowledged.count
    }

    /// The harness keeps its own collector; this one has nothing to report.
    func finish() -> (report: CollectorReport, givenUp: [String]) { (Collector(registry: DeviceRegistry()).report, []) }
}
