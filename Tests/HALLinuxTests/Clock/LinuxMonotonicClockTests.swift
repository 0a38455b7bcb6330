// SensorGate — HALLinux tests: the monotonic clock.

import Glibc
import HAL
import Testing

@testable import HALLinux

@Suite struct LinuxMonotonicClockTests {
    @Test func sleepUntilReturnsNoEarlierThanTheDeadline() throws {
        let clock = LinuxMonotonicClock()
        let deadline = clock.now() + .milliseconds(2)
        try clock.sleep(until: deadline)
        #expect(clock.now() >= deadline)
    }

    @Test func aDeadlineInThePastReturnsAtOnceWithoutDrift() throws {
        let clock = LinuxMonotonicClock()
        let before = clock.now()
        try clock.sleep(until: before - .seconds(1))
        #expect(clock.now() - before < .milliseconds(100))
    }

    @Test func nowMatchesTheKernelsMonotonicClock() {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        let kernel = Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
        let ours = LinuxMonotonicClock().now().nanoseconds
        #expect(ours >= kernel && ours - kernel < 1_000_000_000)
    }

    @Test func interruptedSleepResumesTheSameAbsoluteDeadline() throws {
        let script = SyscallScript()
        script.on("clock_nanosleep", .fails(EINTR), .returns(0))
        let driver = script.driver
        let deadline = MonotonicInstant(nanoseconds: 5_000_000_123)
        try driver.run { () throws(HALError) in try LinuxMonotonicClock().sleep(until: deadline) }
        #expect(driver.trace.map(\.arguments) == [[5_000_000_123], [5_000_000_123]])
    }

    @Test func refusedSleepIsAnError() {
        let script = SyscallScript()
        script.on("clock_nanosleep", .fails(EINVAL))
        script.driver.run {
            #expect {
                try LinuxMonotonicClock().sleep(until: MonotonicInstant(nanoseconds: 1))
            } throws: { ($0 as? HALError)?.kind == .invalidArgument }
        }
    }
}
