// SensorGate — Drivers tests: a stuck chip is told from a quiet one by runs of identical samples.

import Drivers
import Testing

@Suite struct StuckDetectorTests {
    @Test func threeCodeSamplesRepeatedUpToTheLimitAreStuck() {
        var detector = StuckDetector(limit: 3)
        var verdicts: [Bool] = []
        for _ in 0..<3 { verdicts.append(detector.record(12, -4, 256)) }
        // One code moved by one LSB: noise, the run starts again.
        for _ in 0..<3 { verdicts.append(detector.record(12, -4, 257)) }
        #expect(verdicts == [false, false, true, false, false, true])
    }

    @Test func threeCodesCountTheSameGivenSeparatelyOrAsACollection() {
        var detector = StuckDetector(limit: 3)
        let stuck7 = detector.record(7, 8, 9)
        #expect(!stuck7)
        let stuck8 = detector.record(codes: [Int64(7), 8, 9])
        #expect(!stuck8)
        let stuck9 = detector.record([7, 8, 9])
        #expect(stuck9)
    }

    @Test func aSampleOfAnotherLengthBreaksTheRun() {
        var detector = StuckDetector(limit: 2)
        let stuck10 = detector.record(1, 2, 3)
        #expect(!stuck10)
        let stuck11 = detector.record(codes: [Int64(1), 2, 3, 0])
        #expect(!stuck11)
        let stuck12 = detector.record(1, 2, 3)
        #expect(!stuck12)
        let stuck13 = detector.record(1, 2, 3)
        #expect(stuck13)
        let stuck14 = detector.record(codes: CollectionOfOne(Int64(5)))
        #expect(!stuck14)
        let stuck15 = detector.record(codes: CollectionOfOne(Int64(5)))
        #expect(stuck15)
    }

    @Test func resetForgetsTheRunAndZeroLimitNeverReports() {
        var detector = StuckDetector(limit: 2)
        let stuck16 = detector.record(4, 5, 6)
        #expect(!stuck16)
        detector.reset()
        let stuck17 = detector.record(4, 5, 6)
        #expect(!stuck17)
        let stuck18 = detector.record(4, 5, 6)
        #expect(stuck18)

        var disabled = StuckDetector(limit: 0)
        for _ in 0..<10 {
            let stuck = disabled.record(0, 0, 0)
            #expect(!stuck)
        }
    }
}
