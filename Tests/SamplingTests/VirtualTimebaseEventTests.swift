// SensorGate — SamplingTests: the virtual timebase runs each model's events at their own instants.

import Drivers
import HAL
import HALSim
import Testing

@testable import Sampling

@Suite struct VirtualTimebaseEventTests {
    /// Records the instants a model drives a pin to a level.
    final class EdgeLog {
        let clock: VirtualClock
        private(set) var rises: [String: [MonotonicInstant]] = [:]
        init(clock: VirtualClock) { self.clock = clock }
        var drive: (String, Bool) -> Void {
            { [unowned self] pin, level in if level { self.rises[pin, default: []].append(self.clock.now()) } }
        }
    }

    @Test func anEventABusTransactionSchedulesRunsOnTimeWhileTheClockMoves() throws {
        // The timebase caches each model's next event. A single conversion started over the bus must
        // still end exactly on time when the clock then moves by a driver's wait (not a timebase sleep).
        let clock = VirtualClock()
        let bus = SimI2CBus(clock: clock)
        let magnetometer = LIS3MDLModel(clock: clock)
        let log = EdgeLog(clock: clock)
        magnetometer.interrupt = log.drive
        bus.attach(magnetometer, at: I2CAddress(0x1C))
        let other = LIS3MDLModel(clock: clock)  // idle, nothing pending
        bus.attach(other, at: I2CAddress(0x1E))
        let timebase = VirtualTimebase(clock: clock, models: [other, magnetometer])
        try timebase.sleep(until: clock.now() + .milliseconds(1))
        let start = clock.now()
        try bus.write(I2CAddress(0x1C), [LIS3MDLRegister.control3, 0x01])  // MD = 01: one conversion
        let expected = start + bus.wireTime(bytes: 1) + LIS3MDLPerformance.lowPower.conversionTime
        try clock.sleep(until: start + .milliseconds(50))  // a driver waiting on the clock
        #expect(log.rises["DRDY"] == [expected])
        withExtendedLifetime(timebase) {}
    }

    @Test func continuousConversionsRiseAtEveryPeriodAcrossSleeps() throws {
        let clock = VirtualClock()
        let bus = SimI2CBus(clock: clock)
        let magnetometer = LIS3MDLModel(clock: clock)
        let log = EdgeLog(clock: clock)
        magnetometer.interrupt = log.drive
        bus.attach(magnetometer, at: I2CAddress(0x1C))
        let timebase = VirtualTimebase(clock: clock, models: [magnetometer])
        let begin = clock.now()
        try bus.write(I2CAddress(0x1C), [LIS3MDLRegister.control3, 0x00])  // continuous, reset rate 10 Hz
        let converting = begin + bus.wireTime(bytes: 1)  // the model sees the write after the address
        let started = clock.now()
        for step in 1...30 {
            try timebase.sleep(until: started + .milliseconds(10 * step))
            // Read the data (clears DRDY) as a sampler would, so that each conversion raises it again.
            _ = try bus.writeRead(I2CAddress(0x1C), [0x28 | 0x80], count: 6)
        }
        let rises = log.rises["DRDY"] ?? []
        #expect(rises.count == 3)
        for (index, rise) in rises.enumerated() {
            #expect(rise == converting + .milliseconds(100) * (index + 1))
        }
    }

    @Test func theCachedEarliestFollowsEveryChange() {
        let events = NextEvents(count: 3)
        #expect(events.earliest == nil)
        let t = MonotonicInstant.zero
        events.set(0, t + .seconds(5))
        events.set(1, t + .seconds(3))
        #expect(events.earliest == t + .seconds(3))
        events.set(1, t + .seconds(7))  // the earliest moves later: the next one takes over
        #expect(events.earliest == t + .seconds(5))
        events.set(2, t + .seconds(1))
        #expect(events.earliest == t + .seconds(1))
        events.set(2, nil)
        #expect(events.earliest == t + .seconds(5))
        events.set(0, nil)
        events.set(1, nil)
        #expect(events.earliest == nil)
        #expect(events.instant(of: 1) == nil)
    }
}
