// SensorGate — Sampling: each chip model's next event, cached, with the earliest of them.

import HAL

/// The next event of each chip model as last asked, and the earliest of them, so that moving the
/// virtual clock by a bus's wire time costs a comparison instead of a question to every model.
///
/// A model's next event changes only when its state does: when a bus reaches it, when it is
/// updated, or when something outside the simulation touches it; ``VirtualTimebase`` asks again
/// exactly then. The earliest is recomputed over the cached instants (a handful of models).
struct NextEvents {
    /// The cached instants, by model index; nil: the model has nothing pending.
    private var instants: [MonotonicInstant?]
    /// The earliest cached instant, if any.
    private(set) var earliest: MonotonicInstant?

    /// No events known for `count` models.
    init(count: Int) {
        instants = [MonotonicInstant?](repeating: nil, count: count)
    }

    /// The cached next event of model `index`.
    func instant(of index: Int) -> MonotonicInstant? { instants[index] }

    /// Caches model `index`'s next event and updates the earliest.
    mutating func set(_ index: Int, _ instant: MonotonicInstant?) {
        let previous = instants[index]
        guard previous != instant else { return }
        instants[index] = instant
        if let instant, earliest.map({ instant < $0 }) ?? true {
            earliest = instant
        } else if previous != nil, previous == earliest {
            earliest = nil
            for candidate in instants {
                guard let candidate else { continue }
                if earliest.map({ candidate < $0 }) ?? true { earliest = candidate }
            }
        }
    }
}
