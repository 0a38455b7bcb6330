// SensorGate — Gateway: no upstream: every batch stays in the store (an outage, or a power-cut test).

import Collector
import Envelope
import Store

/// Delivers nothing: the store keeps every batch until a later run delivers it.
final class OfflineDelivery: BatchDelivery {
    let mode = "offline"
    let counters = DeliveryCounters()

    func deliverPending(limit: Int) throws(StoreError) -> Int { 0 }

    func finish() -> (report: CollectorReport, givenUp: [String]) { (Collector(registry: DeviceRegistry()).report, []) }
}
