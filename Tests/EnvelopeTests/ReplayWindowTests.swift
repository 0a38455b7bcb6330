// SensorGate — Envelope tests: the replay window against a plain set.

import Envelope
import HAL
import Testing

@Suite struct ReplayWindowTests {
    @Test(arguments: [1, 2, 8, 64])
    func theWindowNeverAcceptsTwiceAndForgetsOnlyBelowItsFloor(maxRanges: Int) {
        var generator = SplitMix64(seed: UInt64(maxRanges))
        var window = ReplayWindow(maxRanges: maxRanges)
        var accepted = Set<UInt64>()
        for step in 0..<5000 {
            // Mostly in order with jitter, retries and a few far-back stragglers.
            let base = UInt64(step / 2)
            let sequence = step % 17 == 0 ? base / 3 : base + UInt64.random(in: 0...12, using: &generator)
            switch window.check(sequence) {
            case nil:
                #expect(!accepted.contains(sequence))
                window.record(sequence)
                accepted.insert(sequence)
            case .replay?:
                #expect(accepted.contains(sequence))
            case .stale?:
                #expect(sequence < window.floor)
            case let other?:
                Issue.record("unexpected verdict \(other)")
            }
            #expect(window.acceptedRanges.count <= maxRanges)
        }
        // Above the floor, the window is exactly the set.
        let top = (accepted.max() ?? 0) + 2
        for sequence in window.floor...top {
            #expect((window.check(sequence) == .replay) == accepted.contains(sequence))
        }
    }

    @Test func recordingIsIdempotentAndMerges() {
        var window = ReplayWindow()
        for sequence: UInt64 in [5, 7, 6, 6, 9, 8, 1] { window.record(sequence) }
        #expect(window.acceptedRanges == [1...1, 5...9] && window.floor == 0)
        #expect(window.check(0) == nil && window.check(4) == nil && window.check(10) == nil)
    }
}
