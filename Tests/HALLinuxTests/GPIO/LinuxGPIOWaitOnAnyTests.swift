// SensorGate — HALLinux tests: one ppoll(2) over several lines' event descriptors.

import Glibc
import HAL
import Testing

@testable import HALLinux

@Suite struct LinuxGPIOWaitOnAnyTests {
    /// Two edge lines on the fake chip with event descriptors 9 and 10, and a plain input line.
    private func lines() throws(HALError) -> [LinuxGPIOInputLine] {
        let chip = try FakeGPIOD.openChip()
        return [
            try chip.requestInput(offset: 5, settings: GPIOLineSettings(edges: .rising)),
            try chip.requestInput(offset: 6, settings: GPIOLineSettings(edges: .rising)),
            try chip.requestInput(offset: 7),
        ]
    }

    @Test func oneWaitCoversEveryLineWithTheTimeToTheNanosecond() throws {
        let script = FakeGPIOD.script()
        script.on("gpiod_line_event_fd", .returns(9), .returns(10))
        script.on("ppoll", .returns(1, outValue: 0b10), .returns(0))
        let driver = script.driver
        let (ready, timedOut) = try driver.run { () throws(HALError) -> (Bool?, Bool?) in
            let lines = try lines()
            let edges: [any GPIOInputLine] = [lines[0], lines[1]]
            return (
                try lines[0].waitForEvent(onAnyOf: edges, timeout: .microseconds(1_500)),
                try lines[0].waitForEvent(onAnyOf: edges, timeout: .zero)
            )
        }
        #expect(ready == true, "the second line's event ends the wait")
        #expect(timedOut == false)
        let waits = driver.trace.named("ppoll")
        #expect(waits.count == 2)
        #expect(waits[0].arguments.prefix(2) == [9, 10])
        // 1.5 ms, not rounded up to 2 ms as poll(2)'s milliseconds would be.
        #expect(waits[0].arguments[2] > 1_000_000 && waits[0].arguments[2] <= 1_500_000)
        #expect(waits[1].arguments == [9, 10, 0])
        #expect(driver.trace.named("poll").isEmpty)
    }

    @Test func aSignalDoesNotCutTheWaitShort() throws {
        let script = FakeGPIOD.script()
        script.on("gpiod_line_event_fd", .returns(9), .returns(10))
        script.on("ppoll", .fails(EINTR), .returns(1))
        let driver = script.driver
        let ready = try driver.run { () throws(HALError) -> Bool? in
            let lines = try lines()
            return try lines[1].waitForEvent(onAnyOf: [lines[0], lines[1]], timeout: .seconds(2))
        }
        #expect(ready == true)
        let waits = driver.trace.named("ppoll")
        #expect(waits.count == 2)
        #expect(waits[1].arguments[2] <= waits[0].arguments[2], "the retry waits only for the time left")
    }

    @Test func aLineWithoutEdgesLeavesTheWaitToTheCaller() throws {
        let script = FakeGPIOD.script()
        script.on("gpiod_line_event_fd", .returns(9), .returns(10))
        let driver = script.driver
        let ready = try driver.run { () throws(HALError) -> Bool? in
            let lines = try lines()
            return try lines[0].waitForEvent(onAnyOf: [lines[0], lines[2]], timeout: .seconds(1))
        }
        #expect(ready == nil)
        #expect(driver.trace.named("ppoll").isEmpty)
    }

    @Test func aDescriptorInErrorNamesItsLine() throws {
        let script = FakeGPIOD.script()
        script.on("gpiod_line_event_fd", .returns(9), .returns(10))
        script.on("ppoll", .returns(1, outValue: 1 << 33))
        let driver = script.driver
        let error = try #require(
            halError {
                try driver.run { () throws(HALError) in
                    let lines = try lines()
                    _ = try lines[0].waitForEvent(onAnyOf: [lines[0], lines[1]], timeout: .seconds(1))
                }
            })
        #expect(error.kind == .disconnected)
        #expect(error.operation == "wait for events on line gpiochip0:6")
    }
}
