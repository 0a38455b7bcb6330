// SensorGate — Sampling: the scheduler: rate groups on absolute deadlines, on one thread.

import Drivers
import HAL

/// Runs rate groups on one thread: each polled group at its absolute deadlines, each data-ready or
/// watermark group at its chip's edges, the earliest due first.
///
/// The same code runs a gateway in real time (``RealTimebase``) and a simulated board in virtual time
/// (``VirtualTimebase``). Once running, the loop takes no locks and allocates nothing of its own:
/// groups, slots and histograms are made up front and deadlines are integer arithmetic. (Drivers'
/// readings and GPIO event reads carry small arrays; the sampling benchmark counts them.)
///
/// A sensor that fails does not stop the others: its samples are reported missing, and it is retried
/// at the next deadline, then with a doubling back-off (``RetryPolicy``).
///
/// The loop's own stored variables skip the runtime exclusivity check (`@exclusivity(unchecked)`, one
/// `swift_beginAccess` per access otherwise): they are accessed by the loop on the sampling thread,
/// and the calls made while one is being modified (a GPIO line reading its events into `edgeEvents`)
/// reach lines and chips, which never see the scheduler.
public final class SamplingScheduler {
    /// The timebase the scheduler waits on.
    public let timebase: any SamplingTimebase
    /// The settings.
    public let settings: SamplingSettings
    /// Set from any thread to stop ``run(until:)`` at its next wake-up.
    public let stopSignal = StopSignal()
    /// When the first deadline of every group fell, once started.
    @exclusivity(unchecked) public private(set) var startInstant: MonotonicInstant?
    /// The deadline the scheduler served last (polled groups).
    @exclusivity(unchecked) public internal(set) var lastServedDeadline: MonotonicInstant?
    let groups: [RateGroup]
    /// ``groups`` again, unretained (``groups`` keeps them alive), for the loop's looks at every group
    /// on every turn: a reference read from ``groups`` is retained and released around its use (two
    /// atomic operations); one taken through `Unmanaged` is not. On the reference board's bench this
    /// took the retains from 2.64 to 2.09 per sample and the releases from 3.05 to 2.22.
    let unretainedGroups: [Unmanaged<RateGroup>]
    let sink: any SampleSink
    /// The edge events of the group being served, kept between wake-ups (emptied, capacity kept) so
    /// that reading a data-ready or watermark line allocates nothing.
    @exclusivity(unchecked) var edgeEvents: [GPIOEdgeEvent] = []
    /// The lines of the edge groups waited on together (emptied, capacity kept).
    @exclusivity(unchecked) var waitLines: [any GPIOInputLine] = []
    /// The timebase's clock, kept (asked of the timebase at every look, it cost a retain and a release).
    let clock: any MonotonicClock
    /// The reading requests of all groups, and how many of them have been served.
    let requestTally: RequestTally
    @exclusivity(unchecked) var requestsServed: UInt64 = 0

    /// Creates a scheduler; nothing is sent to a chip until ``start(at:)`` or ``run(until:)``.
    /// - Parameters:
    ///   - groups: the rate groups.
    ///   - timebase: real or virtual time.
    ///   - sink: where readings and missing samples go.
    ///   - settings: tolerances and retry policy. Default: ``SamplingSettings/init()``.
    public init(
        groups: [RateGroupDefinition], timebase: any SamplingTimebase, sink: any SampleSink,
        settings: SamplingSettings = SamplingSettings()
    ) {
        let tally = RequestTally()
        self.groups = groups.enumerated().map {
            RateGroup(index: $0, definition: $1, settings: settings, tally: tally)
        }
        self.unretainedGroups = self.groups.map { Unmanaged.passUnretained($0) }
        self.requestTally = tally
        self.clock = timebase.clock
        self.timebase = timebase
        self.sink = sink
        self.settings = settings
        edgeEvents.reserveCapacity(64)
        waitLines.reserveCapacity(self.groups.count)
    }

    /// What each group has done so far.
    public var reports: [RateGroupReport] {
        groups.map { group in
            var report = group.report
            report.latency = group.latency.summary
            return report
        }
    }

    /// What each group has done so far, with the latency summaries of `previous` (by group, in order)
    /// instead of new ones: summarising a histogram walks its buckets (about a million instructions per
    /// group when a late wake-up sits near the ceiling), which a status several times per wall second
    /// need not pay. A group `previous` lacks gets a new summary.
    /// - Parameter previous: earlier reports of this scheduler.
    /// - Returns: the reports.
    public func reports(keepingLatencyOf previous: [RateGroupReport]) -> [RateGroupReport] {
        groups.enumerated().map { index, group in
            var report = group.report
            report.latency = index < previous.count ? previous[index].latency : group.latency.summary
            return report
        }
    }

