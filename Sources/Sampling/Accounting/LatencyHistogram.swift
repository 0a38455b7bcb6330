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
    ///
    /// The three percentiles come from one walk over the recorded buckets, with the same values as
    /// ``nanoseconds(atPercentile:)``: the library's `valueAtPercentile` walks every bucket from the
    /// first through unspecialised generic code (about two million instructions for a 99.9th
    /// percentile near a second), and a run asks for a summary of every group once per slice.
    public var summary: LatencySummary {
        let (p50, p99, p999) = standardPercentiles()
        return LatencySummary(
            count: count, p50Nanoseconds: p50, p99Nanoseconds: p99, p999Nanoseconds: p999,
            maxNanoseconds: maxNanoseconds,
            meanNanoseconds: meanNanoseconds)
    }

    /// The 50th, 99th and 99.9th percentiles in one walk, each as `valueAtPercentile` computes it: the
    /// highest value equivalent to the first bucket whose running count reaches the percentile's rank
    /// (⌈p⁻ × count / 100⌉, at least 1, where p⁻ is p one ulp lower), clamped to the recorded range.
    private func standardPercentiles() -> (UInt64, UInt64, UInt64) {
        guard count > 0 else { return (0, 0, 0) }
        let total = count
        func rank(_ percentile: Double) -> UInt64 {
            let requested = Swift.min(Swift.max(percentile.nextDown, 0), 100)
            return Swift.max(1, UInt64(((requested * Double(total)) / 100).rounded(.up)))
        }
        let ranks = (rank(50), rank(99), rank(99.9))
        let lowest = histogram.min
        let highest = histogram.maxRecorded
        var found: (UInt64?, UInt64?, UInt64?)
        for step in histogram.recordedValues() {
            let value = Swift.max(Swift.min(step.value, highest), lowest)
            if found.0 == nil, step.totalCountToThisValue >= ranks.0 { found.0 = value }
            if found.1 == nil, step.totalCountToThisValue >= ranks.1 { found.1 = value }
            if step.totalCountToThisValue >= ranks.2 {
                found.2 = value
                break
            }
        }
        return (found.0 ?? 0, found.1 ?? 0, found.2 ?? 0)
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
