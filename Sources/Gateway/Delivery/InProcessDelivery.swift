// SensorGate — Gateway: delivery to a collector in the same process, which verifies and decodes every batch.

import Collector
import Envelope
import HAL
import Store

/// Delivers the store's pending batches to an in-process ``Collector`` — the same verifier and decoder a
/// real upstream runs — and acknowledges (deletes from the store) each batch the collector took: decoded,
/// held for its predecessor, a schema, a duplicate, or authentic but undecodable (sending it again
/// cannot help). A batch the verifier refuses is counted and acknowledged too, since no resend can
/// make a bad signature good; the count says so.
final class InProcessDelivery: BatchDelivery {
    let mode = "in-process"
    private(set) var collector: Collector
    let store: BatchStore
    /// What was delivered.
    private(set) var counters = DeliveryCounters()

    init(identity: DeviceIdentity, sealingKey: SealingKey? = nil, store: BatchStore) {
        var registry = DeviceRegistry()
        registry.register(publicKey: identity.publicKey, sealingKey: sealingKey)
        collector = Collector(registry: registry)
        self.store = store
    }

    /// Delivers up to `limit` pending batches.
    /// - Returns: how many were delivered.
    func deliverPending(limit: Int) throws(StoreError) -> Int {
        let clock = ContinuousClock()
        let start = clock.now
        let batches = try store.pending(limit: limit)
        var acknowledged: [BatchKey] = []
        for batch in batches {
            let receipt = collector.receive(batch.payload)
            counters.envelopes += 1
            counters.bytes += batch.payload.count
            switch receipt.disposition {
            case .schema: counters.schemas += 1
            case .decoded, .held, .drops, .clockSteps: break
            case .undecodable: counters.undecodable += 1
            case .duplicate: counters.duplicates += 1
            case .rejected: counters.rejected += 1
            }
            for decoded in receipt.batches {
                counters.batchesVerified += 1
                counters.samplesVerified += decoded.rows
            }
            acknowledged.append(batch.key)
        }
        if !acknowledged.isEmpty { try store.acknowledge(acknowledged) }
        counters.timeNs += (clock.now - start).nanoseconds
        return batches.count
    }

    /// Ends delivery: batches still held by the collector are given up and reported.
    func finish() -> (report: CollectorReport, givenUp: [String]) {
        let givenUp = collector.finish()
        return (collector.report, givenUp)
    }
}

/// What delivery did.
public struct DeliveryCounters: Sendable, Codable, Equatable {
    /// Envelopes handed to the collector, and their bytes.
    public var envelopes = 0
    /// Their bytes.
    public var bytes = 0
    /// Schemas accepted.
    public var schemas = 0
    /// Data batches verified and decoded, and their samples.
    public var batchesVerified = 0
    /// Samples in the batches verified and decoded.
    public var samplesVerified = 0
    /// Envelopes the collector had already seen, refused, or could not decode.
    public var duplicates = 0
    /// Envelopes the verifier refused.
    public var rejected = 0
    /// Authentic envelopes that did not decode.
    public var undecodable = 0
    /// Requests that failed (timed out) and were left in the store for another attempt.
    public var failures = 0
    /// Datagrams the CoAP client sent (first transmissions, retransmissions, acknowledgements).
    public var datagramsSent = 0
    /// Time spent delivering (collector verification and decoding, store reads and acknowledgements).
    public var timeNs: Int64 = 0
}
