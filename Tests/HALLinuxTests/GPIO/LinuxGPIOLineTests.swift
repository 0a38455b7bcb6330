// SensorGate — HALLinux tests: requesting lines and reading edge events, through the libgpiod seam.

import Glibc
import HAL
import Testing

@testable import HALLinux

@Suite struct LinuxGPIOLineTests {
    @Test func aBusyLineIsBusyWithAHint() throws {
        let script = FakeGPIOD.script()
        script.on("gpiod_request_output", .fails(EBUSY))
        let error = try #require(
            halError {
                try script.driver.run { () throws(HALError) in _ = try FakeGPIOD.openChip().requestOutput(offset: 17) }
            })
        #expect(error.kind == .busy)
        #expect(error.errno == EBUSY)
        #expect(error.device == "/dev/gpiochip0")
        #expect(error.operation == "request line 17 as output")
        #expect(error.hint == "line is used by another consumer: see `gpioinfo`")
    }

    @Test func outputSettingsReachTheFacadeAndTheLineIsReleasedBeforeItsChip() throws {
        let driver = FakeGPIOD.script().driver
        try driver.run { () throws(HALError) in
            let settings = GPIOLineSettings(consumer: "modem", bias: .pullUp, drive: .openDrain, activeLow: true)
            let line = try FakeGPIOD.openChip().requestOutput(offset: 4, settings: settings, initialActive: true)
            #expect(line.name == "gpiochip0:4")
            try line.set(false)
        }
        let request = try #require(driver.trace.named("gpiod_request_output").first)
        let (bias, drive): (Int64, Int64) = (2, 1)  // CGPIOD_BIAS_PULL_UP, CGPIOD_DRIVE_OPEN_DRAIN
        #expect(request.arguments == [FakeGPIOD.chip, 4, bias, drive, 1, 1])
        #expect(request.written == Array("modem".utf8))
        #expect(driver.trace.named("gpiod_line_set_value").map(\.arguments) == [[FakeGPIOD.line, 4, 0]])
        #expect(driver.trace.suffix(2).map(\.name) == ["gpiod_line_release", "gpiod_chip_close"])
    }

    @Test func inputSettingsReachTheFacadeAndTheEventDescriptorIsFetchedAtRequest() throws {
        let script = FakeGPIOD.script()
        script.on("gpiod_chip_find_line", .returns(22))
        script.on("gpiod_line_get_value", .returns(1))
        let driver = script.driver
        try driver.run { () throws(HALError) in
            let settings = GPIOLineSettings(consumer: "bmp280-drdy", bias: .pullDown, activeLow: true, edges: .falling)
            let line = try FakeGPIOD.openChip(api: .v2).requestInput(name: "DRDY", settings: settings)
            #expect(line.name == "gpiochip0:DRDY")
            #expect(try line.get())
        }
        let request = try #require(driver.trace.named("gpiod_request_input").first)
        let (bias, edges): (Int64, Int64) = (3, 2)  // CGPIOD_BIAS_PULL_DOWN, CGPIOD_EDGE_FALLING
        #expect(request.arguments == [FakeGPIOD.chip, 22, bias, 1, edges, 0])
        #expect(request.written == Array("bmp280-drdy".utf8))
        #expect(driver.trace.named("gpiod_line_event_fd").count == 1)
        #expect(driver.trace.named("gpiod_line_get_value").map(\.arguments) == [[FakeGPIOD.line, 22]])
    }

    @Test func v1RejectsDebounceBeforeAnyRequestAndV2PassesItOn() throws {
        let settings = GPIOLineSettings(edges: .both, debounceMicroseconds: 5_000)
        let v1 = FakeGPIOD.script().driver
        let error = try #require(
            halError {
                try v1.run { () throws(HALError) in
                    _ = try FakeGPIOD.openChip(api: .v1).requestInput(offset: 3, settings: settings)
                }
            })
        #expect(error.kind == .unsupported)
        #expect(error.hint?.contains("libgpiod v2") == true)
        #expect(v1.trace.named("gpiod_request_input").isEmpty)

        let v2 = FakeGPIOD.script().driver
        try v2.run { () throws(HALError) in
            _ = try FakeGPIOD.openChip(api: .v2).requestInput(offset: 3, settings: settings)
        }
        #expect(v2.trace.named("gpiod_request_input").first?.arguments.last == 5_000)
    }

    @Test func inputOnlySettingsAreRejectedOnOutputsAndViceVersa() throws {
        let driver = FakeGPIOD.script().driver
        try driver.run { () throws(HALError) in
            let chip = try FakeGPIOD.openChip()
            let output = halError { _ = try chip.requestOutput(offset: 1, settings: GPIOLineSettings(edges: .rising)) }
            #expect(output?.kind == .invalidArgument)
            let input = halError { _ = try chip.requestInput(offset: 1, settings: GPIOLineSettings(drive: .openDrain)) }
            #expect(input?.kind == .invalidArgument)
        }
        #expect(driver.trace.named("gpiod_request_output").isEmpty && driver.trace.named("gpiod_request_input").isEmpty)
    }

    @Test func anInterruptedWaitIsRetried() throws {
        let script = FakeGPIOD.script()
        script.on("poll", .fails(EINTR), .returns(1))
        let driver = script.driver
        let ready = try driver.run { () throws(HALError) -> Bool in
            let line = try FakeGPIOD.openChip().requestInput(offset: 5, settings: GPIOLineSettings(edges: .rising))
            return try line.waitForEvent(timeout: .seconds(2))
        }
        #expect(ready)
        let polls = driver.trace.named("poll")
        #expect(polls.count == 2)
        #expect(polls.allSatisfy { $0.arguments[0] == Int64(FakeGPIOD.eventFD) && $0.arguments[1] == Int64(POLLIN) })
        #expect(polls[0].arguments[2] == 2_000)
        #expect(polls[1].arguments[2] <= 2_000 && polls[1].arguments[2] > 1_000)
    }

    @Test func aWaitThatTimesOutReturnsFalse() throws {
        let script = FakeGPIOD.script()
        script.on("poll", .returns(0))
        let ready = try script.driver.run { () throws(HALError) -> Bool in
            try FakeGPIOD.openChip().requestInput(offset: 5, settings: GPIOLineSettings(edges: .both))
                .waitForEvent(timeout: .microseconds(1))
        }
        #expect(!ready)
    }

    @Test func edgeEventsCarryTheKernelTimestampOffsetAndSequence() throws {
        let rising = GPIORawEvent(offset: 5, rising: true, timestampNanoseconds: 12_345_678_901, lineSequence: 41)
        let falling = GPIORawEvent(offset: 5, rising: false, timestampNanoseconds: 12_346_000_000, lineSequence: 42)
        for api in [LinuxGPIO.API.v1, .v2] {
            let script = FakeGPIOD.script()
            script.on("poll", .returns(1), .returns(1), .returns(0))
            script.on(
                "gpiod_read_event", .returns(1, readData: rising.mockBytes), .returns(1, readData: falling.mockBytes))
            let driver = script.driver
            let events = try driver.run { () throws(HALError) -> [GPIOEdgeEvent] in
                let line = try FakeGPIOD.openChip(api: api).requestInput(
                    offset: 5, settings: GPIOLineSettings(edges: .both))
                return try line.readEvents()
            }
            // v2 reports the kernel's line sequence numbers; v1 has none, so the line counts.
            let sequences: [UInt64] = api == .v2 ? [41, 42] : [1, 2]
            #expect(
                events == [
                    GPIOEdgeEvent(
                        edge: .rising, timestamp: MonotonicInstant(nanoseconds: 12_345_678_901), lineOffset: 5,
                        sequence: sequences[0]),
                    GPIOEdgeEvent(
                        edge: .falling, timestamp: MonotonicInstant(nanoseconds: 12_346_000_000), lineOffset: 5,
                        sequence: sequences[1]),
                ])
            #expect(driver.trace.named("poll").allSatisfy { $0.arguments[2] == 0 })
        }
    }

    @Test func eventsNeedEdgeDetection() throws {
        let driver = FakeGPIOD.script().driver
        try driver.run { () throws(HALError) in
            let line = try FakeGPIOD.openChip().requestInput(offset: 5)
            #expect(halError { _ = try line.waitForEvent(timeout: .zero) }?.kind == .unsupported)
            #expect(halError { _ = try line.readEvents() }?.kind == .unsupported)
        }
        #expect(driver.trace.named("gpiod_line_event_fd").isEmpty)
        #expect(driver.trace.named("poll").isEmpty)
    }

    @Test func pollTimeoutsRoundUpToWholeMilliseconds() {
        #expect(LinuxGPIOInputLine.milliseconds(.zero) == 0)
        #expect(LinuxGPIOInputLine.milliseconds(.nanoseconds(-5)) == 0)
        #expect(LinuxGPIOInputLine.milliseconds(.microseconds(1)) == 1)
        #expect(LinuxGPIOInputLine.milliseconds(.milliseconds(250)) == 250)
        #expect(LinuxGPIOInputLine.milliseconds(.seconds(1_000_000_000)) == .max)
    }
}
