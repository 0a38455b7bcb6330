// SensorGate — tests of the virtual clock.

import HAL
import HALSim
import Testing

@Suite struct VirtualClockTests {
    @Test func sleepJumpsToTheDeadlineAndNeverBack() throws {
        let clock = VirtualClock()
        try clock.sleep(until: MonotonicInstant(nanoseconds: 5_000))
        #expect(clock.now().nanoseconds == 5_000)
        try clock.sleep(until: MonotonicInstant(nanoseconds: 1_000))
        #expect(clock.now().nanoseconds == 5_000)
        try clock.sleep(for: .microseconds(3))
        #expect(clock.now().nanoseconds == 8_000)
        #expect(clock.sleepCount == 3)
    }

    @Test func advanceMovesOnlyForward() {
        let clock = VirtualClock(start: MonotonicInstant(nanoseconds: 100))
        clock.advance(by: .nanoseconds(50))
        #expect(clock.now().nanoseconds == 150)
        clock.advance(by: .nanoseconds(-80))
        clock.advance(to: MonotonicInstant(nanoseconds: 20))
        #expect(clock.now().nanoseconds == 150)
        clock.advance(to: MonotonicInstant(nanoseconds: 1_000))
        #expect(clock.now().nanoseconds == 1_000)
        #expect(clock.sleepCount == 0)
    }
}
