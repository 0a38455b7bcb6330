// SensorGate — Sampling: a latency histogram as counts per whole microsecond, for merging runs.

extension LatencyHistogram {
    /// The recorded latencies as `[microseconds, count]` pairs, ascending, one per whole microsecond
    /// that holds any (a latency of 1 999 ns counts at 1 µs, as cyclictest's `-h` histogram does).
    /// Histograms of several runs add up bucket by bucket, so a benchmark that alternates with a peer
    /// can report percentiles of all its rounds together.
    public func microsecondCounts() -> [[UInt64]] {
        var counts: [[UInt64]] = []
        for step in histogram.recordedValues() where step.count > 0 {
            let micros = step.value / 1000
            if let last = counts.last, last[0] == micros {
                counts[counts.count - 1][1] += UInt64(step.count)
            } else {
                counts.append([micros, UInt64(step.count)])
            }
        }
        return counts
    }
}

extension SamplingScheduler {
    /// Each rate group's wake-up latencies as ``LatencyHistogram/microsecondCounts()``, by group name.
    public var latencyMicrosecondCounts: [String: [[UInt64]]] {
        Dictionary(groups.map { ($0.name, $0.latency.microsecondCounts()) }, uniquingKeysWith: { first, _ in first })
    }
}
