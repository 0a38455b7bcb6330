// SensorGate — Drivers: the instants of one FIFO drain, computed on demand instead of stored.

import HAL

/// The instants of the samples of one FIFO drain, oldest first: `first + index × period`.
///
/// A value of four integers that computes each instant when asked, so dating a drain allocates
/// nothing (``FIFOGrid/dates(count:countReadFrom:to:)``, ``FIFOTimestamps/backDatedDates(count:newest:period:)``).
public struct FIFODates: RandomAccessCollection, Sendable, Hashable {
    /// The instant of the oldest sample, in nanoseconds on the clock.
    public let firstNanoseconds: Int64
    /// The spacing of the samples in nanoseconds (0: all at one instant).
    public let periodNanoseconds: Int64
    /// How many samples the drain dated.
    public let count: Int

    /// Dates `count` samples from `firstNanoseconds`, `periodNanoseconds` apart.
    /// - Parameters:
    ///   - firstNanoseconds: the oldest sample's instant, in nanoseconds.
    ///   - periodNanoseconds: the spacing in nanoseconds.
    ///   - count: how many samples (negative counts as none).
    public init(firstNanoseconds: Int64, periodNanoseconds: Int64, count: Int) {
        self.firstNanoseconds = firstNanoseconds
        self.periodNanoseconds = periodNanoseconds
        self.count = Swift.max(0, count)
    }

    /// No samples.
    public static var none: FIFODates { FIFODates(firstNanoseconds: 0, periodNanoseconds: 0, count: 0) }

    /// The index of the oldest sample: 0.
    public var startIndex: Int { 0 }
    /// One past the newest sample: ``count``.
    public var endIndex: Int { count }

    /// The instant of sample `position` (0 is the oldest).
    /// - Parameter position: the sample's index in the drain.
    public subscript(position: Int) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: firstNanoseconds + Int64(position) * periodNanoseconds)
    }
}
