// SensorGate — Sampling: wake-up latencies, HdrHistogram-style.

import Histogram

/// Wake-up latencies of one rate group in nanoseconds, in an HdrHistogram (3 significant digits).
///
/// The histogram's buckets are allocated once, when it is made; recording is a few integer operations
/// and never allocates, so it sits on the sampling hot path.
public struct LatencyHistogram: Sendable {
    private(set) var histogram: Histogram<UInt64>
    private let ceilingNanoseconds: UInt64
    /// The sum of the recorded values, for the mean (the histogram's own mean walks every bucket).
    private var sumNanoseconds: UInt64 = 0

    /// Creates an empty histogram.
    /// - Parameter ceiling: the largest latency resolved; longer ones are recorded at the ceiling.
    public init(ceiling: Duration) {
        ceilingNanoseconds = UInt64(max(1_000, ceiling.nanoseconds))
        histogram = Histogram(lowestDiscernibleValue: 1, highestTrackableValue: ceilingNanoseconds)
    }

    /// Records one latency; negative ones (woken early) count as zero.
    /// - Parameter latency: the wake-up latency.
    public mutating func record(_ latency: Duration) {
        let nanoseconds = latency.nanoseconds
        let value = nanoseconds <= 0 ? 0 : min(UInt64(nanoseconds), ceilingNanoseconds)
        _ = histogram.record(value)
        sumNanoseconds &+= value
    }

    /// How many latencies were recorded.
    public var count: UInt64 { histogram.totalCount }

    /// The latency at `percentile` (0…100), in nanoseconds; 0 when empty.
    /// - Parameter percentile: the percentile.
    /// - Returns: the value, to the histogram's 3 significant digits.
    public func nanoseconds(atPercentile percentile: Double) -> UInt64 {
        count == 0 ? 0 : histogram.valueAtPercentile(percentile)
    }

    /// The largest latency recorded, in nanoseconds (to 3 significant digits).
    public var maxNanoseconds: UInt64 { count == 0 ? 0 : histogram.max }

    /// The mean latency in nanoseconds.
    public var meanNanoseconds: Double { count == 0 ? 0 : Double(sumNanoseconds) / Double(count) }

    /// A summary for reports.
    public var summary: LatencySummary {
        LatencySummary(
            count: count, p50Nanoseconds: nanoseconds(atPercentile: 50), p99Nanoseconds: nanoseconds(atPercentile: 99),
            p999Nanoseconds: nanoseconds(atPercentile: 99.9), maxNanoseconds: maxNanoseconds,
            meanNanoseconds: meanNanoseconds)
    }
}

/// Percentiles of a latency histogram, in nanoseconds.
public struct LatencySummary: Sendable, Hashable, Codable {
    /// Latencies recorded.
    public var count: UInt64
    /// Median.
    public var p50Nanoseconds: UInt64
    /// 99th percentile.
    public var p99Nanoseconds: UInt64
    /// 99.9th percentile.
    public var p999Nanoseconds: UInt64
    /// Largest.
    public var maxNanoseconds: UInt64
    /// Mean.
    public var meanNanoseconds: Double
}
