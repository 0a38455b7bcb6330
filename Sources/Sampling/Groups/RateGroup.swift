// SensorGate — Sampling: a rate group while it runs: deadlines, slots, counters.

import HAL

/// A running rate group. Deadlines are `anchor + rate.offset(ofDeadline: index)`: absolute, exact.
/// Data-ready groups move the anchor to each edge they serve, because the chip's clock sets the pace.
final class RateGroup {
    let name: String
    let rate: SamplingRate
    let trigger: SampleTrigger
    var slots: [SensorSlot]
    var report: RateGroupReport
    var latency: LatencyHistogram
    /// The instant deadlines are counted from.
    var anchor: MonotonicInstant = .zero
    /// The number of the next deadline from the anchor.
    var index: Int64 = 0
    /// `anchor + offset(index)`, kept so that choosing the next group costs one comparison a group.
    private(set) var deadline: MonotonicInstant = .zero
    /// For edge groups: whether an edge has been seen since the start (until then the window for the
    /// first edge is wide, for the chip's turn-on time).
    var synchronised = true
    /// A wake-up later than this after its deadline or edge is a deadline miss.
    let lateTolerance: Duration
    /// How long before an expected edge the scheduler turns to the line.
    private let edgeLead: Duration
    /// How long after an expected edge it counts as missed.
    private let edgeTimeout: Duration
    /// How long the first edge may take (the chip's turn-on time): at least 1 s or 8 periods.
    private let firstEdgeTimeout: Duration

    init(index groupIndex: Int, definition: RateGroupDefinition, settings: SamplingSettings) {
        name = definition.name
        rate = definition.rate
        trigger = definition.trigger
        slots = definition.sensors.enumerated().map { offset, sensor in
            SensorSlot(tag: SensorTag(group: groupIndex, index: offset, label: sensor.label), driver: sensor.driver)
        }
        report = RateGroupReport(
            name: definition.name, rateHz: definition.rate.hertz, trigger: definition.trigger.name,
            sensors: definition.sensors.map(\.label))
        latency = LatencyHistogram(ceiling: settings.latencyCeiling)
        let periodNanoseconds = Double(definition.rate.period.nanoseconds)
        func share(_ fraction: Double) -> Duration { .nanoseconds(Int64(periodNanoseconds * fraction)) }
        lateTolerance = share(settings.lateToleranceFraction)
        edgeLead = share(settings.edgeLeadFraction)
        edgeTimeout = share(settings.edgeTimeoutFraction)
        firstEdgeTimeout = max(.seconds(1), share(8))
    }

    /// Starts counting deadlines from `start`; an edge group then waits for its first edge.
    func begin(at start: MonotonicInstant) {
        anchor = start
        synchronised = trigger.line == nil
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
        guard trigger.line != nil, synchronised else { return deadline }
        return deadline - edgeLead
    }

    /// For edge groups: when an expected edge counts as missed.
    var windowClose: MonotonicInstant { deadline + (synchronised ? edgeTimeout : firstEdgeTimeout) }

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
