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

    @Test func advanceByNanosecondsMovesAsADurationDoes() {
        let clock = VirtualClock(start: MonotonicInstant(nanoseconds: 100))
        let observer = AdvanceRecorder()
        clock.advanceObserver = observer
        defer { clock.advanceObserver = nil }
        clock.advance(byNanoseconds: 4_000)
        #expect(clock.now().nanoseconds == 4_100)
        clock.advance(byNanoseconds: 0)
        clock.advance(byNanoseconds: -300)
        #expect(clock.now().nanoseconds == 4_100)
        #expect(observer.instants == [4_100])
    }
}

/// Records the instants a clock announces before it moves.
private final class AdvanceRecorder: VirtualClockObserver {
    var instants: [Int64] = []

    override func clockWillAdvance(to instant: MonotonicInstant) { instants.append(instant.nanoseconds) }
}
