// SensorGate — HIL: running a scenario: the gateway in virtual time, faults on, observers attached.

import Board
import Envelope
import Foundation
import Gateway
import HAL
import HALSim
import Modem
import Sampling
import Store
import Synchronization
import World

/// Runs a scenario on its simulated board: the real gateway runtime (`GatewayRunner`) in virtual time,
/// restarted from its state folder after every power cut, with the scenario's faults injected through
/// the runtime's hooks and one upstream collector across the restarts; then evaluates the expectations.
public final class ScenarioRunner {
    /// The scenario.
    public let scenario: ScenarioDescription
    /// The settings.
    public let settings: HILSettings
    private let wallClock: any MonotonicClock

    /// Prepares a run.
    /// - Parameters:
    ///   - scenario: the scenario.
    ///   - settings: pacing, seed, shortening.
    ///   - wallClock: the real monotonic clock (pacing).
    public init(scenario: ScenarioDescription, settings: HILSettings = HILSettings(), wallClock: any MonotonicClock) {
        self.scenario = scenario
        self.settings = settings
        self.wallClock = wallClock
    }

    /// The duration actually run.
    public var duration: Duration { min(settings.duration ?? scenario.duration, scenario.duration) }

    /// Checks that the board computes what the edge checks judge, and carries the uplink through a
    /// simulated modem when the scenario has modem faults (docs/hil.md).
    /// - Throws: `HILError` (`.scenario`) naming the file:line:column.
    public func checkSupported() throws(HILError) {
        try EdgeChecks.require(scenario)
        try ModemFaults.require(scenario)
        let real = try realBroker()
        if let feed = scenario.qnhFeed {
            let at = "\(feed.location.file):\(feed.location.line):\(feed.location.column)"
            guard real == nil else {
                throw HILError(
                    .scenario, "\(at): the operator's commands go through the in-process broker; run without --broker")
            }
        }
    }

    /// Whether the uplink runs through the board's simulated modem (MQTT over the module's socket to
    /// the in-process ``HILBroker``) rather than straight to the upstream link.
    public var usesModemChain: Bool { scenario.board.modem?.isSimulated ?? false }

