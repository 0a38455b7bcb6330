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
import Uplink

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
    /// The broker, credentials and link when ``delivery`` is ``DeliveryMode/mqtt``. Default: none.
    public var mqtt: MQTTUplink?
    /// The server when ``delivery`` is ``DeliveryMode/coap``. Default: none.
    public var coap: CoAPUpstream?
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
    /// MQTT 3.1.1 QoS 1 to the broker of ``GatewaySettings/mqtt`` (docs/uplink.md).
    case mqtt
    /// Confirmable CoAP POSTs to the remote server of ``GatewaySettings/coap``.
    case coap
}

/// A remote CoAP upstream (`--upstream coap://HOST:PORT/PATH`, or the board's `upstream:` with protocol coap).
public struct CoAPUpstream: Sendable {
    /// The server.
    public var address: UDPAddress
    /// The URI path batches are posted to (default ``defaultPath``).
    public var path: String
    /// The default URI path: `b`. It travels in every block of a block-wise POST (RFC 7959 repeats the
    /// request's options in each), so its length counts once per 1024 bytes: one letter instead of
    /// `batches` is 6 bytes a block, 0.6 % of the codec bytes at the reference board's batch interval.
    /// Any path works with any server; the collector takes every path.
    public static let defaultPath = "b"

    /// Parses `coap://HOST:PORT[/PATH]` (port 5683 when absent).
    /// - Throws: `GatewayError` (configuration) naming the URL.
    public init(url: String) throws(GatewayError) {
        guard url.hasPrefix("coap://") else {
            throw GatewayError(
                .configuration, "\(url): a CoAP upstream is coap://HOST:PORT/PATH (coaps:// is not served)")
        }
        let rest = url.dropFirst("coap://".count)
        let authority = rest.prefix { $0 != "/" }
        let remainder = rest.dropFirst(authority.count).drop { $0 == "/" }
        let hostPort = authority.contains(":") ? String(authority) : "\(authority):5683"
        do { address = try UDPAddress(parsing: hostPort) } catch {
            throw GatewayError(.configuration, "\(url): \(error.detail)")
        }
        path = remainder.isEmpty ? Self.defaultPath : String(remainder)
    }
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
    /// Fault injection and observation for hardware-in-the-loop runs (GatewayHooks.swift). Default: none.
    public var hooks = GatewayHooks()
    /// Opens pseudo-terminals, so that a paced run puts its simulated RS-485 lines' transmitter models
    /// behind real ttys (`sensorgate run` gives the Linux ones). Default: none (the lines stay in process).
    public var pseudoTerminals: (any PseudoTerminalProvider)?
    let wallClock: any MonotonicClock
    private let utcStartMicros: Int64
    private let backend: (any HardwareBackend)?

    /// Prepares a run.
    /// - Parameters:
    ///   - board: a board whose buses are all simulated.
    ///   - settings: duration, pacing, state folder.
    ///   - wallClock: the real monotonic clock (pacing and wall time).
    ///   - utcStartMicros: UTC µs at the start: the first sample's UTC time.
    ///   - backend: opens the real buses of a board that names device paths (the Linux backend on a
    ///     gateway); nil for simulated boards.
    public init(
        board: BoardDescription, settings: GatewaySettings, wallClock: any MonotonicClock, utcStartMicros: Int64,
        backend: (any HardwareBackend)? = nil
    ) {
        self.board = board
        self.settings = settings
        self.wallClock = wallClock
        self.utcStartMicros = utcStartMicros
        self.backend = backend
    }

