// SensorGate — Codec tests: the reference period's median, by counting and by sorting alike.

import HAL
import Testing

@testable import Codec

@Suite struct TimestampMedianTests {
    /// The element at index count / 2 once sorted: what the encoder has always announced.
    private func sortedMedian(_ values: [Int64]) -> Int64 {
        values.sorted()[values.count / 2]
    }

    @Test func countingFindsTheSortedMedianOfJitteredIntervals() {
        var random = SplitMix64(seed: 36)
        for trial in 0..<400 {
            let count = 1 + trial % 37 + (trial % 5 == 0 ? 500 : 0)
            let base = Int64.random(in: -5_000...400_000, using: &random)
            let spread = [0, 1, 2, 7, 100, 1024][trial % 6]
            let values = (0..<count).map { _ in base + Int64.random(in: 0...Int64(spread), using: &random) }
            #expect(TimestampCoding.countedMedian(values) == sortedMedian(values), "trial \(trial): \(values)")
        }
    }

    @Test func countingDeclinesSpreadsWiderThanItsTable() {
        #expect(TimestampCoding.countedMedian([0, 1025]) == nil)
        #expect(TimestampCoding.countedMedian([-3, 1021, 500]) == 500)
        #expect(TimestampCoding.countedMedian([Int64.max / 4, -Int64.max / 4]) == nil)
        #expect(TimestampCoding.countedMedian([]) == nil)
    }

    @Test func theMedianIntervalIsTheSortedOneWhateverItsSpread() {
        // 312/313 µs alternating (3.2 kHz back-dated to whole microseconds) with a dropped row and a
        // re-synchronisation: counted; then a gap of a second among them: sorted.
        let jittered: [Int64] = [0, 312, 625, 937, 1250, 1875, 2187, 2500, 2494, 2806]
        let gapped = jittered + [1_002_806, 1_003_118]
        // A steady timer (every interval the same) and two rows.
        let steady: [Int64] = [5_000, 6_250, 7_500, 8_750, 10_000]
        for times in [jittered, gapped, steady, [7, 19]] {
            let intervals = (1..<times.count).map { times[$0] - times[$0 - 1] }
            let median = times.withUnsafeBufferPointer { TimestampCoding.medianInterval($0) }
            #expect(median == sortedMedian(intervals))
        }
    }
}
