// SensorGate — GatewayTests: a simulated sampler waits for the sealing stage instead of piling windows up,
// and windows of uniform streams carry no times column.

import Board
import Foundation
import Testing

@testable import Gateway

@Suite struct SealingBackpressureTests {
    private func window(stream: Int) -> SampleWindow {
        SampleWindow(stream: stream, channels: 3, capacity: 8, keepsTimes: false)
    }

    @Test func windowsAreOutstandingFromHandOverUntilGivenBack() {
        let queue = WindowQueue()
        #expect(queue.windowsOutstanding == 0)
        _ = queue.handOver(window(stream: 0))
        _ = queue.handOver(window(stream: 1))
        _ = queue.handOver(window(stream: 0))
        #expect(queue.windowsOutstanding == 3)
        #expect(!queue.waitForSealing(outstandingAtMost: 2, limit: .zero), "three outstanding: the wait runs out")
        #expect(queue.waitForSealing(outstandingAtMost: 3, limit: .zero))
        // Taken is not yet sealed: the windows stay outstanding until the stage gives them back.
        let taken = queue.take(waitingUpTo: .zero).windows
        #expect(taken.count == 3 && queue.windowsOutstanding == 3)
        queue.recycle(taken[0])
        #expect(queue.windowsOutstanding == 2)
        #expect(queue.waitForSealing(outstandingAtMost: 2, limit: .zero))
    }

    @Test func theWaitEndsWhenTheSealingStageGivesWindowsBack() {
        let queue = WindowQueue()
        for stream in 0..<6 { _ = queue.handOver(window(stream: stream)) }
        let stage = Thread {
            while queue.windowsOutstanding > 0 {
                for window in queue.take(waitingUpTo: .milliseconds(20)).windows { queue.recycle(window) }
            }
        }
        stage.start()
        // A generous limit: the stage gives the windows back long before it, so the wait returns true.
        #expect(queue.waitForSealing(outstandingAtMost: 1, limit: .seconds(60)))
        #expect(queue.windowsOutstanding <= 1)
    }

    @Test func aHandOverRecyclesTheStreamsGivenBackWindowBeforeAllocating() {
        let queue = WindowQueue()
        let first = window(stream: 4)
        let fresh = queue.handOver(first)
        #expect(fresh !== first && fresh.stream == 4)
        for taken in queue.take(waitingUpTo: .zero).windows { queue.recycle(taken) }
        #expect(queue.handOver(fresh) === first, "the window given back is reused, not a new one allocated")
    }

    @Test func onlyExplicitStreamsKeepATimesColumn() throws {
        let board = try BoardLoader.parse(GatewayPipelineTests.boardYAML, file: "gateway-test.yaml")
        let bound = BoardBinder(backend: nil).bind(board)
        let plan = StreamPlan.make(board: board, groups: try bound.samplingGroups())
        let batcher = Batcher(plan: plan, epoch: bound.clock.now(), queue: WindowQueue())
        #expect(plan.streams.map(\.timestamps) == [.uniform, .explicit, .explicit])
        let windows = batcher.open
        #expect(windows.map(\.keepsTimes) == [false, true, true])
        #expect(windows[0].timesMicros.isEmpty)
        #expect(windows[1].timesMicros.count == windows[1].capacity)
    }
}