    /// Runs to the end of the duration or a stop request, then seals and delivers everything.
    /// - Parameter status: called on the running thread once per slice.
    /// - Returns: the report.
    /// - Throws: `GatewayError` when the run cannot start.
    /// - Parameter announce: called once with a line saying how batches are delivered.
    public func run(status: ((GatewayStatus) -> Void)? = nil, announce: ((String) -> Void)? = nil) throws(GatewayError)
        -> GatewayReport
    {
        let bound = BoardBinder(backend: backend).bind(board)
        hooks.boardBound?(bound)
        let (clock, timebase) = try timing(of: bound)
        var groups: [RateGroupDefinition]
        do { groups = try bound.samplingGroups() } catch {
            throw GatewayError(.configuration, "\(board.file): \(error)")
        }
        let rtu = try ModbusRTULines.bind(
            board, clock: clock, backend: backend as? any SerialPortBackend,
            pacing: timebase is VirtualTimebase ? settings.pacing : .asFastAsPossible, wallClock: wallClock,
            pseudoTerminals: pseudoTerminals)
        defer { rtu.stop() }
        // Downlink commands change one device's rate and take readings on request: one group per polled
        // device of the board (Modbus RTU lines keep theirs), and an on-demand stream beside each device stream.
        // Downlink commands come over MQTT, or over a harness's link; either way the sampler is set up
        // for them (one polled group per device for `set-rate`, on-demand streams for `read`).
        let commandsOn =
            hooks.upstream == nil
            ? settings.delivery == .mqtt && settings.mqtt?.operatorKeyFile != nil
            : hooks.upstreamOperatorKeyFile != nil
        if commandsOn { groups = RateGroupDefinition.splittingPolled(groups) }
        groups += rtu.groups
        let stateDirectory = settings.stateDirectory ?? board.storage.stateDirectory
        let keyFile =
            settings.stateDirectory.map { $0 + "/identity/device.key" }
            ?? board.identity.keyFile(stateDirectory: stateDirectory)
        let (identity, created) = try IdentityFiles.loadOrCreate(keyFile: keyFile)
        let sealingKey =
            board.identity.seal ? try IdentityFiles.sealingKey(besides: keyFile, identityCreated: created) : nil
        let virtualUTC = VirtualUTCClock(micros: utcStartMicros)
        let storeSettings = StoreSettings(
            maxBytes: Int(board.storage.maxBytes), maxAgeSeconds: board.storage.maxAge.nanoseconds / 1_000_000_000,
            policy: board.storage.policy == .thinBulk ? .thinBulk : .dropOldestBulk)
        let store = try Self.openStore(
            directory: stateDirectory, settings: storeSettings, clock: virtualUTC, announce: announce)
        hooks.storeOpened?(store)
        let edge = try EdgePlan.make(board: board, base: StreamPlan.make(board: board, groups: groups))
        let plan = commandsOn ? edge.plan.withOnDemandStreams() : edge.plan
        let queue = WindowQueue()
        let batcher = Batcher(plan: plan, epoch: clock.now(), queue: queue)
        var sink: any SampleSink = batcher
        let edgeStage = edge.isEmpty ? nil : try EdgeStage(edge: edge, groups: groups, batcher: batcher)
        let seaLevelPressureFile = stateDirectory + "/" + SeaLevelPressureMailbox.fileName
        if let edgeStage {
            edgeStage.processedRow = hooks.processedRow
            sink = TeeSink(sink, edgeStage)
            // The last `set-qnh` of an earlier run holds until the operator sends another.
            if edge.altitude != nil, let deci = SeaLevelPressureMailbox.load(from: seaLevelPressureFile) {
                _ = edgeStage.seaLevelPressure.post(deciPascals: deci)
            }
        }
        let observers: [(any SampleSink)?] = [settings.observer, hooks.observer]
        for observer in observers.compactMap({ $0 }) { sink = TeeSink(sink, observer) }
        let scheduler = SamplingScheduler(groups: groups, timebase: timebase, sink: sink)
        let wallStart = wallClock.now()
        scheduler.start()
        let start = scheduler.startInstant ?? clock.now()
        batcher.epoch = start
        hooks.started?(start)
        let systemUTC = systemUTCMicros(start: start, simulated: bound.isFullySimulated)
        var timeline = UTCTimeline(start: start, systemUTCMicros: systemUTC(start), floorMicros: store.latestTimeMicros)
        let elapsed = VirtualUTCClock(micros: 0)
        let startUTCMicros = timeline.utcMicros(at: start)
        virtualUTC.set(startUTCMicros)
        let sealer = try BatchSealer(
            plan: plan, writer: EnvelopeWriter(identity: identity, sealingKey: sealingKey), store: store,
            epochMicros: startUTCMicros)
        for step in timeline.steps { sealer.clockSteps.post(step) }
        sealer.onCommit = settings.onCommit
        sealer.storeFault = hooks.storeFault
        sealer.beforeStoring = hooks.beforeStoring
        try sealer.emitSchemas()
        // Virtual time since the start on a fully simulated board: the links' and the loopback collector's clock.
        let simulatedElapsed: (@Sendable () -> Duration)? =
            bound.isFullySimulated ? { @Sendable in .microseconds(elapsed.nowMicros()) } : nil
        let delivery: any BatchDelivery =
            if let link = hooks.upstream {
                try makeHookedDelivery(
                    link: link, identity: identity, store: store, stateDirectory: stateDirectory,
                    applier: applier(scheduler.mailboxes, edgeStage, edge.altitude != nil, seaLevelPressureFile),
                    simulatedElapsed: simulatedElapsed)
            } else {
                switch settings.delivery {
                case .inProcess: InProcessDelivery(identity: identity, sealingKey: sealingKey, store: store)
                case .coapLoopback:
                    try CoAPDelivery(
                        identity: identity, sealingKey: sealingKey, store: store,
                        exchangeClock: simulatedElapsed)
                case .offline: OfflineDelivery()
                case .coap: try makeCoAPDelivery(store: store)
                case .mqtt:
                    try makeMQTTDelivery(
                        identity: identity, store: store, stateDirectory: stateDirectory,
                        applier: applier(scheduler.mailboxes, edgeStage, edge.altitude != nil, seaLevelPressureFile),
                        identityKeyFile: keyFile,
                        simulatedElapsed: simulatedElapsed)
                }
            }
        if let coap = delivery as? CoAPDelivery {
            announce?(
                coap.mode == "coap"
                    ? "delivering over CoAP to coap://\(coap.serverAddress)/\(settings.coap?.path ?? "")"
                    : "delivering over CoAP to a collector on \(coap.serverAddress) (the real client over loopback "
                        + "UDP; it verifies and decodes every batch)")
        }
        if let mqtt = delivery as? MQTTDelivery {
            announce?("delivering over MQTT to \(mqtt.uplink.summary) as \(mqtt.settings.deviceID)")
        }
        let reporter = DropReporter(writer: sealer.writer, store: store, clock: virtualUTC)
        (delivery as? MQTTDelivery)?.commands?.installIdentity = { identity in
            sealer.switchIdentity(identity)
            reporter.writer = sealer.writer
        }
        let pipeline = Pipeline(queue: queue, sealer: sealer, delivery: delivery, reporter: reporter)
        let lockstep = Self.lockstep(for: delivery, simulated: bound.isFullySimulated)
        pipeline.start()

        let end = start + settings.duration
        var samplingNs: Int64 = 0
        var waitingForSealingNs: Int64 = 0
        let backlog = Self.sealingBacklog(streams: plan.streams.count)
        var ended = "duration"
        var statusLatencyAt: MonotonicInstant?
        var statusGroups: [RateGroupReport] = []
        while clock.now() < end {
            if stopSignal.isRequested {
                ended = "signal"
                break
            }
            let sliceStart = wallClock.now()
            let target = min(clock.now() + settings.slice, end)
            do { try scheduler.run(until: target) } catch {
                queue.close()
                pipeline.join()
                throw GatewayError(.sampling, "sampling stopped: \(error)")
            }
            samplingNs += (wallClock.now() - sliceStart).nanoseconds
            let now = clock.now()
            if let step = timeline.observe(monotonic: now, systemUTCMicros: systemUTC(now)) {
                sealer.clockSteps.post(step)
            }
            elapsed.set((now - start).nanoseconds / 1000)
            virtualUTC.set(timeline.utcMicros(at: now))
            if let lockstep {
                let behind = (now - start - Self.lockstepLead).nanoseconds / 1000
                if !lockstep.hasDelivered(upTo: behind) {
                    queue.nudge()
                    lockstep.waitForDelivery(upTo: behind, limit: Self.lockstepLimit)
                }
            }
            if bound.isFullySimulated, queue.windowsOutstanding > backlog {
                // Virtual time waits for the sealing stage, so that windows do not pile up in memory while
                // the stage falls behind (a loaded host, a slow disk); a real-time sampler never waits.
                let waitStart = wallClock.now()
                queue.waitForSealing(outstandingAtMost: backlog, limit: Self.lockstepLimit)
                waitingForSealingNs += (wallClock.now() - waitStart).nanoseconds
            }
            if let status {
                // Latency summaries at most every `statusLatencyInterval` of wall time (always at the end):
                // a run at full speed passes several slices per wall second.
                let wallNow = wallClock.now()
                let groups: [RateGroupReport]
                if let last = statusLatencyAt, wallNow - last < Self.statusLatencyInterval, clock.now() < end {
                    groups = scheduler.reports(keepingLatencyOf: statusGroups)
                } else {
                    groups = scheduler.reports
                    statusLatencyAt = wallNow
                }
                statusGroups = groups
                var current = GatewayStatus(
                    simulated: clock.now() - start, total: settings.duration,
                    samples: batcher.samples.reduce(0, +), windows: batcher.windowsHandedOver,
                    groups: groups, pipeline: pipeline.published.withLock { $0 })
                current.modbusRTU = rtu.reports
                current.edge = edgeStage?.status
                current.clockStepsSeen = timeline.stepsSeen
                current.lastClockStep = timeline.steps.last
                status(current)
            }
        }
        if !hooks.endsWithPowerCut { batcher.flush() }
        queue.close()
        pipeline.join()
        let wall = wallClock.now() - wallStart
        let (collectorReport, givenUp) = pipeline.delivery.finish()
        var report = report(
            bound: bound, scheduler: scheduler, batcher: batcher, pipeline: pipeline, store: store,
            identity: (identity, created), ended: ended, simulated: clock.now() - start, wall: wall,
            samplingNs: samplingNs, waitingForSealingNs: waitingForSealingNs, collector: collectorReport,
            givenUp: givenUp, stateDirectory: stateDirectory)
        report.modbusRTU = rtu.lines.isEmpty ? nil : rtu.reports
        report.clock = GatewayReport.Clock(
            startUTCMicros: startUTCMicros, stepsSeen: timeline.stepsSeen, steps: timeline.steps,
            aheadMicros: timeline.aheadMicros)
        return report
    }

