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
    @inlinable
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The clock's origin.
    public static let zero = MonotonicInstant(nanoseconds: 0)

    /// Orders instants in time.
    @inlinable
    public static func < (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// The instant `duration` later.
    @inlinable
    public static func + (lhs: MonotonicInstant, rhs: Duration) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: lhs.nanoseconds &+ rhs.nanoseconds)
    }

    /// The instant `duration` earlier.
    @inlinable
    public static func - (lhs: MonotonicInstant, rhs: Duration) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: lhs.nanoseconds &- rhs.nanoseconds)
    }

    /// The time from `rhs` to `lhs`.
    @inlinable
    public static func - (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Duration {
        .nanoseconds(lhs.nanoseconds &- rhs.nanoseconds)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, truncated toward zero; saturates beyond ±292 years.
    ///
    /// Without a 128-bit division: the generic `attoseconds / 1_000_000_000` compiles to a call of
    /// `__divti3` (about a hundred instructions), and this sits on the simulator's hot path (every bus
    /// transfer and chip event converts a duration). The high word is folded into the low one through
    /// 2⁶⁴ = 18 446 744 073 × 10⁹ + 709 551 616 (each fold shrinks it by a factor of 2.6 × 10¹⁰, so
    /// two or three folds end it), and the low word is divided by the constant with a multiplication.
    @inlinable
    public var nanoseconds: Int64 {
        let magnitude = attoseconds.magnitude
        var high = UInt64(truncatingIfNeeded: magnitude >> 64)
        var low = UInt64(truncatingIfNeeded: magnitude)
        // At or beyond 10⁹ × 2⁶⁴ attoseconds the quotient is at least 2⁶⁴: saturate.
        guard high < 1_000_000_000 else { return attoseconds < 0 ? .min : .max }
        var quotient: UInt64 = 0
        while high != 0 {
            quotient &+= high &* 18_446_744_073
            let folded = high.multipliedFullWidth(by: 709_551_616)
            let (sum, carry) = low.addingReportingOverflow(folded.low)
            low = sum
            high = folded.high &+ (carry ? 1 : 0)
        }
        quotient &+= low / 1_000_000_000
        if attoseconds < 0 {
            guard quotient <= Int64.min.magnitude else { return .min }
            return Int64(truncatingIfNeeded: 0 &- quotient)
        }
        guard quotient <= UInt64(Int64.max) else { return .max }
        return Int64(quotient)
    }

    /// `lhs` times `rhs`, exactly (trapping on overflow like the standard library's generic `*`).
    ///
    /// The generic `Duration * BinaryInteger` goes through a generic 128-bit multiplication that costs
    /// about ten times this; chip models multiply a period by a sample index at every event.
    @inlinable
    public static func * (lhs: Duration, rhs: Int) -> Duration { Duration(attoseconds: lhs.attoseconds * Int128(rhs)) }

    /// `lhs` times `rhs`, exactly (trapping on overflow like the standard library's generic `*`).
    @inlinable
    public static func * (lhs: Duration, rhs: Int64) -> Duration {
        Duration(attoseconds: lhs.attoseconds * Int128(rhs))
    }
}
