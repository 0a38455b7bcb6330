// SensorGate — HALLinux tests: the watchdog device, ioctl by ioctl (Documentation/watchdog/watchdog-api.rst).

import Glibc
import HAL
import Testing

@testable import HALLinux

@Suite struct LinuxWatchdogTests {
    /// WDIOF_SETTIMEOUT 0x0080 and WDIOF_MAGICCLOSE 0x0100, spelled from linux/watchdog.h.
    static let setTimeout: Int64 = 0x0080
    static let magicClose: Int64 = 0x0100

    @Test func openAsksForTheTimeoutAndKeepsTheDriversChoice() throws {
        let script = SyscallScript()
        script.on("ioctl(WDIOC_GETSUPPORT)", .returns(0, outValue: Self.setTimeout | Self.magicClose))
        // The driver rounds 25 s up to its 32 s granularity.
        script.on("ioctl(WDIOC_SETTIMEOUT)", .returns(0, outValue: 32))
        let driver = script.driver
        let watchdog = try driver.run { () throws(HALError) -> LinuxWatchdog in
            let watchdog = try LinuxWatchdog(path: "/dev/watchdog1", timeout: .seconds(25))
            try watchdog.kick()
            try watchdog.kick()
            #expect(watchdog.disarm())
            return watchdog
        }
        #expect(watchdog.timeout == .seconds(32) && watchdog.supportsMagicClose)
        #expect(
            driver.trace.map { [$0.name] + $0.arguments.map(String.init) } == [
                ["open", String(O_WRONLY | O_CLOEXEC)],
                ["ioctl(WDIOC_GETSUPPORT)", "\(fakeFD)"],
                ["ioctl(WDIOC_SETTIMEOUT)", "\(fakeFD)", "25"],
                ["ioctl(WDIOC_KEEPALIVE)", "\(fakeFD)"],
                ["ioctl(WDIOC_KEEPALIVE)", "\(fakeFD)"],
                ["write", "\(fakeFD)"],
                ["close", "\(fakeFD)"],
            ])
        #expect(driver.trace.first { $0.name == "open" }?.written == Array("/dev/watchdog1".utf8))
        // The magic close character.
        #expect(driver.trace.first { $0.name == "write" }?.written == [0x56])
    }

    @Test func aDriverWithoutSetTimeoutKeepsItsOwnAndWithoutMagicCloseStaysArmed() throws {
        let script = SyscallScript()
        script.on("ioctl(WDIOC_GETSUPPORT)", .returns(0, outValue: 0))
        script.on("ioctl(WDIOC_GETTIMEOUT)", .returns(0, outValue: 60))
        let driver = script.driver
        let disarmed = try driver.run { () throws(HALError) -> Bool in
            let watchdog = try LinuxWatchdog(timeout: .seconds(10))
            #expect(watchdog.timeout == .seconds(60))
            return watchdog.disarm()
        }
        #expect(!disarmed)
        #expect(!driver.trace.contains { $0.name == "ioctl(WDIOC_SETTIMEOUT)" })
    }

    @Test func aWatchdogHeldBySystemdIsBusyWithAHint() {
        let script = SyscallScript()
        script.on("open", .fails(EBUSY))
        let driver = script.driver
        #expect {
            try driver.run { () throws(HALError) in _ = try LinuxWatchdog(timeout: .seconds(10)) }
        } throws: { error in
            guard let error = error as? HALError else { return false }
            return error.kind == .busy && (error.hint ?? "").contains("RuntimeWatchdogSec")
        }
    }

    @Test func aFailedKickIsAnError() throws {
        let script = SyscallScript()
        script.on("ioctl(WDIOC_KEEPALIVE)", .fails(ENODEV))
        let driver = script.driver
        #expect(throws: HALError.self) {
            try driver.run { () throws(HALError) in try LinuxWatchdog(timeout: .seconds(10)).kick() }
        }
    }
}
