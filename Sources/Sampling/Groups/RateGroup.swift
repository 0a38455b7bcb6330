// SensorGate — Sampling: a rate group while it runs: deadlines, slots, counters.

import HAL

/// A running rate group. Deadlines are `anchor + rate.offset(ofDeadline: index)`: absolute, exact.
/// Data-ready groups move the anchor to each edge they serve, because the chip's clock sets the pace.
///
/// The stored variables skip the runtime exclusivity check (`@exclusivity(unchecked)`): the scheduler
/// reads them several times a group on every turn of its loop, and each check cost a
/// `swift_beginAccess`. The accesses are confined: a rate group is internal to this module and touched
/// only by its scheduler, on the sampling thread (other threads reach it through its ``mailbox``, a
/// `Sendable` class with atomics), and the calls made while one of its properties is being modified (a
/// driver draining into `slots[i].drained`) reach chip drivers, buses and models, which never see a
/// group.
final class RateGroup {
    let name: String
    /// The group's index in the scheduler.
    let groupIndex: Int
    /// The group's rate; changed only on the sampling thread, by ``switchRate(to:at:)``.
    @exclusivity(unchecked) private(set) var rate: SamplingRate
    let trigger: SampleTrigger
    /// The trigger's line (data-ready or watermark), if it has one: read on every turn of the loop,
    /// so kept apart from the enum (whose copies retain and release the line).
    let line: (any GPIOInputLine)?
    /// Whether the trigger is a FIFO watermark (or a FIFO polled at the group's rate).
    let isFIFO: Bool
    @exclusivity(unchecked) var slots: [SensorSlot]
    @exclusivity(unchecked) var report: RateGroupReport
    @exclusivity(unchecked) var latency: LatencyHistogram
    /// The instant deadlines are counted from.
    @exclusivity(unchecked) var anchor: MonotonicInstant = .zero
    /// The number of the next deadline from the anchor.
    @exclusivity(unchecked) var index: Int64 = 0
    /// `anchor + offset(index)`, kept so that choosing the next group costs one comparison a group.
    @exclusivity(unchecked) private(set) var deadline: MonotonicInstant = .zero
    /// For edge groups: whether an edge has been seen since the start (until then the window for the
    /// first edge is wide, for the chip's turn-on time).
    @exclusivity(unchecked) var synchronised = true
    // The tolerances are kept in integer nanoseconds: the loop adds them to instants several times a
    // turn, and a `Duration` converts from 128-bit attoseconds on every addition.
    /// A wake-up later than this after its deadline or edge is a deadline miss, in nanoseconds.
    @exclusivity(unchecked) private var lateToleranceNanoseconds: Int64 = 0
    /// How long before an expected edge the scheduler turns to the line, in nanoseconds.
    @exclusivity(unchecked) private var edgeLeadNanoseconds: Int64 = 0
    /// How long after an expected edge it counts as missed, in nanoseconds.
    @exclusivity(unchecked) private var edgeTimeoutNanoseconds: Int64 = 0
    /// How long the first edge may take (the chip's turn-on time): at least 1 s or 8 periods, in
    /// nanoseconds.
    @exclusivity(unchecked) private var firstEdgeTimeoutNanoseconds: Int64 = 0
    private let settings: SamplingSettings
    /// Requests from other threads (downlink commands).
    let mailbox: SamplingMailbox
    /// The serial of the last rate request taken from the mailbox.
    @exclusivity(unchecked) var rateSerialSeen: UInt32 = 0
    /// Reading requests served so far.
    @exclusivity(unchecked) var readsServed: UInt64 = 0
    /// For watermark groups: when the last drain ended; edges before it were answered by that drain.
    @exclusivity(unchecked) var drainEnd = MonotonicInstant(nanoseconds: .min)
    /// The service interrupted between two steps of a FIFO drain, resumed when no group with an
    /// earlier deadline is due.
    @exclusivity(unchecked) var suspended: SuspendedService?

