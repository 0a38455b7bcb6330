// SensorGate — Sampling: a sampling rate, and the exact instants it puts on the clock.

import HAL

/// A sampling rate, held in millihertz so that every deadline is exact.
///
/// The n-th deadline of a group is `start + n × 10¹² / rate(mHz)` nanoseconds, computed with
/// 128-bit intermediates: there is no accumulated period and so no drift, over days or years, whatever
/// the rate (285.714 Hz included).
public struct SamplingRate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The rate in millihertz (1 Hz = 1000).
    public let milliHertz: Int64

    /// The slowest rate the sampler takes: one sample in 1000 s.
    public static let slowest = SamplingRate(milliHertz: 1)
    /// The fastest rate the sampler takes: 100 kHz.
    public static let fastest = SamplingRate(milliHertz: 100_000_000)

    /// Creates a rate from millihertz.
    /// - Parameter milliHertz: the rate in mHz, at least 1.
    public init(milliHertz: Int64) {
        self.milliHertz = max(1, milliHertz)
    }

    /// Creates a rate from hertz, rounded to the nearest millihertz; nil when it is not a finite rate
    /// between ``slowest`` and ``fastest``.
    /// - Parameter hertz: the rate in Hz.
    public init?(hertz: Double) {
        guard hertz.isFinite else { return nil }
        let milli = (hertz * 1000).rounded()
        guard milli >= Double(Self.slowest.milliHertz), milli <= Double(Self.fastest.milliHertz) else { return nil }
        self.init(milliHertz: Int64(milli))
    }

    /// The rate in hertz.
    public var hertz: Double { Double(milliHertz) / 1000 }

    /// One period, rounded to the nanosecond (for timeouts and tolerances; deadlines use the exact form).
    public var period: Duration { .nanoseconds(offset(ofDeadline: 1)) }

    /// `1000 Hz`, `0.5 Hz`.
    public var description: String {
        milliHertz % 1000 == 0 ? "\(milliHertz / 1000) Hz" : "\(hertz) Hz"
    }

    /// Orders rates from slow to fast.
    public static func < (lhs: SamplingRate, rhs: SamplingRate) -> Bool { lhs.milliHertz < rhs.milliHertz }

    /// Nanoseconds from the first deadline to the `index`-th: `index × 10¹² / mHz`, rounded down.
    /// - Parameter index: the deadline's number from 0.
    /// - Returns: the offset in nanoseconds (0 for negative indices; saturating beyond 292 years).
    public func offset(ofDeadline index: Int64) -> Int64 {
        guard index > 0 else { return 0 }
        return Self.multiplyDivide(UInt64(index), 1_000_000_000_000, UInt64(milliHertz))
    }

    /// The number of the last deadline at or before `elapsedNanoseconds` after the first (0 when it
    /// is negative).
    /// - Parameter elapsedNanoseconds: time since the first deadline.
    /// - Returns: the index of the latest deadline that has passed.
    public func index(atOrBefore elapsedNanoseconds: Int64) -> Int64 {
        guard elapsedNanoseconds > 0 else { return 0 }
        var index = Self.multiplyDivide(UInt64(elapsedNanoseconds), UInt64(milliHertz), 1_000_000_000_000)
        // offset(ofDeadline:) rounds down, so the next deadline may fall exactly on `elapsed`.
        while index < .max, offset(ofDeadline: index + 1) <= elapsedNanoseconds { index += 1 }
        return index
    }

    /// `a × b / divisor` with a 128-bit product, rounded down, saturating at `Int64.max`.
    private static func multiplyDivide(_ a: UInt64, _ b: UInt64, _ divisor: UInt64) -> Int64 {
        let product = a.multipliedFullWidth(by: b)
        guard product.high < divisor else { return .max }
        let (quotient, _) = divisor.dividingFullWidth(product)
        return quotient > UInt64(Int64.max) ? .max : Int64(quotient)
    }
}
