// SensorGate — HAL: a point on a monotonic clock.

/// A point in time on a monotonic clock, in nanoseconds from the clock's origin.
///
/// For the Linux clock the origin is boot (`CLOCK_MONOTONIC`, the clock the kernel stamps GPIO events
/// with); for a virtual clock it is the start of the simulation. Instants of different clocks must not
/// be compared.
public struct MonotonicInstant: Comparable, Hashable, Sendable {
    /// Nanoseconds since the clock's origin.
    public var nanoseconds: Int64

    /// Creates an instant.
    /// - Parameter nanoseconds: nanoseconds since the clock's origin.
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The clock's origin.
    public static let zero = MonotonicInstant(nanoseconds: 0)

    /// Orders instants in time.
    public static func < (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// The instant `duration` later.
    public static func + (lhs: MonotonicInstant, rhs: Duration) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: lhs.nanoseconds &+ rhs.nanoseconds)
    }

    /// The instant `duration` earlier.
    public static func - (lhs: MonotonicInstant, rhs: Duration) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: lhs.nanoseconds &- rhs.nanoseconds)
    }

    /// The time from `rhs` to `lhs`.
    public static func - (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Duration {
        .nanoseconds(lhs.nanoseconds &- rhs.nanoseconds)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, truncated toward zero; saturates beyond ±292 years.
    ///
    /// One 128-bit division: `components` costs a division and a multiplication more, and this sits
    /// on the simulator's hot path (every bus transfer and chip event converts a duration).
    public var nanoseconds: Int64 { Int64(clamping: attoseconds / 1_000_000_000) }

    /// `lhs` times `rhs`, exactly (trapping on overflow like the standard library's generic `*`).
    ///
    /// The generic `Duration * BinaryInteger` goes through a generic 128-bit multiplication that costs
    /// about ten times this; chip models multiply a period by a sample index at every event.
    public static func * (lhs: Duration, rhs: Int) -> Duration { Duration(attoseconds: lhs.attoseconds * Int128(rhs)) }

    /// `lhs` times `rhs`, exactly (trapping on overflow like the standard library's generic `*`).
    public static func * (lhs: Duration, rhs: Int64) -> Duration {
        Duration(attoseconds: lhs.attoseconds * Int128(rhs))
    }
}
