// SensorGate — Gateway: the sealing stage: windows to coded batches in signed envelopes, into the store.

import Codec
import Envelope
import HAL
import Sampling
import Store

/// Turns full windows into batches: codes them with each stream's ``StreamEncoder`` (a key batch at
/// least every ``keyInterval`` batches, so one lost batch never costs more than that many), wraps them
/// with ``EnvelopeWriter`` under the store's next sequence number, and appends them to the store in
/// one transaction per hand-off (a group commit). Runs off the sampling thread.
final class BatchSealer {
    /// A key batch at least every this many batches of a stream (10: with 10 s batches, a lost batch
    /// costs at most 100 s of that stream).
    static let keyInterval = 10
    /// The store's name for the control stream (schemas and drop notices).
    static let controlStreamName = "control"

    let plan: StreamPlan
    /// The envelope writer (replaced after a key rotation: ``switchIdentity(_:)``).
    private(set) var writer: EnvelopeWriter
    let store: BatchStore
    /// UTC µs of the batcher's epoch; a forward step of the system clock moves it (``clockSteps``).
    private(set) var epochMicros: Int64
    /// Steps of the system clock the running thread saw, applied at the next ``seal(_:clock:)``.
    let clockSteps = ClockStepMailbox()
    /// Clock-step notice entries not yet stored (kept when their append failed).
    private var unsentSteps: [ClockStepNotice.Entry] = []
    private var encoders: [StreamEncoder]
    /// The streams as they are now: a live rate change gives a stream a new rate and epoch.
    private var streams: [GatewayStream]
    /// Each stream's epoch after ``epochMicros`` (its latest rate change), in µs.
    private var shiftsMicros: [Int64]
    /// Rate changes that gave a stream a new schema.
    private(set) var schemaChanges = 0
    /// Streams whose schema goes out with their next batch.
    private var schemaPending: [Bool]
    /// What the stage did.
    private(set) var counters = SealerCounters()
    /// Called with each batch (schemas included) once its append returned.
    var onCommit: (@Sendable (UInt32, UInt64) -> Void)?
    /// A harness's store fault (a full disk): an error refuses the append as the store would.
    var storeFault: (@Sendable ([StoredBatch]) -> StoreError?)?
    /// A harness's look at each data batch just before it is stored (a real disk it fills or frees): when
    /// set, each batch goes in its own transaction (with its schema), so what the harness does to the
    /// disk applies to that batch and those after it, however the windows were grouped.
    var beforeStoring: (@Sendable (StoredBatch) -> Void)?

    init(plan: StreamPlan, writer: EnvelopeWriter, store: BatchStore, epochMicros: Int64) throws(GatewayError) {
        self.plan = plan
        self.writer = writer
        self.store = store
        self.epochMicros = epochMicros
        var encoders: [StreamEncoder] = []
        for stream in plan.streams {
            do {
                let layout = try stream.schema(epochMicros: epochMicros, firstSequence: 0).layout()
                encoders.append(StreamEncoder(layout: layout, options: EncoderOptions(keyInterval: Self.keyInterval)))
            } catch {
                throw GatewayError(.configuration, "stream \(stream.name): \(error)")
            }
        }
        self.encoders = encoders
        streams = plan.streams
        shiftsMicros = Array(repeating: 0, count: plan.streams.count)
        schemaPending = Array(repeating: false, count: plan.streams.count)
    }

    /// Checks that every stream's schema can be made, and arms each to go out with its stream's first
    /// batch: schema and batch are appended in one transaction, so a schema is on the device exactly
    /// when the batch its `firstSequence` names is (a gateway killed in between leaves neither, and the
    /// next start reuses the number with its own epoch). Schemas go as alarms: first out, never dropped
    /// by the storage policy.
    func emitSchemas() throws(GatewayError) {
        for stream in plan.streams {
            do { _ = try stream.schema(epochMicros: epochMicros, firstSequence: 0) } catch {
                throw GatewayError(.configuration, "schema of stream \(stream.name): \(error)")
            }
        }
        schemaPending = Array(repeating: true, count: plan.streams.count)
    }

    /// The control-stream envelope of `stream`'s schema for batches from `firstSequence` on.
    private func schemaBatch(_ index: Int, firstSequence: UInt64) throws -> StoredBatch {
        let schema = try streams[index].schema(
            epochMicros: epochMicros + shiftsMicros[index], firstSequence: firstSequence)
        let sequence = store.nextSequence(stream: StreamSchema.controlStreamID)
        let envelope = try writer.write(
            payload: schema.encoded(), streamID: StreamSchema.controlStreamID, sequence: sequence,
            startMicros: UInt64(max(epochMicros, 0)), durationMicros: 0, priority: 7)
        return StoredBatch(
            stream: StreamSchema.controlStreamID, streamName: Self.controlStreamName, sequence: sequence,
            priority: .alarm,
            createdMicros: epochMicros, payload: envelope)
    }

