// SensorGate — GatewayTests: the batcher's grid index is the exact quotient at every scale, and readings
// either side of a batch interval's boundary land in their own windows.

import Board
import Drivers
import HAL
import Sampling
import Testing

@testable import Gateway

@Suite struct BatcherGridTests {
    /// ⌊n × f / 10¹²⌋ in 128 bits, or nil where it does not fit the 64-bit index.
    static func reference(_ nanoseconds: Int64, _ milliHertz: Int64) -> UInt64? {
        let quotient = Int128(nanoseconds) * Int128(milliHertz) / 1_000_000_000_000
        return quotient <= Int128(UInt64.max) ? UInt64(quotient) : nil
    }

    @Test func theGridIndexIsTheExactQuotientAtEveryScale() {
        let times: [Int64] = [
            0, 1, 999_999, 1_000_000, 1_000_001, 312_500, 999_999_999_999, 1_000_000_000_000,
            86_400_000_000_000,  // a day
            86_400_000_000_000 * 365 + 123_456_789,  // a year and a bit
            Int64.max / 1_000_000, Int64.max / 2, Int64.max - 1, Int64.max,
        ]
        let rates: [Int64] = [1, 999, 1_000, 26_031, 833_000, 3_200_000, 1_000_000_000, 9_999_999_999_999]
        var checked = 0
        for time in times {
            for rate in rates {
                guard let expected = Self.reference(time, rate) else { continue }
                #expect(Batcher.gridIndex(time, milliHertz: rate) == expected, "\(time) ns at \(rate) mHz")
                checked += 1
            }
        }
        // Both paths are taken: the 64-bit one and, for the largest products, the 128-bit fallback.
        #expect(checked > 80)
        var random = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let time = Int64(truncatingIfNeeded: random.next() >> (1 + random.next() % 40))
            let rate = Int64(truncatingIfNeeded: random.next() % 10_000_000_000) + 1
            guard let expected = Self.reference(time, rate) else { continue }
            #expect(Batcher.gridIndex(time, milliHertz: rate) == expected, "\(time) ns at \(rate) mHz")
        }
    }

    @Test func readingsEitherSideOfAnIntervalBoundaryLandInTheirOwnWindows() throws {
        // The 100 Hz stream of BatcherRowTests batches every 10 s (the default interval).
        let board = try BoardLoader.parse(BatcherRowTests.boardYAML, file: "batcher-grid-test.yaml")
        let bound = BoardBinder(backend: nil).bind(board)
        let plan = StreamPlan.make(board: board, groups: try bound.samplingGroups())
        let channels = try #require(plan.streams.first?.channels)
        let epoch = bound.clock.now()
        let queue = WindowQueue()
        let batcher = Batcher(plan: plan, epoch: epoch, queue: queue)
        // 9.97, 9.98 and 9.99 s, then 10 s exactly and one nanosecond before the next row.
        let offsetsNs: [Int64] = [9_970_000_000, 9_980_000_000, 9_990_000_000, 10_000_000_000, 10_009_999_999]
        for offset in offsetsNs {
            let reading = BatcherRowTests.reading(channels, at: epoch + .nanoseconds(offset))
            batcher.deliver(reading, from: BatcherRowTests.imu)
        }
        let (handed, _) = queue.take(waitingUpTo: .zero)
        #expect(handed.count == 1 && batcher.windowsHandedOver == 1)
        let first = try #require(handed.first)
        #expect(first.interval == 0 && first.firstIndex == 997 && first.count == 3)
        let open = batcher.open[0]
        // 10.009999999 s is still row 1000's: the index is floored.
        #expect(open.interval == 1 && open.firstIndex == 1000 && open.count == 1)
        #expect(batcher.drops[.offGrid] == 1, "a second reading for row 1000 is off the grid")
        // The next interval's rows go on in the open window until its own end.
        batcher.deliver(BatcherRowTests.reading(channels, at: epoch + .milliseconds(19_990)), from: BatcherRowTests.imu)
        #expect(batcher.windowsHandedOver == 2, "row 1999 follows a gap, so the window is handed over")
        #expect(batcher.open[0].interval == 1 && batcher.open[0].firstIndex == 1999)
        batcher.deliver(BatcherRowTests.reading(channels, at: epoch + .seconds(20)), from: BatcherRowTests.imu)
        #expect(batcher.windowsHandedOver == 3 && batcher.open[0].interval == 2)
    }
}
