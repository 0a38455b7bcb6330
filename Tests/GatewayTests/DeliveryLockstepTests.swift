// SensorGate — GatewayTests: the sampler waits for a simulated modem's delivery only when it falls behind.

import Testing

@testable import Gateway

@Suite struct DeliveryLockstepTests {
    @Test func theSamplerWaitsUntilTheDeliveryHasHandledTheTimeAskedFor() {
        let lockstep = DeliveryLockstep()
        #expect(!lockstep.hasDelivered(upTo: 0))
        #expect(!lockstep.waitForDelivery(upTo: 0, limit: .zero), "nothing handled yet: the wait runs out")
        lockstep.delivered(upTo: 5_000_000)
        #expect(lockstep.hasDelivered(upTo: 5_000_000))
        #expect(lockstep.waitForDelivery(upTo: 4_000_000, limit: .zero))
        #expect(!lockstep.hasDelivered(upTo: 5_000_001))
        // Time handled never goes back, whatever order the rounds report in.
        lockstep.delivered(upTo: 1_000_000)
        #expect(lockstep.hasDelivered(upTo: 5_000_000))
    }

    @Test func aNudgeEndsTheSealingStagesWaitWithoutWindows() {
        let queue = WindowQueue()
        queue.nudge()
        let (windows, finished) = queue.take(waitingUpTo: .seconds(3600))
        #expect(windows.isEmpty && !finished)
    }
}
