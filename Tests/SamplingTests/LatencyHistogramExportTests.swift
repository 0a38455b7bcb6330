// SensorGate — SamplingTests: latency histograms exported as µs buckets, as cyclictest's `-h` counts them.

import Testing

@testable import Sampling

@Suite struct LatencyHistogramExportTests {
    @Test func latenciesCountAtTheirWholeMicrosecond() {
        var histogram = LatencyHistogram(ceiling: .milliseconds(100))
        for nanoseconds in [1_000, 1_999, 2_500, 999, 150_000, -5] {
            histogram.record(.nanoseconds(nanoseconds))
        }
        // 999 ns and an early wake-up (recorded as 0) are in the 0 µs bucket, 1 000 and 1 999 ns in 1 µs.
        #expect(histogram.microsecondCounts() == [[0, 2], [1, 2], [2, 1], [150, 1]])
        #expect(histogram.microsecondCounts().reduce(0) { $0 + $1[1] } == histogram.count)
    }
}
