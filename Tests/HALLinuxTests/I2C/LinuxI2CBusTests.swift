// SensorGate — HALLinux tests: the i2c-dev backend, syscall by syscall.

import Glibc
import HAL
import Testing

@testable import HALLinux

@Suite struct LinuxI2CBusTests {
    @Test func missingAdapterFailsWithPathAndHint() {
        #expect {
            _ = try LinuxI2CBus(path: "/dev/i2c-99")
        } throws: { error in
            guard let error = error as? HALError else { return false }
            return error.kind == .notFound && error.errno == ENOENT
                && error.description.hasPrefix("/dev/i2c-99: open: not found (errno 2 ENOENT): ")
                && error.description.contains("modprobe i2c-dev")
        }
    }

    @Test func aFileThatIsNotAnAdapterIsRejectedAtOpen() {
        #expect {
            _ = try LinuxI2CBus(path: "/dev/null")
        } throws: { error in
            guard let error = error as? HALError else { return false }
            return error.operation == "ioctl(I2C_FUNCS)" && error.kind == .unsupported
                && error.description.contains("not an I2C adapter")
        }
    }

    @Test func writeReadIsOneCombinedTransferWithRepeatedStart() throws {
        let script = SyscallScript()
        script.on("ioctl(I2C_FUNCS)", .returns(0, outValue: KernelI2CFuncs.i2c | KernelI2CFuncs.smbusOnly))
        script.on("ioctl(I2C_RDWR)", .returns(2, readData: [0x58]))
        let driver = script.driver
        let id = try driver.run { () throws(HALError) -> [UInt8] in
            let bus = try LinuxI2CBus(path: "/dev/i2c-1")
            #expect(bus.functionality == .full)
            return try bus.writeRead(I2CAddress(0x76), [0xD0], count: 1)
        }
        #expect(id == [0x58])
        let transfer = driver.trace[2]
        // fd, two messages: (0x76, write, 1 byte) then (0x76, I2C_M_RD = 0x0001, 1 byte).
        #expect(transfer.name == "ioctl(I2C_RDWR)")
        #expect(transfer.arguments == [fakeFD, 2, 0x76, 0x0000, 1, 0x76, 0x0001, 1])
        #expect(transfer.written == [0xD0])
        #expect(names(driver.trace) == ["open", "ioctl(I2C_FUNCS)", "ioctl(I2C_RDWR)", "close"])
    }

    @Test func interruptedTransferIsRetried() throws {
        let script = SyscallScript()
        script.on("ioctl(I2C_FUNCS)", .returns(0, outValue: KernelI2CFuncs.i2c))
        script.on("ioctl(I2C_RDWR)", .fails(EINTR), .returns(1, readData: [0x60]))
        let driver = script.driver
        let value = try driver.run { () throws(HALError) -> [UInt8] in
            try LinuxI2CBus(path: "/dev/i2c-1").writeRead(I2CAddress(0x77), [0xD0], count: 1)
        }
        #expect(value == [0x60])
        #expect(names(driver.trace).filter { $0 == "ioctl(I2C_RDWR)" }.count == 2)
    }

    @Test(arguments: [
        (ENXIO, HALErrorKind.noAcknowledge(.address)), (EREMOTEIO, .noAcknowledge(.unknown)),
        (EAGAIN, .arbitrationLoss), (ETIMEDOUT, .timeout), (EIO, .bus), (EBUSY, .busy),
    ])
    func kernelFaultCodesMapToKinds(errno code: Int32, kind: HALErrorKind) {
        let script = SyscallScript()
        script.on("ioctl(I2C_FUNCS)", .returns(0, outValue: KernelI2CFuncs.i2c))
        script.on("ioctl(I2C_RDWR)", .fails(code))
        let driver = script.driver
        driver.run {
            #expect {
                try LinuxI2CBus(path: "/dev/i2c-1").write(I2CAddress(0x44), [0x24, 0x00])
            } throws: { error in
                guard let error = error as? HALError else { return false }
                return error.kind == kind && error.errno == code && error.operation == "I2C_RDWR to 0x44"
            }
        }
    }

    @Test func ownershipCheckUsesI2CSlaveAndReportsKernelDrivers() throws {
        let script = SyscallScript()
        script.on("ioctl(I2C_FUNCS)", .returns(0, outValue: KernelI2CFuncs.smbusOnly))
        script.on("ioctl(I2C_SLAVE)", .fails(EBUSY), .returns(0))
        let driver = script.driver
        try driver.run { () throws(HALError) in
            let bus = try LinuxI2CBus(path: "/dev/i2c-0")
            #expect(bus.isHeldByKernelDriver(I2CAddress(0x50)))
            #expect(!bus.isHeldByKernelDriver(I2CAddress(0x51)))
        }
        #expect(
            driver.trace.filter { $0.name == "ioctl(I2C_SLAVE)" }.map(\.arguments) == [
                [fakeFD, 0x50], [fakeFD, 0x51],
            ])
    }
}