    /// Runs the scenario to its end and evaluates every expectation.
    /// - Parameters:
    ///   - progress: called on the running thread once per second of virtual time.
    ///   - warning: called with each warning line before the run (the `disk-full` fallback).
    /// - Returns: the result, with each expectation's outcome.
    /// - Throws: `HILError` when the scenario cannot run.
    public func run(
        progress: ((HILProgress) -> Void)? = nil, warning: ((String) -> Void)? = nil
    ) throws(HILError) -> HILResult {
        try checkSupported()
        let seed = settings.seed ?? scenario.seed
        var board = scenario.board
        board.seed = seed
        let end = duration
        let spans = scenario.spans(within: end)
        let stepS = max(seconds(end) / Double(max(settings.tracePoints, 10)), 0.01)
        let stateDirectory = try prepareStateDirectory()
        let diskFullWindows = spans.filter { $0.kind == "disk-full" }
        let (disk, fallbackReason) = diskFullWindows.isEmpty ? (nil, nil) : mountStateDisk(stateDirectory)
        defer {
            disk?.unmount()
            if settings.stateDirectory == nil { try? FileManager.default.removeItem(atPath: stateDirectory) }
        }
        if let fallbackReason {
            warning?(
                "warning: \(scenario.file): disk-full refuses appends in the sealer (a hook), not on a real full "
                    + "disk: \(fallbackReason)")
        }
        let identity = try makeIdentity(stateDirectory)
        let real = try realBroker()
        let downlink = try scenario.qnhFeed.map { feed throws(HILError) in
            try OperatorDownlink(
                feed: feed, atmosphere: board.world.atmosphere, identity: identity, end: end,
                stateDirectory: stateDirectory, wallUTCMicros: UInt64(max(0, Date().timeIntervalSince1970 * 1e6)))
        }
        let secondsCount = Int(end.nanoseconds / 1_000_000_000) + 2
        let upstream = HILUpstream(
            identity: identity, devices: board.devices.count, seconds: secondsCount,
            utcBaseMicros: settings.utcStartMicros, stepS: stepS, downlink: downlink)
        let observer = RunObserver(board: board, duration: end, stepS: stepS)
        let subscriber = real.map { BrokerSubscriber(host: $0.host, port: $0.port, upstream: upstream) }
        try subscriber?.start(timeout: .seconds(10))
        defer { subscriber?.stop() }
        var envelopesAcknowledged = 0
        let storeFault = DiskFullFault(
            windows: diskFullWindows, path: stateDirectory, utcStartMicros: settings.utcStartMicros, disk: disk)
        var samplesNotStored = 0
        let brokerDown = spans.filter { $0.kind == "broker-down" }
        var storeSeries = Series(stepS: stepS)
        var injected: [String: Int] = [:]
        var deadlineMisses = 0
        var modemRadio: ModemRadioTotals?
        var modemSignal: SignalQuality?
        var peakKiB = 0
        let wallStart = ContinuousClock.now
        let segments = Self.segments(spans: spans, end: end)
        for (index, segment) in segments.enumerated() {
            var gatewaySettings = GatewaySettings()
            gatewaySettings.duration = segment.end - segment.start
            gatewaySettings.pacing = settings.pacing
            gatewaySettings.stateDirectory = stateDirectory
            if usesModemChain {
                gatewaySettings = try modemSettings(gatewaySettings, segment: segment)
                gatewaySettings.mqtt?.operatorKeyFile = downlink?.publicKeyFile
            }
            let runner = GatewayRunner(
                board: board, settings: gatewaySettings, wallClock: wallClock,
                utcStartMicros: settings.utcStartMicros + segment.start.nanoseconds / 1000)
            var plans: [String: FaultPlan] = [:]
            var store: BatchStore?
            runner.hooks.boardBound = { bound in
                bound.clock.advance(to: instant(segment.start))
                plans = FaultInstaller.install(self.scenario, on: bound, seed: seed, end: end)
                observer.stimuli = bound.stimuli
            }
            runner.hooks.storeOpened = { store = $0 }
            runner.hooks.started = { start in
                upstream.began(
                    HILUpstream.Segment(
                        utcStartMicros: self.settings.utcStartMicros + segment.start.nanoseconds / 1000,
                        startNs: start.nanoseconds))
            }
            runner.hooks.observer = observer
            runner.hooks.processedRow = { label, instant in observer.reported(label, at: instant) }
            if usesModemChain {
                carryThroughModem(
                    runner, upstream: upstream, segment: segment, realHost: real?.host, downlink: downlink)
            } else {
                runner.hooks.upstream = upstream
                runner.hooks.upstreamOperatorKeyFile = downlink?.publicKeyFile
            }
            if disk == nil {
                runner.hooks.storeFault = { batches in storeFault.error(for: batches) }
            } else {
                runner.hooks.beforeStoring = { batch in storeFault.beforeStoring(batch) }
            }
            runner.hooks.endsWithPowerCut = segment.cut
            let isLast = index == segments.count - 1
            let report: GatewayReport
            do {
                report = try runner.run(status: { status in
                    let now = segment.start + status.simulated
                    let t = seconds(now)
                    upstream.nowNs.store(now.nanoseconds, ordering: .relaxed)
                    let cut = segment.cut && now >= segment.end
                    upstream.reachable.store(!cut && !brokerDown.contains { $0.contains(t) }, ordering: .relaxed)
                    if let store { storeSeries.add(t, [Double(store.count), Double(store.chargedBytes)]) }
                    progress?(
                        HILProgress(
                            simulated: now, total: end, verified: upstream.verifiedSoFar,
                            storeDepth: store?.count ?? 0,
                            activeFaults: spans.filter { $0.contains(t) }.map(\.kind)))
                })
            } catch {
                throw HILError(.run, "\(scenario.file): the gateway could not run: \(error)")
            }
            if isLast { upstream.reachable.store(true, ordering: .relaxed) }
            deadlineMisses += report.deadlineMisses
            if let radio = report.radio {
                var totals = modemRadio ?? ModemRadioTotals()
                totals.add(
                    elapsedS: radio.elapsedS, radioOnS: radio.radioOnS, psmS: radio.psmS, energyJ: radio.energyJ,
                    bytesUp: radio.bytesUp)
                modemRadio = totals
            }
            if let signal = report.modem?.signal { modemSignal = signal }
            peakKiB = max(peakKiB, report.peakRSSKiB)
            envelopesAcknowledged += report.deliveryCounters.envelopes
            samplesNotStored += report.sealer.droppedSamples["not-stored-\(StoreErrorKind.diskFull.rawValue)"] ?? 0
            for plan in plans.values {
                for (kind, count) in plan.counts { injected["\(kind)", default: 0] += count }
            }
        }
        if let failure = storeFault.failure { throw failure }
        // A real broker: what it acknowledged to the gateway reaches the subscription a little later.
        if let subscriber, !subscriber.waitForEnvelopes(envelopesAcknowledged, timeout: .seconds(10)) {
            throw HILError(
                .run,
                "--broker \(subscriber.host):\(subscriber.port): the broker acknowledged \(envelopesAcknowledged) "
                    + "envelopes to the gateway, but the subscription got \(upstream.envelopesTaken) within 10 s")
        }
        let wall = ContinuousClock.now - wallStart
        let (state, givenUp) = upstream.finish()
        var result = HILResult(
            scenario: scenario.name, file: scenario.file, simulatedS: seconds(end), wallS: seconds(wall), seed: seed,
            segments: segments.count, faults: spans, injected: injected,
            accounts: Accounting.accounts(
                observer: observer, verified: state.verified, spans: spans,
                batchReach: seconds(scenario.longestBatchInterval),
                busOf: Dictionary(board.devices.map { ($0.label, $0.bus) }, uniquingKeysWith: { first, _ in first })),
            deadlineMisses: deadlineMisses, upstreamBytes: state.bytes, upstreamEnvelopes: state.envelopes,
            batchesVerified: state.batches, peakMemoryBytes: Int64(peakKiB) * 1024,
            orientationMaxDeg: nil, orientationSeries: nil, altitudeMaxM: nil, altitudeSeries: nil,
            firstAlarmS: nil, bearingSeries: nil, bearingThresholdMps2: nil,
            defectOnsetS: board.world.machine?.defects.map(\.onsetS).min(), latenciesS: state.latenciesS,
            storeSeries: storeSeries, bytesSeries: state.bytesSeries,
            traces: observer.traces.values.sorted {
                ($0.device, $0.quantity.rawValue) < ($1.device, $1.quantity.rawValue)
            }
            .map { ($0.device, $0.quantity, $0.series) }, givenUp: givenUp)
        result.modemRadio = modemRadio
        result.modemSignal = modemSignal
        result.operatorCommands = downlink?.outcomes
        if !diskFullWindows.isEmpty {
            result.diskFull = DiskFullReport(
                method: storeFault.method, fallbackReason: fallbackReason, mountPoint: disk?.path,
                fills: storeFault.fills,
                samplesNotStored: samplesNotStored,
                batchesReportedUpstream: state.collector.report.streams.filter { $0.stream != 0 }.reduce(0) {
                    $0 + ($1.droppedByReason[StoreErrorKind.diskFull.rawValue] ?? 0)
                })
        }
        result.statuses = state.statuses
        result.uplinkRecoveries = ModemFaults.delays(
            ModemFaults.recoveries(scenario, within: end), receptionsS: state.receptionsS)
        judgeEdge(
            state.derived.sorted(), board: board, restartsS: segments.map { seconds($0.start) }, stepS: stepS,
            into: &result)
        result.results = Expectations.evaluate(scenario.expectations, result)
        return result
    }

