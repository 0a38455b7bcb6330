// SensorGate — Drivers: dating FIFO samples from the output data rate and the drain time.

import HAL

/// Timestamps for samples drained from a hardware FIFO.
public enum FIFOTimestamps {
    /// The instants of `count` samples, oldest first, the newest dated at `newest` and each older one
    /// `period` earlier (the chip wrote them one output period apart).
    /// - Parameters:
    ///   - count: how many samples were drained.
    ///   - newest: when the newest sample was written: the drain time, less the part of a period
    ///     that had passed since, when the driver knows it.
    ///   - period: one over the output data rate.
    /// - Returns: the instants, oldest first.
    public static func backDated(count: Int, newest: MonotonicInstant, period: Duration) -> [MonotonicInstant] {
        Array(backDatedDates(count: count, newest: newest, period: period))
    }

    /// The instants of ``backDated(count:newest:period:)``, computed on demand (no allocation).
    /// - Parameters:
    ///   - count: how many samples were drained.
    ///   - newest: when the newest sample was written.
    ///   - period: one over the output data rate.
    /// - Returns: the instants, oldest first.
    public static func backDatedDates(count: Int, newest: MonotonicInstant, period: Duration) -> FIFODates {
        guard count > 0 else { return .none }
        let periodNs = period.nanoseconds
        return FIFODates(
            firstNanoseconds: newest.nanoseconds - periodNs * Int64(count - 1), periodNanoseconds: periodNs,
            count: count)
    }
}