    /// How long (wall time) the sampler waits, per slice, for a lockstep delivery thread that is blocked
    /// (a safety net: a delivery round takes milliseconds, seconds only on a host that starves it).
    static let lockstepLimit: Duration = .seconds(30)
    /// How far (simulated time) the sampler may run ahead of a lockstep delivery: the precision of the
    /// module's timing as the gateway sees it, traded against hand-overs between the two threads.
    static let lockstepLead: Duration = .seconds(5)
    /// The most windows a simulated board's sampler leaves outstanding (handed over, not yet sealed and
    /// given back) at the end of a slice before it waits for the sealing stage: two batch intervals' worth
    /// for every stream, enough that the two threads overlap, few enough that the windows of a stage that
    /// falls behind stay bounded.
    static func sealingBacklog(streams: Int) -> Int { max(2 * streams, 4) }
    /// How often (wall time) a status carries new latency percentiles; between, it repeats the last.
    static let statusLatencyInterval: Duration = .milliseconds(500)

    /// The lockstep for a delivery that drives a simulated modem, or a harness's link that carries
    /// downlink commands, on a fully simulated board; nil otherwise (a real module, a TCP or CoAP link:
    /// their time is the host's).
    static func lockstep(for delivery: any BatchDelivery, simulated: Bool) -> DeliveryLockstep? {
        guard simulated else { return nil }
        if let hooked = delivery as? HookedDelivery, hooked.commands != nil, hooked.simulatedElapsed != nil {
            // A harness's link with downlink commands: they are due at simulated times.
            let lockstep = DeliveryLockstep()
            hooked.lockstep = lockstep
            return lockstep
        }
        guard let mqtt = delivery as? MQTTDelivery, mqtt.simulatedModem != nil else { return nil }
        let lockstep = DeliveryLockstep()
        mqtt.lockstep = lockstep
        return lockstep
    }

