// SensorGate — Drivers: how many samples a FIFO overflow lost, from the output data rate.

import HAL

/// Counts the samples a chip wrote that an overflowing FIFO lost before a drain could read them.
///
/// The chip writes one sample per output period; between the count reads of two drains it wrote
/// (elapsed ÷ period) of them, give or take one for the phase. When a drain sees an overflow, the
/// samples it delivers fall short of that by the number lost. Drains without an overflow lose
/// nothing, so only their instant is kept: the count never turns phase jitter into invented losses.
struct FIFOLossCount: Sendable {
    /// The chip's output period.
    let period: Duration
    /// Samples lost so far.
    private(set) var lost = 0
    private var lastDrain: MonotonicInstant?

    /// Creates a count for a chip writing one sample per `period`.
    /// - Parameters:
    ///   - period: the output period; zero or less counts nothing.
    ///   - start: when the chip's FIFO started filling (empty then), if known.
    ///   - lost: samples lost before, kept across restarts of the chip.
    init(period: Duration, start: MonotonicInstant? = nil, lost: Int = 0) {
        self.period = period
        self.lastDrain = start
        self.lost = lost
    }

    /// Records a drain whose count was read at `instant` and that delivered `delivered` samples.
    /// - Parameters:
    ///   - instant: when the drain read the FIFO's count (or found it overflowed).
    ///   - delivered: the samples the drain delivers.
    ///   - overflowed: whether the chip flagged an overflow.
    /// - Returns: the samples this drain found lost.
    @discardableResult
    mutating func drained(at instant: MonotonicInstant, delivered: Int, overflowed: Bool) -> Int {
        defer { lastDrain = instant }
        guard overflowed, let lastDrain, period > .zero, instant > lastDrain else { return 0 }
        let written = (instant - lastDrain).nanoseconds / period.nanoseconds
        let missing = max(0, Int(written) - delivered)
        lost += missing
        return missing
    }
}
