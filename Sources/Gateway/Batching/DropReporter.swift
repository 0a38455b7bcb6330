// SensorGate — Gateway: telling the upstream what the store dropped, once the link is up.

import Codec
import Envelope
import Store

/// Seals the store's drop counters into a ``DropNotice`` on the control stream when the link is up,
/// at most once per ``intervalMicros`` of UTC (or at once when asked to flush), and stores it as an
/// alarm — first out — in the same transaction that clears the counters it reports
/// (``BatchStore/append(_:reporting:)``). A notice that cannot be stored leaves the counters as they
/// were, for the next attempt.
final class DropReporter {
    /// The shortest time between two notices while drops keep coming: 60 s of UTC (virtual time in a
    /// simulation), so a link that is up while the store drops by age sends one small notice a minute.
    static let defaultIntervalMicros: Int64 = 60_000_000

    /// The envelope writer (replaced after a key rotation).
    var writer: EnvelopeWriter
    let store: BatchStore
    let clock: any StoreClock
    let intervalMicros: Int64
    private var lastMicros: Int64?
    /// Notices stored, and the data batches they reported.
    private(set) var counters = DropReporterCounters()

    init(
        writer: EnvelopeWriter, store: BatchStore, clock: any StoreClock, intervalMicros: Int64 = defaultIntervalMicros
    ) {
        self.writer = writer
        self.store = store
        self.clock = clock
        self.intervalMicros = intervalMicros
    }

    /// Stores a notice when the link is up, drops wait, and the interval has passed (or `flush`).
    /// - Returns: whether a notice was stored.
    @discardableResult
    func reportIfDue(linkUp: Bool, flush: Bool = false) -> Bool {
        guard linkUp else { return false }
        let now = clock.nowMicros()
        if !flush, let lastMicros, now - lastMicros < intervalMicros { return false }
        guard let report = try? store.dropReport(), !report.isEmpty else { return false }
        lastMicros = now
        let entries = report.counts.filter { $0.stream != StreamSchema.controlStreamID && $0.batches > 0 }.map {
            DropNotice.Entry(
                streamID: $0.stream, reason: Self.reason($0.reason), batches: UInt64($0.batches),
                bytes: UInt64(max($0.bytes, 0)), firstSequence: $0.firstSequence, lastSequence: $0.lastSequence)
        }
        do {
            guard !entries.isEmpty else {
                // Only control-stream batches (schemas, notices) were lost: each is resent or re-counted by
                // its own path, and no data stream has a gap to explain.
                try store.markDropsReported(report)
                return false
            }
            let notice = try DropNotice(entries: entries)
            let sequence = store.nextSequence(stream: StreamSchema.controlStreamID)
            let envelope = try writer.write(
                payload: notice.encoded(), streamID: StreamSchema.controlStreamID, sequence: sequence,
                startMicros: UInt64(max(now, 0)), durationMicros: 0, priority: 7)
            let batch = StoredBatch(
                stream: StreamSchema.controlStreamID, streamName: BatchSealer.controlStreamName, sequence: sequence,
                priority: .alarm, createdMicros: now, payload: envelope)
            guard try store.append(batch, reporting: report) == .stored else { return false }
            counters.notices += 1
            counters.batchesReported += entries.reduce(0) { $0 + Int($1.batches) }
            counters.envelopeBytes += envelope.count
            return true
        } catch {
            counters.failures += 1
            return false
        }
    }

    /// The wire code of a store drop reason.
    static func reason(_ reason: DropReason) -> DropNotice.Reason {
        switch reason {
        case .byteLimit: .byteLimit
        case .thinned: .thinned
        case .byteLimitNoBulk: .byteLimitNoBulk
        case .age: .age
        case .diskFull: .diskFull
        case .tooLarge: .tooLarge
        case .corrupt: .corrupt
        case .notStored: .notStored
        }
    }
}

/// What the drop reporter did.
public struct DropReporterCounters: Sendable, Codable, Equatable {
    /// Drop notices stored for delivery.
    public var notices = 0
    /// Data batches they reported dropped.
    public var batchesReported = 0
    /// Their envelope bytes.
    public var envelopeBytes = 0
    /// Notices that could not be sealed or stored (retried at the next opportunity).
    public var failures = 0
}
