// SensorGate — Gateway: how the pipeline hands stored batches upstream.

import Collector
import Store

/// Delivers the store's pending batches upstream and acknowledges (deletes) what the upstream took.
protocol BatchDelivery: AnyObject {
    /// `in-process`, `coap-loopback`, `mqtt` or `offline`: how batches travel, for the report.
    var mode: String { get }
    /// What was delivered so far.
    var counters: DeliveryCounters { get }
    /// Delivers up to `limit` pending batches.
    /// - Returns: how many were delivered.
    func deliverPending(limit: Int) throws(StoreError) -> Int
    /// Ends delivery: the collector's report, and one line per batch it held and gave up.
    func finish() -> (report: CollectorReport, givenUp: [String])
    /// At the end of a run, after the last ``deliverPending(limit:)``: waits (bounded) for what is still
    /// in flight and says goodbye to the upstream. Default: nothing.
    /// - Throws: `StoreError` when the store cannot be read or updated meanwhile.
    func drain() throws(StoreError)
    /// The cellular module the batches go through, when there is one. Default: nil.
    var modemStatus: ModemStatus? { get }
}

extension BatchDelivery {
    /// Nothing to wait for.
    func drain() throws(StoreError) {}

    /// No module.
    var modemStatus: ModemStatus? { nil }
}