    /// One gateway run between power cuts.
    struct Segment {
        var start: Duration
        var end: Duration
        /// Whether it ends with a power cut.
        var cut: Bool
    }

    /// The runs: from the start (or power returning) to the next cut (or the end).
    static func segments(spans: [FaultSpan], end: Duration) -> [Segment] {
        var segments: [Segment] = []
        var start = Duration.zero
        let cuts = spans.filter { $0.kind == "power-cut" }.sorted { $0.startS < $1.startS }
        for cut in cuts {
            let at = Duration.nanoseconds(Int64(cut.startS * 1e9))
            guard at > start else { continue }
            segments.append(Segment(start: start, end: at, cut: true))
            start = Duration.nanoseconds(Int64(cut.endS * 1e9))
        }
        if start < end { segments.append(Segment(start: start, end: end, cut: false)) }
        return segments
    }

    private func prepareStateDirectory() throws(HILError) -> String {
        let path =
            settings.stateDirectory
            ?? NSTemporaryDirectory()
            + "sensorgate-hil-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"
        do {
            if settings.stateDirectory == nil || !FileManager.default.fileExists(atPath: path) {
                try FileManager.default.createDirectory(
                    atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
        } catch {
            throw HILError(.run, "\(path): cannot create the state folder: \(error)")
        }
        return path
    }

    /// Puts the state folder on a tmpfs of its own for the `disk-full` windows, when this run may mount.
    /// - Returns: the mounted disk, or nil and why not (the hook is used instead).
    private func mountStateDisk(_ stateDirectory: String) -> (TmpfsStateDisk?, String?) {
        guard settings.stateDirectory == nil else {
            return (
                nil, "the run was given its own state folder, which a tmpfs would hide; leave the folder to the run"
            )
        }
        let advice = "run as root (or with CAP_SYS_ADMIN) to fill a real tmpfs"
        guard settings.canMount ?? TmpfsStateDisk.processCanMount else {
            return (nil, "this process cannot mount file systems (not root, no CAP_SYS_ADMIN); \(advice)")
        }
        do {
            return (try TmpfsStateDisk(path: stateDirectory), nil)
        } catch {
            return (nil, "\(error.message); \(advice)")
        }
    }

    /// The device identity the gateway will load from its state folder (created when missing).
    private func makeIdentity(_ stateDirectory: String) throws(HILError) -> DeviceIdentity {
        let folder = stateDirectory + "/identity"
        do {
            if FileManager.default.fileExists(atPath: folder + "/device.key") {
                return try DeviceIdentity.load(from: folder)
            }
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let identity = DeviceIdentity.generate()
            try identity.save(to: folder)
            return identity
        } catch {
            throw HILError(.run, "\(folder): cannot load or create the device identity: \(error)")
        }
    }
}
