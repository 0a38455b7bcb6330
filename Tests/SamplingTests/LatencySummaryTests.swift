// SensorGate — SamplingTests: the one-walk latency summary gives the library's percentiles.

import HAL
import Testing

@testable import Sampling

@Suite struct LatencySummaryTests {
    /// Latencies as a sampler sees them: mostly on time, a tail of late wake-ups, and the odd stall at
    /// the ceiling; plus the edge cases of one value and of values that all fall in one bucket.
    @Test(arguments: [1, 2, 7, 100, 1_000, 50_000])
    func percentilesMatchTheHistogramLibrary(count: Int) {
        var random = SplitMix64(seed: UInt64(count))
        var histogram = LatencyHistogram(ceiling: .seconds(1))
        for _ in 0..<count {
            let draw = random.next() % 1_000
            let nanoseconds: Int64 =
                switch draw {
                case 0..<700: 0
                case 700..<990: Int64(random.next() % 80_000)
                case 990..<999: Int64(random.next() % 20_000_000)
                default: 2_000_000_000  // beyond the ceiling: recorded at it
                }
            histogram.record(.nanoseconds(nanoseconds))
        }
        let summary = histogram.summary
        #expect(summary.count == UInt64(count))
        #expect(summary.p50Nanoseconds == histogram.nanoseconds(atPercentile: 50))
        #expect(summary.p99Nanoseconds == histogram.nanoseconds(atPercentile: 99))
        #expect(summary.p999Nanoseconds == histogram.nanoseconds(atPercentile: 99.9))
    }

    @Test func anEmptyHistogramSummarisesToZeros() {
        let summary = LatencyHistogram(ceiling: .seconds(1)).summary
        #expect(summary.count == 0)
        #expect([summary.p50Nanoseconds, summary.p99Nanoseconds, summary.p999Nanoseconds] == [0, 0, 0])
    }

    @Test func aSingleLateWakeUpIsEveryPercentile() {
        var histogram = LatencyHistogram(ceiling: .seconds(1))
        histogram.record(.microseconds(250))
        let summary = histogram.summary
        // The bucket's highest equivalent value lies above 250 000 ns; every percentile is clamped to the
        // largest value recorded, so a single value is reported exactly.
        #expect(summary.p50Nanoseconds == 250_000)
        #expect(summary.p99Nanoseconds == 250_000)
        #expect(summary.p999Nanoseconds == 250_000)
    }
}
