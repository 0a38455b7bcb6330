// SensorGate — SamplingTests: the UTC timeline: forward steps applied, backward steps held, the floor.

import HAL
import Testing

@testable import Sampling

@Suite struct UTCTimelineTests {
    /// 2026-01-01T00:00:00Z in µs.
    static let utc: Int64 = 1_767_225_600_000_000

    func at(seconds: Int64) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: 5_000_000_000 + seconds * 1_000_000_000)
    }

    @Test func withoutStepsTheTimelineIsTheSystemClock() {
        var timeline = UTCTimeline(start: at(seconds: 0), systemUTCMicros: Self.utc)
        #expect(timeline.utcMicros(at: at(seconds: 0)) == Self.utc)
        // 400 µs of read jitter between the two clock reads is not a step.
        #expect(timeline.observe(monotonic: at(seconds: 60), systemUTCMicros: Self.utc + 60_000_400) == nil)
        #expect(timeline.utcMicros(at: at(seconds: 86_400)) == Self.utc + 86_400_000_000)
        #expect(timeline.steps.isEmpty)
        #expect(timeline.aheadMicros == 0)
    }

    @Test func aForwardStepMovesTheTimelineByTheStep() throws {
        var timeline = UTCTimeline(start: at(seconds: 0), systemUTCMicros: Self.utc)
        // NTP sets the clock 1 h ahead, seen 10 s in.
        let stepSeen = timeline.observe(
            monotonic: at(seconds: 10), systemUTCMicros: Self.utc + 10_000_000 + 3_600_000_000)
        let step = try #require(stepSeen)
        #expect(step.stepMicros == 3_600_000_000)
        #expect(step.disposition == .applied)
        #expect(step.movedMicros == 3_600_000_000)
        #expect(step.atUTCMicros == Self.utc + 10_000_000)
        #expect(step.aheadMicros == 0)
        #expect(timeline.utcMicros(at: at(seconds: 11)) == Self.utc + 11_000_000 + 3_600_000_000)
    }

    @Test func aBackwardStepIsHeldAndALaterForwardOneTakesBackTheLeadFirst() throws {
        var timeline = UTCTimeline(start: at(seconds: 0), systemUTCMicros: Self.utc)
        let backSeen = timeline.observe(monotonic: at(seconds: 20), systemUTCMicros: Self.utc - 10_000_000)
        let back = try #require(backSeen)
        // The system clock went back 30 s; the timeline keeps its course and runs 30 s ahead.
        #expect(back.stepMicros == -30_000_000)
        #expect(back.disposition == .held)
        #expect(back.movedMicros == 0)
        #expect(back.aheadMicros == 30_000_000)
        #expect(timeline.utcMicros(at: at(seconds: 21)) == Self.utc + 21_000_000)
        // A 10 s forward step only shortens the lead.
        let smallSeen = timeline.observe(monotonic: at(seconds: 40), systemUTCMicros: Self.utc + 20_000_000)
        let small = try #require(smallSeen)
        #expect(small.stepMicros == 10_000_000)
        #expect(small.disposition == .held)
        #expect(small.aheadMicros == 20_000_000)
        #expect(timeline.utcMicros(at: at(seconds: 41)) == Self.utc + 41_000_000)
        // A 50 s forward step moves the timeline by what is beyond the 20 s lead.
        let bigSeen = timeline.observe(monotonic: at(seconds: 60), systemUTCMicros: Self.utc + 90_000_000)
        let big = try #require(bigSeen)
        #expect(big.disposition == .partlyApplied(appliedMicros: 30_000_000))
        #expect(big.movedMicros == 30_000_000)
        #expect(big.aheadMicros == 0)
        #expect(timeline.utcMicros(at: at(seconds: 60)) == Self.utc + 90_000_000)
        #expect(timeline.steps == [back, small, big])
        #expect(timeline.stepsSeen == 3)
    }

    @Test func mappedTimeNeverGoesBackwardsWhateverTheClockDoes() {
        var timeline = UTCTimeline(start: at(seconds: 0), systemUTCMicros: Self.utc)
        var generator = SplitMix(seed: 7)
        var stepped: Int64 = 0
        var previous = timeline.utcMicros(at: at(seconds: 0))
        for second in Int64(1)...2_000 {
            if generator.next() % 10 == 0 {
                let size = 1_000_000 + Int64(generator.next() % 100_000_000)
                stepped += generator.next() % 2 == 0 ? size : -size
            }
            timeline.observe(monotonic: at(seconds: second), systemUTCMicros: Self.utc + second * 1_000_000 + stepped)
            let now = timeline.utcMicros(at: at(seconds: second))
            #expect(now > previous, "second \(second)")
            #expect(now - (Self.utc + second * 1_000_000 + stepped) == timeline.aheadMicros)
            #expect(timeline.aheadMicros >= 0)
            previous = now
        }
        #expect(timeline.stepsSeen > 100)
        #expect(timeline.steps.count == min(timeline.stepsSeen, timeline.settings.maxStepsKept))
    }

    @Test func aStartBehindTheFloorStartsJustAfterIt() throws {
        // The previous run stored samples up to `floor`; this boot's clock says 1970 + 100 s (no RTC).
        let floor = Self.utc + 500_000_000
        var timeline = UTCTimeline(start: at(seconds: 0), systemUTCMicros: 100_000_000, floorMicros: floor)
        #expect(timeline.utcMicros(at: at(seconds: 0)) == floor + 1)
        let held = try #require(timeline.steps.first)
        #expect(held.disposition == .held)
        #expect(held.stepMicros == 100_000_000 - (floor + 1))
        #expect(held.aheadMicros == floor + 1 - 100_000_000)
        // NTP then sets the true time (1 h after the floor): applied beyond the lead.
        let now = floor + 3_600_000_000
        let stepSeen = timeline.observe(monotonic: at(seconds: 30), systemUTCMicros: now)
        let step = try #require(stepSeen)
        #expect(step.movedMicros == now - (floor + 1 + 30_000_000))
        #expect(timeline.utcMicros(at: at(seconds: 30)) == now)
        // A clock already past the floor starts on the clock, with no step.
        let later = UTCTimeline(start: at(seconds: 0), systemUTCMicros: floor + 5, floorMicros: floor)
        #expect(later.utcMicros(at: at(seconds: 0)) == floor + 5)
        #expect(later.steps.isEmpty)
    }
}

/// A small deterministic generator (SplitMix64) for the random clock walk.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
