// SensorGate — Codec tests: the timestamp coder's one-pass trials against coding each trial in full.

import HAL
import Testing

@testable import Codec

@Suite struct TimestampTrialTests {
    /// The costs by group of coding `times` in full with both flags `flag`, from `state`.
    private static func fullTrial(
        _ times: UnsafeBufferPointer<Int64>, key: Bool, period: Int64, flag: Bool, state: TimeState
    ) -> (Int, Int, Int) {
        var trial = state
        var cost = GroupCostSink()
        TimestampCoding.code(times, key: key, period: period, alpha: (flag, flag), state: &trial, sink: &cost)
        cost.flush()
        return cost.sixteenths
    }

    /// Times with a timer's jitter (±1 µs alternation, 2…7 µs wobbles), a logger's resynchronisations
    /// (events) and a gap.
    private static func times(_ count: Int, period: Int64, seed: UInt64) -> [Int64] {
        var random = SplitMix64(seed: seed)
        var time: Int64 = 1_000_000
        return (0..<count).map { index in
            let jitter: Int64
            switch random.next() % 8 {
            case 0, 1, 2: jitter = index % 2 == 0 ? 1 : -1
            case 3: jitter = Int64(random.next() % 6) + 2
            case 4: jitter = -Int64(random.next() % 6) - 2
            default: jitter = 0
            }
            let event: Int64 = index % 97 == 96 ? period * 3 : 0
            time += period + jitter + event
            return time
        }
    }

    @Test func onePassPricesBothTrialsAsCodingEachInFull() {
        for (seed, key) in [(1, true), (2, false), (3, false)] {
            let period: Int64 = 312
            let times = Self.times(600, period: period, seed: UInt64(seed))
            var state = TimeState(period: period, firstTime: times[0])
            if !key {
                // A state that has learned: a first batch coded before this one.
                var warm = BodySink(range: RangeEncoder(), raw: RawBitWriter())
                let earlier = Self.times(300, period: period, seed: 99).map { $0 - 1_000_000 }
                earlier.withUnsafeBufferPointer { earlier in
                    TimestampCoding.code(
                        earlier, key: true, period: period, alpha: (true, false), state: &state, sink: &warm)
                }
            }
            times.withUnsafeBufferPointer { times in
                for candidate in [period, period + 1] {
                    let (off, on) = TimestampCoding.trials(times, key: key, period: candidate, state: state)
                    let fullOff = Self.fullTrial(times, key: key, period: candidate, flag: false, state: state)
                    let fullOn = Self.fullTrial(times, key: key, period: candidate, flag: true, state: state)
                    #expect(off == fullOff, "seed \(seed), period \(candidate)")
                    #expect(on == fullOn, "seed \(seed), period \(candidate)")
                }
            }
        }
    }
}
