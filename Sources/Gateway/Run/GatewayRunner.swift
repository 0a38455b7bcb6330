// SensorGate — Gateway: the runtime on a simulated board: sampler, batcher, store, delivery.

import Board
import Codec
import Drivers
import Envelope
import Foundation
import HAL
import HALSim
import Sampling
import Store
import Synchronization

/// How a run goes.
public struct GatewaySettings: Sendable {
    /// How much (virtual) time to run. Default: 2 minutes.
    public var duration: Duration = .seconds(120)
    /// As fast as possible (default), or paced at a factor of real time.
    public var pacing: Pacing = .asFastAsPossible
    /// The state folder; nil takes the board's `storage: state-dir:`.
    public var stateDirectory: String?
    /// How batches go upstream. Default: the CoAP client over loopback UDP to an in-process collector server.
    public var delivery: DeliveryMode = .coapLoopback
    /// Called on the pipeline thread with each batch's stream and sequence once its append returned
    /// (it is durable then): the power-cut test's record of what must survive. Default: none.
    public var onCommit: (@Sendable (_ stream: UInt32, _ sequence: UInt64) -> Void)?
    /// How often (virtual time) the runner checks for a stop request and reports status. Default: 1 s.
    public var slice: Duration = .seconds(1)
    /// Sees every reading after the batcher, on the sampling thread (the Modbus publisher); must not block.
    /// Default: none.
    public var observer: (any SampleSink & Sendable)?

    /// The defaults.
    public init() {}
}

/// How a run delivers its batches.
public enum DeliveryMode: String, Sendable {
    /// Straight to an in-process collector (no transport).
    case inProcess = "in-process"
    /// The real CoAP client over loopback UDP to an in-process `CoAPCollectorServer`.
    case coapLoopback = "coap-loopback"
    /// An upstream outage: nothing is delivered, every batch stays in the store.
    case offline
}

/// A live status: what the run has done so far.
public struct GatewayStatus: Sendable {
    /// Virtual time run, and the duration asked for.
    public var simulated: Duration
    /// The duration asked for.
    public var total: Duration
    /// Samples batched, batches handed to the sealing stage.
    public var samples: Int
    /// Windows handed to the sealing stage.
    public var windows: Int
}

/// The gateway on a fully simulated board, end to end: the board's chips sampled in virtual time,
/// quantised and batched per device, sealed in signed envelopes into the durable store, and delivered
/// to an in-process collector that verifies and decodes every batch.
public final class GatewayRunner {
    /// The board.
    public let board: BoardDescription
    /// The settings.
    public let settings: GatewaySettings
    /// Set from any thread (a signal handler's queue) to end the run gracefully.
    public let stopSignal = StopSignal()
    private let wallClock: any MonotonicClock
    private let utcStartMicros: Int64

    /// Prepares a run.
    /// - Parameters:
    ///   - board: a board whose buses are all simulated.
    ///   - settings: duration, pacing, state folder.
    ///   - wallClock: the real monotonic clock (pacing and wall time).
    ///   - utcStartMicros: UTC µs at the start: the first sample's UTC time.
    public init(
        board: BoardDescription, settings: GatewaySettings, wallClock: any MonotonicClock, utcStartMicros: Int64
    ) {
        self.board = board
        self.settings = settings
        self.wallClock = wallClock
        self.utcStartMicros = utcStartMicros
    }