    init(index groupIndex: Int, definition: RateGroupDefinition, settings: SamplingSettings, tally: RequestTally) {
        name = definition.name
        self.groupIndex = groupIndex
        rate = definition.rate
        trigger = definition.trigger
        line = definition.trigger.line
        isFIFO = if case .fifo = definition.trigger { true } else { false }
        slots = definition.sensors.enumerated().map { offset, sensor in
            SensorSlot(
                tag: SensorTag(group: groupIndex, index: offset, label: sensor.label), driver: sensor.driver,
                steppedDrains: settings.steppedFIFODrains)
        }
        report = RateGroupReport(
            name: definition.name, rateHz: definition.rate.hertz, trigger: definition.trigger.name,
            sensors: definition.sensors.map(\.label))
        latency = LatencyHistogram(ceiling: settings.latencyCeiling)
        self.settings = settings
        let rates = definition.sensors.compactMap { $0.driver.outputDataRateHz.flatMap { SamplingRate(hertz: $0) } }
        mailbox = SamplingMailbox(
            groupName: definition.name, labels: definition.sensors.map(\.label), trigger: definition.trigger.name,
            fastestUsefulRate: rates.min(), tally: tally)
        setTolerances()
    }

    /// The tolerances, as shares of the period.
    private func setTolerances() {
        let periodNanoseconds = Double(rate.period.nanoseconds)
        func share(_ fraction: Double) -> Int64 { Int64(periodNanoseconds * fraction) }
        lateToleranceNanoseconds = share(settings.lateToleranceFraction)
        edgeLeadNanoseconds = share(settings.edgeLeadFraction)
        edgeTimeoutNanoseconds = share(settings.edgeTimeoutFraction)
        firstEdgeTimeoutNanoseconds = max(1_000_000_000, share(8))
    }

    /// A wake-up later than this after its deadline or edge is a deadline miss.
    var lateTolerance: Duration { .nanoseconds(lateToleranceNanoseconds) }

    /// The deadline plus the late tolerance: the latest wake-up that is not a deadline miss.
    var latestOnTime: MonotonicInstant {
        MonotonicInstant(nanoseconds: deadline.nanoseconds &+ lateToleranceNanoseconds)
    }

    /// Runs at `newRate` from `instant` on: the grid is re-anchored there, so the n-th deadline after the
    /// switch is `instant + n × 10¹² / mHz`, exact, with no drift carried over from the old grid.
    /// - Parameters:
    ///   - newRate: the new rate.
    ///   - instant: the switch instant, the new grid's deadline 0.
    func switchRate(to newRate: SamplingRate, at instant: MonotonicInstant) {
        rate = newRate
        report.rateHz = newRate.hertz
        report.rateChanges += 1
        setTolerances()
        anchor = instant
        move(to: 0)
    }

    /// Starts counting deadlines from `start`; an edge group then waits for its first edge.
    func begin(at start: MonotonicInstant) {
        anchor = start
        synchronised = line == nil
        move(to: 0)
    }

    /// Makes deadline `newIndex` the next one.
    func move(to newIndex: Int64) {
        index = newIndex
        deadline = MonotonicInstant(nanoseconds: anchor.nanoseconds &+ rate.offset(ofDeadline: newIndex))
    }

    /// When the scheduler should turn to this group: its deadline, or for edge groups a little before
    /// the expected edge, to be waiting on the line when it comes.
    var wakeInstant: MonotonicInstant {
        guard line != nil, synchronised else { return deadline }
        return MonotonicInstant(nanoseconds: deadline.nanoseconds &- edgeLeadNanoseconds)
    }

    /// For edge groups: when an expected edge counts as missed.
    var windowClose: MonotonicInstant {
        MonotonicInstant(
            nanoseconds: deadline.nanoseconds &+ (synchronised ? edgeTimeoutNanoseconds : firstEdgeTimeoutNanoseconds))
    }

    /// Re-anchors on an edge: the next deadline is one period after it.
    func reanchor(at edge: MonotonicInstant) {
        anchor = edge
        move(to: 1)
    }

    /// The deadline `steps` after the current one.
    func deadline(after steps: Int64) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: anchor.nanoseconds &+ rate.offset(ofDeadline: index + steps))
    }

    /// The number of the latest deadline at or before `instant`.
    func latestIndex(atOrBefore instant: MonotonicInstant) -> Int64 {
        rate.index(atOrBefore: instant.nanoseconds &- anchor.nanoseconds)
    }
}
