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
///
/// A class over storage allocated once, not a struct over an array: it is written several times per
/// sample, and an array would be checked for sharing and for bounds at each write. Used by one
/// timebase on the sampling thread only.
final class NextEvents {
    /// How many models.
    let count: Int
    /// The cached instants in nanoseconds, by model index; `Int64.max`: nothing pending.
    private let nanoseconds: UnsafeMutablePointer<Int64>
    /// The earliest cached instant in nanoseconds; `Int64.max`: none.
    @exclusivity(unchecked) private var earliestNanoseconds = Int64.max

    /// No events known for `count` models.
    init(count: Int) {
        self.count = max(count, 0)
        nanoseconds = UnsafeMutablePointer<Int64>.allocate(capacity: max(count, 1))
        nanoseconds.initialize(repeating: .max, count: max(count, 1))
    }

    deinit { nanoseconds.deallocate() }

    /// The least of `count` instants, one comparison each. The loop is written to stay scalar: the
    /// vectoriser's version of a plain `min` loop emulates 64-bit signed comparisons with 32-bit ones
    /// (SSE2), and for a handful of models (nine on the reference board) that is several times the
    /// instructions of the scalar loop, on a path taken whenever the earliest model's event moves later.
    private static func minimum(of values: UnsafeMutablePointer<Int64>, count: Int) -> Int64 {
        var least = Int64.max
        var index = 0
        // Stops at the first `Int64.min`, which nothing is less than: a loop that can end early is
        // left scalar.
        while index < count, least != .min {
            least = min(least, values[index])
            index += 1
        }
        return least
    }

    /// The earliest cached instant, if any.
    var earliest: MonotonicInstant? {
        earliestNanoseconds == .max ? nil : MonotonicInstant(nanoseconds: earliestNanoseconds)
    }

    /// Whether anything is pending at or before `limit`.
    func anyDue(notAfter limit: MonotonicInstant) -> Bool { earliestNanoseconds <= limit.nanoseconds }

    /// The cached instant of model `index` (0 ..< ``count``).
    func instant(of index: Int) -> MonotonicInstant? {
        precondition(index >= 0 && index < count, "NextEvents: model index out of range")
        return nanoseconds[index] == .max ? nil : MonotonicInstant(nanoseconds: nanoseconds[index])
    }

    /// Whether model `index` (0 ..< ``count``) has an event at or before `instant`.
    func isDue(_ index: Int, at instant: MonotonicInstant) -> Bool {
        precondition(index >= 0 && index < count, "NextEvents: model index out of range")
        return nanoseconds[index] <= instant.nanoseconds
    }

    /// Records model `index`'s (0 ..< ``count``) next event, keeping the earliest up to date.
    func set(_ index: Int, _ instant: MonotonicInstant?) {
        precondition(index >= 0 && index < count, "NextEvents: model index out of range")
        let value = instant?.nanoseconds ?? .max
        let previous = nanoseconds[index]
        guard previous != value else { return }
        nanoseconds[index] = value
        if value < earliestNanoseconds {
            earliestNanoseconds = value
        } else if previous == earliestNanoseconds {
            earliestNanoseconds = Self.minimum(of: nanoseconds, count: count)
        }
    }
}