    /// A window written after a live rate change of its stream: the stream takes the new rate and
    /// epoch, its encoder starts afresh on the new layout (a key batch), and the new schema goes out
    /// with this window's batch, so the collector decodes it and those after at the new rate.
    private func followRateChange(_ window: SampleWindow) {
        let index = window.stream
        let current = streams[index]
        guard window.milliHertz > 0, current.timestamps == .uniform,
            window.milliHertz != current.rate.milliHertz || window.epochShiftMicros != shiftsMicros[index]
        else { return }
        let changed = current.with(rate: SamplingRate(milliHertz: window.milliHertz))
        do {
            let layout =
                try changed
                .schema(epochMicros: epochMicros + window.epochShiftMicros, firstSequence: 0).layout()
            encoders[index] = StreamEncoder(layout: layout, options: EncoderOptions(keyInterval: Self.keyInterval))
        } catch {
            // The channels did not change, so the layout cannot fail where the first one did not.
            encoders[index].forceKey()
        }
        streams[index] = changed
        shiftsMicros[index] = window.epochShiftMicros
        schemaPending[index] = true
        schemaChanges += 1
    }

    /// Applies the clock steps posted since the last round: a step the timeline moved forward moves every
    /// stream's epoch by as much (each stream's next batch is a key batch under a new schema, so the
    /// collector dates it, and those after, on the moved timeline; time never goes back). Returns the
    /// clock-step notices for every step not yet stored, to go out first in this round's transaction.
    private func takeClockSteps() -> [StoredBatch] {
        let steps = clockSteps.take()
        for step in steps {
            unsentSteps.append(
                ClockStepNotice.Entry(
                    stepMicros: step.stepMicros, atMicros: max(step.atUTCMicros, 0), movedMicros: step.movedMicros,
                    aheadMicros: step.aheadMicros))
            guard step.movedMicros > 0 else { continue }
            epochMicros += step.movedMicros
            schemaPending = Array(repeating: true, count: streams.count)
            for index in encoders.indices { encoders[index].forceKey() }
        }
        var notices: [StoredBatch] = []
        var rest = unsentSteps[...]
        while !rest.isEmpty {
            let chunk = Array(rest.prefix(ClockStepNotice.maxEntries))
            rest = rest.dropFirst(chunk.count)
            guard let notice = try? ClockStepNotice(entries: chunk) else {
                counters.clockStepNoticeFailures += 1
                continue
            }
            do {
                let sequence = store.nextSequence(stream: StreamSchema.controlStreamID)
                let at = chunk.last?.atMicros ?? epochMicros
                let envelope = try writer.write(
                    payload: notice.encoded(), streamID: StreamSchema.controlStreamID, sequence: sequence,
                    startMicros: UInt64(max(at, 0)), durationMicros: 0, priority: 7)
                notices.append(
                    StoredBatch(
                        stream: StreamSchema.controlStreamID, streamName: Self.controlStreamName, sequence: sequence,
                        priority: .alarm, createdMicros: at, payload: envelope))
            } catch {
                counters.clockStepNoticeFailures += 1
            }
        }
        return notices
    }

    /// Signs everything from now on with `identity` (a key rotation), keeping the sealing key, and sends
    /// every stream's schema again with its next batch: the collector tracks streams per device ID.
    func switchIdentity(_ identity: DeviceIdentity) {
        writer = EnvelopeWriter(identity: identity, sealingKey: writer.sealingKey)
        schemaPending = Array(repeating: true, count: streams.count)
        for index in encoders.indices { encoders[index].forceKey() }
    }

