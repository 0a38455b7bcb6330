// SensorGate — Drivers: one continuous time grid for consecutive FIFO drains.

import HAL

/// Dates the samples of consecutive FIFO drains on one grid, one output period apart, so that drains
/// neither overlap nor leave gaps.
///
/// Each drain bounds the grid's phase: the newest sample counted was written before the count was
/// latched (at the latest when the read of the count ended), and the sample after it was not yet
/// written when the read began. With `k` samples dated since the grid started, the instant of
/// sample 0 lies in `(start − (k + 1) × period, end − k × period]`. The grid keeps the intersection of
/// every drain's interval, which narrows as drains fall at different phases of the output period,
/// and dates samples at its middle: at most half the interval's width from the chip's own instants.
/// When a drain's interval misses the intersection, samples were lost unseen or the chip's clock has
/// drifted from the nominal rate by a period: the grid starts afresh from that drain and counts a
/// restart.
public struct FIFOGrid: Sendable {
    /// One over the output data rate.
    public let period: Duration
    /// How many times the grid started afresh because a drain contradicted it (the first drain is not one).
    public private(set) var restarts = 0
    /// The phase interval, in nanoseconds on the clock: sample 0 was written after `lower` and at or
    /// before `upper`; nil before the first drain.
    private var phase: (lower: Int64, upper: Int64)?
    /// Samples dated since the grid started.
    private var dated: Int64 = 0

    /// Creates a grid that has seen no drain.
    /// - Parameter period: one over the output data rate.
    public init(period: Duration) { self.period = period }

    /// The width of the phase interval: twice the largest error of a date; nil before the first drain.
    public var uncertainty: Duration? { phase.map { .nanoseconds($0.upper - $0.lower) } }

    /// Forgets the grid, for a FIFO the driver emptied or restarted: the next drain starts afresh.
    public mutating func reset() {
        phase = nil
        dated = 0
    }

    /// The instants of `count` drained samples, oldest first, as an array (tests and cold paths; the
    /// drivers use ``dates(count:countReadFrom:to:)``, which allocates nothing).
    /// - Parameters:
    ///   - count: how many samples the drain returned (none still narrows the grid).
    ///   - start: when the read of the FIFO's count began.
    ///   - end: when it ended.
    /// - Returns: the instants.
    public mutating func date(count: Int, countReadFrom start: MonotonicInstant, to end: MonotonicInstant)
        -> [MonotonicInstant]
    {
        Array(dates(count: count, countReadFrom: start, to: end))
    }

    /// The instants of `count` drained samples, oldest first, computed on demand (no allocation).
    /// - Parameters:
    ///   - count: how many samples the drain returned (none still narrows the grid).
    ///   - start: when the read of the FIFO's count began.
    ///   - end: when it ended.
    /// - Returns: the instants.
    public mutating func dates(count: Int, countReadFrom start: MonotonicInstant, to end: MonotonicInstant)
        -> FIFODates
    {
        let periodNs = period.nanoseconds
        guard periodNs > 0 else {
            return FIFODates(firstNanoseconds: end.nanoseconds, periodNanoseconds: 0, count: count)
        }
        guard count > 0 else {
            // Sample `dated` was not written when the read began; nothing bounds the phase from above.
            narrowLower(to: start.nanoseconds - dated * periodNs)
            return .none
        }
        var bounds = interval(newestIndex: dated + Int64(count) - 1, start: start, end: end, periodNs: periodNs)
        if let current = phase {
            let lower = max(current.lower, bounds.lower)
            let upper = min(current.upper, bounds.upper)
            if lower < upper {
                bounds = (lower, upper)
            } else {
                restarts += 1
                dated = 0
                bounds = interval(newestIndex: Int64(count) - 1, start: start, end: end, periodNs: periodNs)
            }
        }
        phase = bounds
        let origin = bounds.lower + (bounds.upper - bounds.lower) / 2
        let first = dated
        dated += Int64(count)
        return FIFODates(firstNanoseconds: origin + first * periodNs, periodNanoseconds: periodNs, count: count)
    }

    /// Raises the phase's lower bound; a contradiction starts the grid afresh at the next drain.
    private mutating func narrowLower(to lower: Int64) {
        guard let current = phase else { return }
        if max(current.lower, lower) < current.upper {
            phase = (max(current.lower, lower), current.upper)
        } else {
            restarts += 1
            reset()
        }
    }

    /// The phase interval one drain allows, its newest sample having index `newestIndex`.
    private func interval(newestIndex: Int64, start: MonotonicInstant, end: MonotonicInstant, periodNs: Int64)
        -> (lower: Int64, upper: Int64)
    {
        (start.nanoseconds - (newestIndex + 1) * periodNs, end.nanoseconds - newestIndex * periodNs)
    }
}
