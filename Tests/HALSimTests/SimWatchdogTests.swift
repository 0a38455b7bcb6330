// SensorGate — HALSim tests: the simulated watchdog's countdown on virtual time.

import HAL
import HALSim
import Testing

@Suite struct SimWatchdogTests {
    @Test func kicksInTimeKeepItQuietAndALateOneFindsItFired() throws {
        let clock = VirtualClock()
        let watchdog = SimWatchdog(timeout: .seconds(10), clock: clock)
        for _ in 0..<5 {
            try clock.sleep(until: clock.now() + .seconds(9))
            try watchdog.kick()
        }
        #expect(!watchdog.hasFired && watchdog.kicks.count == 5)
        let lastKick = try #require(watchdog.kicks.last)
        try clock.sleep(until: clock.now() + .seconds(11))
        #expect(watchdog.hasFired)
        // It fired exactly one timeout after the last kick.
        #expect(watchdog.firedAt == lastKick + .seconds(10))
        #expect(throws: HALError.self) { try watchdog.kick() }
    }

    @Test func disarmedItNeverFires() throws {
        let clock = VirtualClock()
        let watchdog = SimWatchdog(timeout: .seconds(1), clock: clock)
        #expect(watchdog.disarm())
        try clock.sleep(until: clock.now() + .seconds(60))
        #expect(!watchdog.hasFired)
    }
}
