// SensorGate — HALLinux tests: opening GPIO chips and finding lines, through the libgpiod seam.

import Glibc
import HAL
import Testing

@testable import HALLinux

@Suite struct LinuxGPIOChipTests {
    @Test func missingChipIsNotFoundWithPathAndHint() throws {
        let error = try #require(halError { _ = try LinuxGPIOChip(path: "/dev/gpiochip99") })
        #expect(error.kind == .notFound)
        #expect(error.errno == ENOENT)
        #expect(error.description.hasPrefix("/dev/gpiochip99: open: not found (errno 2 ENOENT): no such GPIO chip"))
        #expect(error.description.contains("gpiodetect"))
        #expect(error.description.contains("device tree"))
    }

    @Test func aFileThatIsNotAChipIsRejectedAtOpen() throws {
        let error = try #require(halError { _ = try LinuxGPIOChip(path: "/dev/null") })
        #expect(error.kind == .unsupported)
        #expect(error.errno == ENOTTY || error.errno == ENODEV)
        #expect(error.device == "/dev/null")
        #expect(error.description.contains("not a GPIO chip"))
    }

    @Test func openReadsLabelAndLineCountAndCloseFollowsTheLastUse() throws {
        let driver = FakeGPIOD.script().driver
        try driver.run { () throws(HALError) in
            let chip = try LinuxGPIOChip(path: "/dev/gpiochip0")
            #expect(chip.name == "gpiochip0")
            #expect(chip.label == FakeGPIOD.label)
            #expect(chip.lineCount == 32)
        }
        #expect(
            driver.trace.map(\.name) == [
                "gpiod_chip_open", "gpiod_chip_label", "gpiod_chip_num_lines", "gpiod_chip_close",
            ])
        #expect(driver.trace[0].written == Array("/dev/gpiochip0".utf8))
        #expect(driver.trace[3].arguments == [FakeGPIOD.chip])
    }

    @Test func permissionDeniedNamesTheGroupAndUdevRule() throws {
        let script = FakeGPIOD.script()
        script.on("gpiod_chip_open", .fails(EACCES))
        let error = try #require(
            halError { try script.driver.run { () throws(HALError) in _ = try FakeGPIOD.openChip() } })
        #expect(error.kind == .permissionDenied)
        #expect(error.hint?.contains("group gpio") == true)
        #expect(error.hint?.contains("udev") == true)
    }

    @Test func namesAndNumbersResolveToDevicePaths() throws {
        for name in ["gpiochip3", "3", "/dev/gpiochip3"] {
            let driver = FakeGPIOD.script().driver
            try driver.run { () throws(HALError) in _ = try LinuxGPIOChip(named: name) }
            #expect(driver.trace.first?.written == Array("/dev/gpiochip3".utf8))
        }
        #expect(OpenedGPIOChip.chipNumber("gpiochip") == nil)
        #expect(OpenedGPIOChip.chipNumber("gpiochip1x") == nil)
    }

    @Test func aLabelIsFoundByOpeningEachChipInNumericOrder() throws {
        let script = FakeGPIOD.script()
        script.on("opendir", .returns(0, readData: Array("null\ngpiochip10\ngpiochip2\ntty0\n".utf8)))
        script.on("gpiod_chip_open", .returns(0x1000), .returns(0x1100))
        script.on(
            "gpiod_chip_label", .returns(0, readData: Array("pinctrl-bcm2711".utf8)),
            .returns(0, readData: Array("sensor-hat".utf8)))
        let driver = script.driver
        try driver.run { () throws(HALError) in
            let chip = try LinuxGPIOChip(named: "sensor-hat")
            #expect(chip.path == "/dev/gpiochip10")
            #expect(chip.label == "sensor-hat")
        }
        let opened = driver.trace.named("gpiod_chip_open").map { String(decoding: $0.written, as: UTF8.self) }
        #expect(opened == ["/dev/gpiochip2", "/dev/gpiochip10"])
        #expect(driver.trace.named("gpiod_chip_close").map(\.arguments) == [[0x1000], [0x1100]])
    }

    @Test func anUnknownLabelListsTheChipsSeen() throws {
        let script = FakeGPIOD.script()
        script.on("opendir", .returns(0, readData: Array("gpiochip0".utf8)))
        let error = try #require(
            halError { try script.driver.run { () throws(HALError) in _ = try LinuxGPIOChip(named: "nope") } })
        #expect(error.kind == .notFound)
        #expect(error.hint?.contains("gpiochip0 [\(FakeGPIOD.label)]") == true)
        #expect(error.hint?.contains("gpiodetect") == true)
    }

    @Test func aLineIsFoundByName() throws {
        let script = FakeGPIOD.script()
        script.on("gpiod_chip_find_line", .returns(17), .fails(ENOENT))
        let driver = script.driver
        let error = try #require(
            halError {
                try driver.run { () throws(HALError) in
                    let chip = try FakeGPIOD.openChip()
                    #expect(try chip.lineOffset(named: "MODEM_PWRKEY") == 17)
                    _ = try chip.lineOffset(named: "NO_SUCH_LINE")
                }
            })
        #expect(
            driver.trace.named("gpiod_chip_find_line").map(\.written) == [
                Array("MODEM_PWRKEY".utf8), Array("NO_SUCH_LINE".utf8),
            ])
        #expect(error.kind == .notFound)
        #expect(error.operation == "find line NO_SUCH_LINE")
        #expect(error.hint == "no line named NO_SUCH_LINE on gpiochip0: list line names with `gpioinfo gpiochip0`")
    }

    @Test func errnoMapsToPortableKinds() {
        let expected: [(Int32, HALErrorKind)] = [
            (ENOENT, .notFound), (EACCES, .permissionDenied), (EPERM, .permissionDenied), (EBUSY, .busy),
            (EINVAL, .invalidArgument), (EOPNOTSUPP, .unsupported), (ENODEV, .disconnected), (ENXIO, .disconnected),
            (ETIMEDOUT, .timeout), (EIO, .bus),
        ]
        for (code, kind) in expected {
            #expect(GPIOErrors.io("/dev/gpiochip0", "read line 4", errno: code).kind == kind, "errno \(code)")
        }
        #expect(GPIOErrors.open("/dev/null", errno: ENODEV).kind == .unsupported)
        #expect(GPIOErrors.request("/dev/gpiochip0", "request line 4", errno: EBUSY).hint?.contains("gpioinfo") == true)
    }
}
