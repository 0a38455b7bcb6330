// SensorGate — HALLinux tests: the spidev register read into caller-owned storage.

import Glibc
import HAL
import Testing

@testable import HALLinux

@Suite struct CallerStorageSPITests {
    @Test func registerReadIntoStorageIsOneMessageWithChipSelectHeldAndNoTransmitBuffer() throws {
        let script = SyscallScript()
        script.on("ioctl(SPI_IOC_MESSAGE)", .returns(2, readData: [0x58]))
        let driver = script.driver
        var id: UInt8 = 0
        var command: UInt8 = 0xD0
        try driver.run { () throws(HALError) in
            let device = try LinuxSPIDevice(path: "/dev/spidev0.0")
            try withUnsafeBytes(of: &command) { (bytes) throws(HALError) in
                try withUnsafeMutableBytes(of: &id) { (buffer) throws(HALError) in
                    try device.writeThenRead(bytes, into: buffer)
                }
            }
        }
        #expect(id == 0x58)
        let message = try #require(driver.trace.first { $0.name == "ioctl(SPI_IOC_MESSAGE)" })
        // fd, 2 segments, then (len, speed, delay, cs_change) per segment: CS is never released.
        #expect(message.arguments == [fakeFD, 2, 1, 0, 0, 0, 1, 0, 0, 0])
        // The data segment has no transmit buffer: spidev shifts out zeros (Documentation/spi/spidev).
        #expect(message.written == [0xD0])
    }

    @Test func aWriteFromStorageIsOneSegmentWithNothingReceivedKept() throws {
        // The MS5611's convert-D1 command on its own chip-select frame.
        let script = SyscallScript()
        script.on("ioctl(SPI_IOC_MESSAGE)", .returns(1))
        let driver = script.driver
        let command: UInt8 = 0x48
        try driver.run { () throws(HALError) in
            let device = try LinuxSPIDevice(path: "/dev/spidev0.0")
            try withUnsafeBytes(of: command) { (bytes) throws(HALError) in try device.write(from: bytes) }
        }
        let message = try #require(driver.trace.first { $0.name == "ioctl(SPI_IOC_MESSAGE)" })
        #expect(message.arguments == [fakeFD, 1, 1, 0, 0, 0])
        #expect(message.written == [0x48])
    }

    @Test func anEmptyCommandIsRefusedBeforeAnySystemCall() throws {
        let script = SyscallScript()
        let driver = script.driver
        var byte: UInt8 = 0
        let error = #expect(throws: HALError.self) {
            try driver.run { () throws(HALError) in
                let device = try LinuxSPIDevice(path: "/dev/spidev0.0")
                try withUnsafeMutableBytes(of: &byte) { (buffer) throws(HALError) in
                    try device.writeThenRead(UnsafeRawBufferPointer(start: nil, count: 0), into: buffer)
                }
            }
        }
        #expect(error?.kind == .invalidArgument)
        #expect(!driver.trace.contains { $0.name == "ioctl(SPI_IOC_MESSAGE)" })
    }
}
