// SensorGate — Drivers tests: one continuous grid for consecutive FIFO drains.

import Drivers
import HAL
import Testing

/// A chip writing samples one `periodNs` apart from `phaseNs`, drained at irregular instants.
private struct DrainedChip {
    let phaseNs: Int64
    let periodNs: Int64
    var drained: Int64 = 0
    var rng: UInt64

    /// A number in 0..<bound from a fixed sequence (xorshift).
    mutating func next(_ bound: Int64) -> Int64 {
        rng ^= rng << 13
        rng ^= rng >> 7
        rng ^= rng << 17
        return Int64(rng % UInt64(bound))
    }

    /// Samples written by `instant`.
    func written(by instant: Int64) -> Int64 { instant < phaseNs ? 0 : (instant - phaseNs) / periodNs + 1 }

    /// The true instant of sample `index`.
    func instant(of index: Int64) -> Int64 { phaseNs + index * periodNs }
}

@Suite struct FIFOGridTests {
    /// 1 kHz output, drains every 13 to 45 ms with a 150 µs count read latched at a random moment in it.
    @Test func drainsJoinWithoutOverlapAndConvergeOnTheChipsInstants() {
        var chip = DrainedChip(phaseNs: 3_217_777, periodNs: 1_000_000, rng: 0x9E37_79B9_7F4A_7C15)
        var grid = FIFOGrid(period: .nanoseconds(chip.periodNs))
        var now: Int64 = 10_000_000
        var previous: Int64?
        var lastUncertainty = Int64.max
        for _ in 0..<200 {
            now += 13_000_000 + chip.next(32_000_000)
            let latch = now + chip.next(150_000)
            let count = Int(chip.written(by: latch) - chip.drained)
            let times = grid.date(
                count: count, countReadFrom: MonotonicInstant(nanoseconds: now),
                to: MonotonicInstant(nanoseconds: now + 150_000))
            #expect(times.count == count)
            for (offset, time) in times.enumerated() {
                let truth = chip.instant(of: chip.drained + Int64(offset))
                let error = abs(time.nanoseconds - truth)
                #expect(error <= (grid.uncertainty?.nanoseconds ?? 0) / 2 + 1)
                #expect(error < chip.periodNs)
                if let previous { #expect(time.nanoseconds > previous, "dates increase across drains") }
                previous = time.nanoseconds
            }
            chip.drained += Int64(count)
            if let width = grid.uncertainty?.nanoseconds {
                #expect(width <= lastUncertainty, "the phase interval only narrows")
                lastUncertainty = width
            }
        }
        #expect(grid.restarts == 0)
        #expect(lastUncertainty < 50_000, "200 drains with a 150 µs count read pin the phase within 5 % of the period")
    }

    @Test func samplesLostUnseenRestartTheGridAtTheNextDrain() {
        var chip = DrainedChip(phaseNs: 500_000, periodNs: 1_000_000, rng: 42)
        var grid = FIFOGrid(period: .nanoseconds(chip.periodNs))
        var now: Int64 = 2_000_000
        for round in 0..<40 {
            now += 17_000_000 + chip.next(9_000_000)
            var count = Int(chip.written(by: now) - chip.drained)
            if round == 30 {
                // The chip overwrote five unread samples: the drain returns the newest ones only.
                chip.drained += 5
                count -= 5
            }
            let times = grid.date(
                count: count, countReadFrom: MonotonicInstant(nanoseconds: now),
                to: MonotonicInstant(nanoseconds: now + 100_000))
            if round == 30 { #expect(grid.restarts == 1, "five lost periods contradict the grid") }
            for (offset, time) in times.enumerated() {
                #expect(abs(time.nanoseconds - chip.instant(of: chip.drained + Int64(offset))) < chip.periodNs)
            }
            chip.drained += Int64(count)
        }
        #expect(grid.restarts == 1)
    }

    @Test func aChipClockOnePercentFastStaysWithinAPeriod() {
        // Nominal 1 ms, the chip's oscillator runs at 990 µs.
        var chip = DrainedChip(phaseNs: 700_000, periodNs: 990_000, rng: 7)
        var grid = FIFOGrid(period: .milliseconds(1))
        var now: Int64 = 1_000_000
        for _ in 0..<300 {
            now += 20_000_000 + chip.next(5_000_000)
            let count = Int(chip.written(by: now) - chip.drained)
            let times = grid.date(
                count: count, countReadFrom: MonotonicInstant(nanoseconds: now),
                to: MonotonicInstant(nanoseconds: now + 100_000))
            // The newest sample's date is within a period of the truth; older ones carry the rate error.
            if let newest = times.last {
                #expect(abs(newest.nanoseconds - chip.instant(of: chip.drained + Int64(count) - 1)) < 1_000_000)
            }
            chip.drained += Int64(count)
        }
        #expect(grid.restarts > 0, "drift is seen as contradictions, not hidden")
    }

    @Test func anEmptyDrainNarrowsTheGridFromBelow() {
        var grid = FIFOGrid(period: .milliseconds(10))
        #expect(grid.date(count: 0, countReadFrom: .zero, to: MonotonicInstant(nanoseconds: 1000)).isEmpty)
        #expect(grid.uncertainty == nil, "nothing is known before a sample")
        // Sample 0 at 5 ms, sample 1 at 15 ms: a drain at 12 ms sees one.
        let first = grid.date(
            count: 1, countReadFrom: MonotonicInstant(nanoseconds: 12_000_000),
            to: MonotonicInstant(nanoseconds: 12_000_000))
        #expect(first == [MonotonicInstant(nanoseconds: 7_000_000)], "the middle of (2 ms, 12 ms]")
        // Nothing new by 14 ms: sample 1 comes after 14 ms, so sample 0 after 4 ms.
        _ = grid.date(
            count: 0, countReadFrom: MonotonicInstant(nanoseconds: 14_000_000),
            to: MonotonicInstant(nanoseconds: 14_000_000))
        #expect(grid.uncertainty == .milliseconds(8))
    }
}
