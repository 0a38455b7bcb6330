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

    @Test func sevenCodeSamplesAsTheMPU6050RecordsThemRunToTheLimit() {
        var detector = StuckDetector(limit: 3)
        let frame = InlineCodes([100, -200, 16384, -521, 3, -4, 5])
        var verdicts: [Bool] = []
        for _ in 0..<3 { verdicts.append(detector.record(codes: frame)) }
        // The last code (gyroscope z) moved by one LSB: the run starts again.
        let moved = InlineCodes([100, -200, 16384, -521, 3, -4, 6])
        verdicts.append(detector.record(codes: moved))
        // A prefix of the frame is another sample, not the same one with zeros after it.
        verdicts.append(detector.record(codes: InlineCodes([100, -200, 16384, -521, 3, -4])))
        verdicts.append(detector.record(codes: InlineCodes([100, -200, 16384, -521, 3, -4, 0])))
        #expect(verdicts == [false, false, true, false, false, false])
    }

    @Test func samplesLongerThanEightCodesAreComparedWhole() {
        var detector = StuckDetector(limit: 2)
        let long: [Int64] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        let first = detector.record(long)
        #expect(!first)
        let second = detector.record(long)
        #expect(second)
        let changedLast = detector.record(Array(long.dropLast()) + [10])
        #expect(!changedLast)
        // Its first eight codes as an inline sample are a different sample, and so is the long one after it.
        let inline = detector.record(codes: InlineCodes(long.prefix(8)))
        #expect(!inline)
        let longAgain = detector.record(long)
        #expect(!longAgain)

        var other = StuckDetector(limit: 2)
        _ = other.record(7, 7, 7)
        _ = other.record(long)
        var same = StuckDetector(limit: 2)
        _ = same.record(long)
        #expect(other == same, "the history that matters is the last sample and its run")
    }

    @Test func codesBuiltWholeEqualTheSameCodesAppendedOneByOne() {
        let gyro: SensorComponents<Int16> = [-32768, 7, 32767]
        let accel: SensorComponents<Int16> = [16384, -1, 0]
        #expect(Array(InlineCodes(5, -6)) == [5, -6])
        #expect(InlineCodes(5, -6) == InlineCodes([5, -6]))
        #expect(Array(InlineCodes(12, -4, 256)) == [12, -4, 256])
        #expect(InlineCodes(12, -4, 256) == InlineCodes([12, -4, 256]))
        #expect(Array(InlineCodes(gyro, accel)) == [-32768, 7, 32767, 16384, -1, 0])
        #expect(InlineCodes(gyro, accel) == InlineCodes([-32768, 7, 32767, 16384, -1, 0]))
        #expect(Array(InlineCodes(accel, -521, gyro)) == [16384, -1, 0, -521, -32768, 7, 32767])
        #expect(InlineCodes(accel, -521, gyro) == InlineCodes([16384, -1, 0, -521, -32768, 7, 32767]))
        // Vectors of fewer components keep their order and length, not zeros in their place.
        let short: SensorComponents<Int16> = [9, 8]
        #expect(Array(InlineCodes(short, accel)) == [9, 8, 16384, -1, 0])
        #expect(InlineCodes(short, accel) != InlineCodes([9, 8, 0, 16384, -1, 0]))
        #expect(Array(InlineCodes(accel, 3, short)) == [16384, -1, 0, 3, 9, 8])
        #expect(InlineCodes(accel, 3, short) == InlineCodes([16384, -1, 0, 3, 9, 8]))
    }
}