    /// The system clock's UTC µs at a monotonic instant: `utcStartMicros` at `start`, moving with the
    /// monotonic clock and by every step since (the harness's simulated steps on a simulated board, the
    /// real system clock's on real buses).
    func systemUTCMicros(start: MonotonicInstant, simulated: Bool) -> (MonotonicInstant) -> Int64 {
        let steps: (MonotonicInstant) -> Int64
        if simulated {
            let hook = hooks.systemClockStepsMicros
            steps = { now in hook?(now - start) ?? 0 }
        } else {
            let base = SystemClockOffset.microseconds()
            steps = { _ in SystemClockOffset.microseconds() - base }
        }
        return { [utcStartMicros] now in utcStartMicros + (now - start).nanoseconds / 1000 + steps(now) }
    }
}

extension GatewayRunner {
    /// The remote CoAP delivery of ``GatewaySettings/coap``.
    func makeCoAPDelivery(store: BatchStore) throws(GatewayError) -> CoAPDelivery {
        guard let upstream = settings.coap else {
            throw GatewayError(.configuration, "CoAP delivery needs a server (--upstream coap://HOST:PORT/PATH)")
        }
        return try CoAPDelivery(remote: upstream.address, path: upstream.path, store: store, seed: 1)
    }

    /// The clock and timebase of a run: virtual time for a simulated board, the backend's monotonic clock
    /// and real sleeps for a board of real buses (whatever the pacing asked for). A board that mixes `sim:`
    /// and real buses has no single clock and is refused.
    func timing(of bound: BoundBoard) throws(GatewayError) -> (any MonotonicClock, any SamplingTimebase) {
        if bound.isFullySimulated, board.modbusRTU.allSatisfy(\.isSimulated) {
            return (bound.clock, bound.virtualTimebase(pacing: settings.pacing, wallClock: wallClock))
        }
        guard let backend else {
            throw GatewayError(
                .configuration, "\(board.file): the board names real buses; run it with the Linux backend")
        }
        if let simulated = board.buses.first(where: \.isSimulated)?.name
            ?? board.gpioChips.first(where: \.isSimulated)?.name
        {
            throw GatewayError(
                .configuration,
                "\(board.file): '\(simulated)' is simulated (sim:) but other buses are real; a run is either all "
                    + "simulated (virtual time) or all real (real time): split the board file")
        }
        return (backend.clock, RealTimebase(clock: backend.clock))
    }