    /// Codes, seals and stores `windows` (in hand-off order).
    /// - Returns: the windows, to recycle.
    func seal(_ windows: [SampleWindow], clock: ContinuousClock = ContinuousClock()) -> [SampleWindow] {
        var sealed: [(StoredBatch, Int)] = []
        var notices = takeClockSteps()
        sealed += notices.map { ($0, 0) }
        for window in windows where window.count > 0 {
            guard window.stream < schemaPending.count else { continue }
            followRateChange(window)
            let stream = streams[window.stream]
            let sequence = store.nextSequence(stream: stream.id)
            let timing: BatchTiming =
                stream.timestamps == .uniform
                ? .uniform(firstIndex: window.firstIndex)
                : .explicit(Array(window.timesMicros[0..<window.count]))
            let batch = Batch(
                sequence: UInt32(truncatingIfNeeded: sequence), count: window.count, codes: window.packedCodes(),
                timing: timing)
            let start = clock.now
            let payload: [UInt8]
            do {
                payload = try encoders[window.stream].encode(batch)
            } catch {
                counters.count(.encodeFailed, samples: window.count)
                encoders[window.stream].forceKey()
                continue
            }
            let coded = clock.now
            counters.encodeNs += (coded - start).nanoseconds
            let startMicros = epochMicros + shiftsMicros[window.stream] + window.firstMicros
            do {
                let envelope = try writer.write(
                    payload: payload, streamID: stream.id, sequence: sequence, startMicros: UInt64(max(startMicros, 0)),
                    durationMicros: UInt64(max(window.lastMicros - window.firstMicros, 0)),
                    priority: stream.envelopePriority)
                counters.signNs += (clock.now - coded).nanoseconds
                let stored = StoredBatch(
                    stream: stream.id, streamName: stream.name, sequence: sequence, priority: stream.priority,
                    createdMicros: startMicros,
                    endMicros: epochMicros + shiftsMicros[window.stream] + window.lastMicros,
                    payload: envelope)
                // A harness's full disk refuses this batch alone, as a real one refuses the write it meets:
                // decided per batch, so the outcome does not depend on how windows were grouped.
                if let fault = storeFault?([stored]) {
                    counters.count(.notStored(fault.kind.rawValue), samples: window.count)
                    encoders[window.stream].forceKey()
                    schemaPending[window.stream] = true
                    continue
                }
                if schemaPending[window.stream] {
                    let schema = try schemaBatch(window.stream, firstSequence: sequence)
                    counters.envelopeBytes += schema.payload.count
                    sealed.append((schema, 0))
                    schemaPending[window.stream] = false
                }
                counters.payloadBytes += payload.count
                counters.envelopeBytes += envelope.count
                sealed.append((stored, window.count))
                if let beforeStoring {
                    beforeStoring(stored)
                    commit(sealed, notices: notices.count, clock: clock)
                    notices = []
                    sealed = []
                }
            } catch {
                counters.count(.sealFailed, samples: window.count)
                encoders[window.stream].forceKey()
            }
        }
        commit(sealed, notices: notices.count, clock: clock)
        return windows
    }

    /// Appends `sealed` (the first `notices` of them clock-step notices) in one transaction, and counts.
    private func commit(_ sealed: [(StoredBatch, Int)], notices: Int, clock: ContinuousClock) {
        guard !sealed.isEmpty else { return }
        let start = clock.now
        do throws(StoreError) {
            try store.append(contentsOf: sealed.map(\.0))
            if let onCommit { for (batch, _) in sealed { onCommit(batch.stream, batch.sequence) } }
            let schemas = sealed.filter { $0.0.stream == StreamSchema.controlStreamID }.count - notices
            if notices > 0 { unsentSteps = [] }
            counters.clockStepNotices += notices
            counters.schemas += schemas
            counters.batches += sealed.count - schemas - notices
            counters.samples += sealed.reduce(0) { $0 + $1.1 }
        } catch {
            // Not stored (disk full, read-only, I/O): counted by the store as dropped; the next batch of each
            // stream is a key batch, so nothing later depends on the lost ones.
            for (batch, samples) in sealed {
                if batch.stream == StreamSchema.controlStreamID { continue }
                counters.count(.notStored(error.kind.rawValue), samples: samples)
                if let index = plan.streams.firstIndex(where: { $0.id == batch.stream }) {
                    encoders[index].forceKey()
                    schemaPending[index] = true
                }
            }
        }
        counters.storeNs += (clock.now - start).nanoseconds
    }
}

/// What the sealing stage did.
public struct SealerCounters: Sendable, Codable, Equatable {
    /// Schemas sent on the control stream.
    public var schemas = 0
    /// Clock-step notices stored for the upstream (docs/batch-format.md §13).
    public var clockStepNotices = 0
    /// Clock-step notices that could not be sealed (retried with the next round's).
    public var clockStepNoticeFailures = 0
    /// Data batches stored.
    public var batches = 0
    /// Samples in them.
    public var samples = 0
    /// Codec bytes of the stored batches.
    public var payloadBytes = 0
    /// Envelope bytes (what goes on air) of every batch and schema stored.
    public var envelopeBytes = 0
    /// Samples lost at this stage, by reason.
    public var droppedSamples: [String: Int] = [:]
    /// Time spent coding, signing and storing.
    public var encodeNs: Int64 = 0
    /// Nanoseconds spent signing.
    public var signNs: Int64 = 0
    /// Nanoseconds spent appending to the store.
    public var storeNs: Int64 = 0

    /// Why a batch was lost at this stage.
    enum Loss {
        case encodeFailed, sealFailed
        case notStored(String)
    }

    mutating func count(_ loss: Loss, samples: Int) {
        let reason =
            switch loss {
            case .encodeFailed: "encode-failed"
            case .sealFailed: "seal-failed"
            case .notStored(let kind): "not-stored-\(kind)"
            }
        droppedSamples[reason, default: 0] += samples
    }
}