    /// The mailboxes of the groups, by group (Sendable: hand them to the thread that takes downlink
    /// commands).
    public var mailboxes: [SamplingMailbox] { groups.map(\.mailbox) }

    /// The last error of each sensor that is failing now, by device label.
    public var failingSensors: [String: DriverError] {
        var failing: [String: DriverError] = [:]
        for group in groups {
            for slot in group.slots where slot.failures > 0 { failing[slot.tag.label] = slot.lastError }
        }
        return failing
    }

    /// Brings every sensor up and sets every group's first deadline to `start` (default: when the
    /// bring-ups are done). A sensor that does not come up is retried like one that fails later.
    ///
    /// The order is ``bringUpOrder``: a chip that starts converting at its bring-up keeps converting
    /// while the others come up, and no one drains it until the first deadline, so the chips whose
    /// buffers fill soonest come up last.
    /// - Parameter start: the first deadline. Default: after the bring-ups.
    public func start(at start: MonotonicInstant? = nil) {
        for (groupIndex, index) in bringUpOrder { bringUp(groups[groupIndex], index, at: start ?? clock.now()) }
        // Deadlines count from the end of the bring-ups (chips' start-up waits), unless given.
        let first = start ?? clock.now()
        for group in groups { group.begin(at: first) }
        startInstant = first
    }

    /// The (group, slot) pairs in the order they are brought up. A chip converts from its bring-up on,
    /// but nothing reads it before the first deadline, after every bring-up; so the chips that hold
    /// their samples longest come up first and those that overwrite or overflow soonest last: polled
    /// sensors first (they convert when read), then by how long the chip holds its samples, its FIFO
    /// (or one sample, for data-ready chips) at its output data rate, longest first; board order
    /// among equals. On the reference board: the LSM6DSO's 256 samples at 833 Hz (307 ms), the
    /// MPU-6050's 73 at 1 kHz (73 ms), the LIS3MDL's one at 80 Hz (12.5 ms), the ADXL345's 32 at
    /// 3 200 Hz (10 ms) last.
    public var bringUpOrder: [(group: Int, slot: Int)] {
        func holdS(_ group: RateGroup, _ slot: SensorSlot) -> Double {
            if case .polled = group.trigger { return .infinity }
            guard let rate = slot.driver.outputDataRateHz, rate > 0 else { return .infinity }
            let samples = if case .fifo = group.trigger, let fifo = slot.fifo { fifo.fifoCapacitySamples } else { 1 }
            return Double(samples) / rate
        }
        let pairs = groups.indices.flatMap { group in groups[group].slots.indices.map { (group: group, slot: $0) } }
        return pairs.enumerated().sorted { a, b in
            let holdA = holdS(groups[a.element.group], groups[a.element.group].slots[a.element.slot])
            let holdB = holdS(groups[b.element.group], groups[b.element.group].slots[b.element.slot])
            return holdA != holdB ? holdA > holdB : a.offset < b.offset
        }.map(\.element)
    }

    /// Runs until `end` on the timebase's clock, or until ``stopSignal`` is set.
    /// - Parameter end: when to stop.
    /// - Throws: `HALError` when the clock or a line cannot be waited on.
    public func run(until end: MonotonicInstant) throws(HALError) {
        if startInstant == nil { start() }
        while !stopSignal.isRequested {
            serveReadRequests()
            guard let (groupIndex, edgePending) = try dueGroup(notAfter: end) else {
                guard let wake = nextWake(), wake <= end else { break }
                try waitForNext(until: wake)
                continue
            }
            try unretainedGroups[groupIndex].withGuaranteedRef { (group) throws(HALError) in
                try serve(group, edgePending: edgePending)
            }
        }
        if !stopSignal.isRequested, clock.now() < end { try timebase.sleep(until: end) }
    }

    /// Serves a due group (``dueGroup(notAfter:)``): its suspended service, its edge or its deadline.
    private func serve(_ group: RateGroup, edgePending: Bool) throws(HALError) {
        if group.suspended != nil {
            resume(group)
        } else if let line = group.line {
            try serveEdge(group, line: line, edgePending: edgePending)
        } else {
            servePolled(group)
        }
    }

    /// Runs for `duration` from now (from the start, on the first call).
    /// - Parameter duration: how long to run.
    /// - Throws: `HALError` when the clock or a line cannot be waited on.
    public func run(for duration: Duration) throws(HALError) {
        if startInstant == nil { start() }
        try run(until: clock.now() + duration)
    }