    /// Opens the durable store; when the state folder cannot be used (read-only, full, failing) the gateway
    /// keeps sampling and delivering with a store in memory only, and says so. Another gateway holding the
    /// store (`busy`) or a store of an unknown format still stops the run.
    static func openStore(
        directory: String, settings: StoreSettings, clock: any StoreClock, announce: ((String) -> Void)?
    ) throws(GatewayError) -> BatchStore {
        do {
            return try BatchStore(directory: directory, settings: settings, clock: clock)
        } catch  where error.kind == .readOnly || error.kind == .diskFull || error.kind == .io {
            announce?(
                "WARNING: \(error); sampling goes on with batches held IN MEMORY ONLY (lost at a restart) "
                    + "until the state folder is fixed")
            do {
                return try BatchStore.inMemory(settings: settings, clock: clock, why: error.description)
            } catch {
                throw GatewayError(.store, "\(error)")
            }
        } catch {
            throw GatewayError(.store, "\(error)")
        }
    }
}

/// UTC that follows virtual time, for the store's age bound: the runner moves it after each slice.
final class VirtualUTCClock: StoreClock {
    private let micros: Atomic<Int64>
    init(micros: Int64) { self.micros = Atomic(micros) }
    func set(_ value: Int64) { micros.store(value, ordering: .relaxed) }
    func nowMicros() -> Int64 { micros.load(ordering: .relaxed) }
}
