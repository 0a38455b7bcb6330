// SensorGate — HALLinux tests: the termios backend's system calls.

import Glibc
import HAL
import Testing

@testable import HALLinux

@Suite struct TermiosSerialPortTests {
    @Test func openIsNonBlockingExclusiveAndRaw() throws {
        let script = SyscallScript()
        let driver = script.driver
        try driver.run { () throws(HALError) in
            _ = try TermiosSerialPort(path: "/dev/ttyUSB2")
        }
        #expect(names(driver.trace) == ["open", "ioctl(TIOCEXCL)", "tcgetattr", "tcsetattr", "close"])
        #expect(driver.trace[0].arguments == [Int64(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)])
        #expect(driver.trace[0].written == Array("/dev/ttyUSB2".utf8))
    }

    @Test func portHeldByAnotherProgramNamesModemManager() {
        let script = SyscallScript()
        script.on("ioctl(TIOCEXCL)", .fails(EBUSY))
        let driver = script.driver
        driver.run {
            #expect {
                _ = try TermiosSerialPort(path: "/dev/ttyUSB2")
            } throws: { error in
                (error as? HALError)?.kind == .busy && (error as? HALError)?.hint?.contains("ModemManager") == true
            }
        }
        #expect(names(driver.trace).filter { $0 == "close" } == ["close"])
    }

    @Test func interruptedPollAndReadAreRetried() throws {
        let script = SyscallScript()
        script.on("poll", .fails(EINTR), .returns(1))
        script.on("read", .fails(EINTR), .returns(2, readData: [0x4F, 0x4B]))
        let driver = script.driver
        let bytes = try driver.run { () throws(HALError) -> [UInt8] in
            let port = try TermiosSerialPort(path: "/dev/ttyS1")
            var buffer = [UInt8](repeating: 0, count: 8)
            let count = try port.read(into: &buffer, timeout: .seconds(1))
            return Array(buffer[0..<count])
        }
        #expect(bytes == Array("OK".utf8))
        #expect(names(driver.trace).filter { $0 == "poll" || $0 == "read" } == ["poll", "poll", "read", "read"])
        // The timeout reaches poll in milliseconds.
        #expect(driver.trace.first { $0.name == "poll" }?.arguments.last == 1000)
    }

    @Test func fullOutputQueueWaitsForRoomThenFinishesTheWrite() throws {
        let script = SyscallScript()
        script.on("write", .returns(3), .fails(EAGAIN), .returns(2))
        script.on("poll", .returns(1))
        let driver = script.driver
        try driver.run { () throws(HALError) in
            try TermiosSerialPort(path: "/dev/ttyS1").write(Array("AT+CS".utf8))
        }
        // 3 bytes go, the queue is full, poll waits for POLLOUT, the remaining 2 go.
        let writes = driver.trace.filter { $0.name == "write" || $0.name == "poll" }
        #expect(writes.map(\.name) == ["write", "write", "poll", "write"])
        #expect(writes.map(\.written) == [Array("AT+CS".utf8), Array("CS".utf8), [], Array("CS".utf8)])
        #expect(writes[2].arguments[1] == Int64(POLLOUT))
    }

    @Test func modemControlLinesUseTheKernelBits() throws {
        let script = SyscallScript()
        // TIOCM_DTR 0x002, TIOCM_CTS 0x020, TIOCM_CAR 0x040 (asm-generic/termios.h).
        script.on("ioctl(TIOCMGET)", .returns(0, outValue: 0x002 | 0x020 | 0x040))
        let driver = script.driver
        let lines = try driver.run { () throws(HALError) -> ModemControlLines in
            let port = try TermiosSerialPort(path: "/dev/ttyS1")
            try port.setModemControlLines([.dtr, .rts, .cts], asserted: true)
            try port.setModemControlLines(.rts, asserted: false)
            return try port.modemControlLines()
        }
        #expect(lines == [.dtr, .cts, .dcd])
        // TIOCM_RTS 0x004: CTS is an input and is never written.
        #expect(driver.trace.first { $0.name == "ioctl(TIOCMBIS)" }?.arguments == [fakeFD, 0x006])
        #expect(driver.trace.first { $0.name == "ioctl(TIOCMBIC)" }?.arguments == [fakeFD, 0x004])
    }
}