    // MARK: - Choosing what to do

    /// The group to serve now: of those whose wake-up instant has passed, the one that must start
    /// first, by its deadline plus its late tolerance (earliest deadline first; ties go to the faster
    /// group). Edge groups are due once their edge is pending (which is returned, so that the line is
    /// polled once) or their window closed.
    ///
    /// A service suspended between the steps of a FIFO drain is resumed first unless a due group must
    /// start earlier than the suspended one must finish (its deadline plus its late tolerance before
    /// the suspended service's next deadline): earliest deadline first.
    private func dueGroup(notAfter end: MonotonicInstant) throws(HALError) -> (index: Int, edgePending: Bool)? {
        let now = clock.now()
        var best: (index: Int, latestOnTime: MonotonicInstant, rate: SamplingRate, edgePending: Bool)?
        var suspended: (index: Int, finishBy: MonotonicInstant)?
        for groupIndex in unretainedGroups.indices {
            let look = unretainedGroups[groupIndex]._withUnsafeGuaranteedRef { group in
                Self.look(at: group, now: now, end: end)
            }
            switch look {
            case .notDue:
                continue
            case .suspended(let finishBy):
                if suspended.map({ finishBy < $0.finishBy }) ?? true { suspended = (groupIndex, finishBy) }
            case .due(let latest, let rate, let edgePending):
                if let current = best {
                    guard latest < current.latestOnTime || latest == current.latestOnTime && rate > current.rate
                    else { continue }
                }
                best = (groupIndex, latest, rate, edgePending)
            case .failed(let error):
                throw error
            }
        }
        if let suspended {
            guard let due = best, due.latestOnTime < suspended.finishBy else { return (suspended.index, false) }
        }
        return best.map { ($0.index, $0.edgePending) }
    }

    /// What ``dueGroup(notAfter:)`` sees of one group.
    private enum Look {
        /// Not due now.
        case notDue
        /// Suspended between the steps of a drain, to be done by `finishBy`.
        case suspended(finishBy: MonotonicInstant)
        /// Due, to be started by `latestOnTime`; an edge group says whether its edge is pending.
        case due(latestOnTime: MonotonicInstant, rate: SamplingRate, edgePending: Bool)
        /// Its line could not be polled.
        case failed(HALError)
    }

    /// Whether `group` is due at `now` (and before `end`), polling its line once if it has one.
    private static func look(at group: RateGroup, now: MonotonicInstant, end: MonotonicInstant) -> Look {
        if let service = group.suspended { return .suspended(finishBy: service.finishBy) }
        let wake = group.wakeInstant
        guard wake <= now, wake <= end else { return .notDue }
        var edgePending = false
        if group.line != nil {
            // Called through the optional, not on a bound copy: a copy is retained and released.
            do throws(HALError) {
                edgePending = try group.line?.waitForEvent(timeout: .zero) ?? false
            } catch {
                return .failed(error)
            }
            guard edgePending || now >= group.windowClose else { return .notDue }
        } else if group.deadline > end {
            return .notDue
        }
        return .due(latestOnTime: group.latestOnTime, rate: group.rate, edgePending: edgePending)
    }

    /// The next instant anything is due: a polled deadline, an edge group's wake-up or the close of
    /// its window.
    private func nextWake() -> MonotonicInstant? {
        let now = clock.now()
        var next: MonotonicInstant?
        for groupIndex in unretainedGroups.indices {
            let wake = unretainedGroups[groupIndex]._withUnsafeGuaranteedRef { group in
                let wake = group.wakeInstant
                return group.line != nil && wake <= now ? group.windowClose : wake
            }
            if next.map({ wake < $0 }) ?? true { next = wake }
        }
        return next
    }

    /// Waits until `wake`: on the lines of every edge group whose window is open, else on the clock.
    /// (Waiting on one of them only, an edge on another waited until that window closed: half a period.)
    private func waitForNext(until wake: MonotonicInstant) throws(HALError) {
        let now = clock.now()
        waitLines.removeAll(keepingCapacity: true)
        for groupIndex in unretainedGroups.indices {
            unretainedGroups[groupIndex]._withUnsafeGuaranteedRef { group in
                guard let line = group.line, group.wakeInstant <= now else { return }
                waitLines.append(line)
            }
        }
        switch waitLines.count {
        case 0: try timebase.sleep(until: wake)
        case 1: _ = try timebase.waitForEdge(on: waitLines[0], until: wake)
        default: _ = try timebase.waitForEdge(onAnyOf: waitLines, until: wake)
        }
    }
}
