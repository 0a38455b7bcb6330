// SensorGate — Sampling: each chip model's next event, cached, with the earliest of them.

import HAL

/// The next event of each chip model as last asked, and the earliest of them, so that moving the
/// virtual clock by a bus's wire time costs a comparison instead of a question to every model.
///
/// A model's next event changes only when its state does: when a bus reaches it, when it is
/// updated, or when something outside the simulation touches it; ``VirtualTimebase`` asks again
/// exactly then. The earliest is recomputed over the cached instants (a handful of models).
/// Instants are kept as nanoseconds with `Int64.max` for "nothing pending", so that the checks made
/// at every clock move are plain integer comparisons.
struct NextEvents {
    /// The cached instants in nanoseconds, by model index; `Int64.max`: nothing pending.
    private var nanoseconds: [Int64]
    /// The earliest cached instant in nanoseconds; `Int64.max`: none.
    private var earliestNanoseconds = Int64.max

    /// No events known for `count` models.
    init(count: Int) {
        nanoseconds = [Int64](repeating: .max, count: count)
    }

    /// The earliest cached instant, if any.
    var earliest: MonotonicInstant? {
        earliestNanoseconds == .max ? nil : MonotonicInstant(nanoseconds: earliestNanoseconds)
    }

    /// Whether anything is pending at or before `limit`.
    func anyDue(notAfter limit: MonotonicInstant) -> Bool { earliestNanoseconds <= limit.nanoseconds }

    /// The cached instant of model `index`.
    func instant(of index: Int) -> MonotonicInstant? {
        nanoseconds[index] == .max ? nil : MonotonicInstant(nanoseconds: nanoseconds[index])
    }

    /// Whether model `index` has an event at or before `instant`.
    func isDue(_ index: Int, at instant: MonotonicInstant) -> Bool { nanoseconds[index] <= instant.nanoseconds }

    /// Records model `index`'s next event, keeping the earliest up to date.
    mutating func set(_ index: Int, _ instant: MonotonicInstant?) {
        let value = instant?.nanoseconds ?? .max
        let previous = nanoseconds[index]
        guard previous != value else { return }
        nanoseconds[index] = value
        if value < earliestNanoseconds {
            earliestNanoseconds = value
        } else if previous == earliestNanoseconds {
            earliestNanoseconds = nanoseconds.min() ?? .max
        }
    }
}