    /// Runs to the end of the duration or a stop request, then seals and delivers everything.
    /// - Parameter status: called on the running thread once per slice.
    /// - Returns: the report.
    /// - Throws: `GatewayError` when the run cannot start.
    /// - Parameter announce: called once with a line saying how batches are delivered.
    public func run(status: ((GatewayStatus) -> Void)? = nil, announce: ((String) -> Void)? = nil) throws(GatewayError)
        -> GatewayReport
    {
        let bound = BoardBinder(backend: nil).bind(board)
        guard bound.isFullySimulated else {
            throw GatewayError(
                .configuration,
                "\(board.file): run drives simulated boards (sim: buses) only so far; see docs/gateway.md")
        }
        let groups: [RateGroupDefinition]
        do { groups = try bound.samplingGroups() } catch {
            throw GatewayError(.configuration, "\(board.file): \(error)")
        }
        let stateDirectory = settings.stateDirectory ?? board.storage.stateDirectory
        let keyFile =
            settings.stateDirectory.map { $0 + "/identity/device.key" }
            ?? board.identity.keyFile(stateDirectory: stateDirectory)
        let (identity, created) = try IdentityFiles.loadOrCreate(keyFile: keyFile)
        let virtualUTC = VirtualUTCClock(micros: utcStartMicros)
        let store: BatchStore
        do {
            store = try BatchStore(
                directory: stateDirectory,
                settings: StoreSettings(
                    maxBytes: Int(board.storage.maxBytes),
                    maxAgeSeconds: board.storage.maxAge.nanoseconds / 1_000_000_000,
                    policy: board.storage.policy == .thinBulk ? .thinBulk : .dropOldestBulk),
                clock: virtualUTC)
        } catch {
            throw GatewayError(.store, "\(error)")
        }
        let plan = StreamPlan.make(board: board, groups: groups)
        let queue = WindowQueue()
        let batcher = Batcher(plan: plan, epoch: bound.clock.now(), queue: queue)
        let timebase = bound.virtualTimebase(pacing: settings.pacing, wallClock: wallClock)
        let sink: any SampleSink = settings.observer.map { TeeSink(batcher, $0) } ?? batcher
        let scheduler = SamplingScheduler(groups: groups, timebase: timebase, sink: sink)
        let wallStart = wallClock.now()
        scheduler.start()
        let start = scheduler.startInstant ?? bound.clock.now()
        batcher.epoch = start
        let sealer = try BatchSealer(
            plan: plan, writer: EnvelopeWriter(identity: identity), store: store, epochMicros: utcStartMicros)
        sealer.onCommit = settings.onCommit
        try sealer.emitSchemas()
        let delivery: any BatchDelivery =
            switch settings.delivery {
            case .inProcess: InProcessDelivery(identity: identity, store: store)
            case .coapLoopback: try CoAPLoopbackDelivery(identity: identity, store: store)
            case .offline: OfflineDelivery()
            }
        if let coap = delivery as? CoAPLoopbackDelivery {
            announce?("delivering over CoAP to a collector on \(coap.serverAddress)")
        }
        let pipeline = Pipeline(queue: queue, sealer: sealer, delivery: delivery)
        pipeline.start()

        let end = start + settings.duration
        var samplingNs: Int64 = 0
        var ended = "duration"
        while bound.clock.now() < end {
            if stopSignal.isRequested {
                ended = "signal"
                break
            }
            let sliceStart = wallClock.now()
            let target = min(bound.clock.now() + settings.slice, end)
            do { try scheduler.run(until: target) } catch {
                queue.close()
                pipeline.join()
                throw GatewayError(.sampling, "sampling stopped: \(error)")
            }
            samplingNs += (wallClock.now() - sliceStart).nanoseconds
            virtualUTC.set(utcStartMicros + (bound.clock.now() - start).nanoseconds / 1000)
            status?(
                GatewayStatus(
                    simulated: bound.clock.now() - start, total: settings.duration,
                    samples: batcher.samples.reduce(0, +), windows: batcher.windowsHandedOver))
        }
        batcher.flush()
        queue.close()
        pipeline.join()
        let wall = wallClock.now() - wallStart
        let (collectorReport, givenUp) = pipeline.delivery.finish()
        return report(
            bound: bound, scheduler: scheduler, batcher: batcher, pipeline: pipeline, store: store,
            identity: (identity, created), ended: ended, simulated: bound.clock.now() - start, wall: wall,
            samplingNs: samplingNs, collector: collectorReport, givenUp: givenUp, stateDirectory: stateDirectory)
    }
}

/// UTC that follows virtual time, for the store's age bound: the runner moves it after each slice.
final class VirtualUTCClock: StoreClock {
    private let micros: Atomic<Int64>
    init(micros: Int64) { self.micros = Atomic(micros) }
    func set(_ value: Int64) { micros.store(value, ordering: .relaxed) }
    func nowMicros() -> Int64 { micros.load(ordering: .relaxed) }
}
