// SensorGate — Sampling: a group's service interrupted between the steps of a FIFO drain.

import HAL

/// A service the scheduler interrupted between two steps of a FIFO drain (``SamplingSettings/steppedFIFODrains``)
/// or between two sensors of a group, to serve a group whose deadline comes earlier; it is resumed where
/// it stopped.
struct SuspendedService {
    /// How the service ends once every slot is served.
    enum Finish {
        /// A polled group, or a FIFO group drained on a timer: count an overrun, move to the next deadline.
        case polled
        /// A watermark group: count an overrun against the edge, re-anchor on the drain's start.
        case edge(edge: MonotonicInstant, drainStart: MonotonicInstant, wasSynchronised: Bool)
    }

    /// The slot to resume at.
    let slot: Int
    /// Whether that slot's FIFO drain is in progress (else the slot is still to be sampled).
    let drainInProgress: Bool
    /// The deadline or edge being served.
    let instant: MonotonicInstant
    /// How the service ends.
    let finish: Finish
    /// When the service must be done: one period after the deadline or edge it serves, when the next
    /// one falls. The scheduler compares it with the latest start of a due group
    /// (deadline + late tolerance) to choose which goes first.
    let finishBy: MonotonicInstant
}
