// SensorGate — HALLinux tests: register reads into caller-owned storage, syscall by syscall.

import Glibc
import HAL
import Testing

@testable import HALLinux

@Suite struct CallerStorageI2CTests {
    /// Runs `bus.writeRead(address, [register], into:)` for `count` bytes and returns what it read.
    private func read(_ bus: LinuxI2CBus, _ address: UInt8, _ register: UInt8, count: Int) throws(HALError) -> [UInt8] {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
        defer { storage.deallocate() }
        storage.initializeMemory(as: UInt8.self, repeating: 0xEE)
        var command = register
        try withUnsafeBytes(of: &command) { (bytes) throws(HALError) in
            try bus.writeRead(I2CAddress(address), bytes, into: storage)
        }
        return Array(storage)
    }

    @Test func plainI2CIsTheSameSingleI2CRDWRAsTheArrayCall() throws {
        let script = SyscallScript()
        script.on("ioctl(I2C_FUNCS)", .returns(0, outValue: KernelI2CFuncs.i2c | KernelI2CFuncs.smbusOnly))
        script.on("ioctl(I2C_RDWR)", .returns(2, readData: [0x58]))
        let driver = script.driver
        let id = try driver.run { () throws(HALError) -> [UInt8] in
            try read(try LinuxI2CBus(path: "/dev/i2c-1"), 0x76, 0xD0, count: 1)
        }
        #expect(id == [0x58])
        // fd, two messages: (0x76, write, 1 byte) then (0x76, I2C_M_RD = 0x0001, 1 byte); writes 0xD0.
        let transfer = driver.trace[2]
        #expect(transfer.name == "ioctl(I2C_RDWR)")
        #expect(transfer.arguments == [fakeFD, 2, 0x76, 0x0000, 1, 0x76, 0x0001, 1])
        #expect(transfer.written == [0xD0])
        #expect(names(driver.trace) == ["open", "ioctl(I2C_FUNCS)", "ioctl(I2C_RDWR)", "close"])
    }

    @Test func aWriteAndAReadFromStorageAreOneI2CRDWRMessageEach() throws {
        // The SHT3x's measurement: the command 0x2400 written, then six bytes read.
        let script = SyscallScript()
        script.on("ioctl(I2C_FUNCS)", .returns(0, outValue: KernelI2CFuncs.i2c | KernelI2CFuncs.smbusOnly))
        script.on("ioctl(I2C_RDWR)", .returns(1), .returns(1, readData: [0x66, 0x4B, 0xA2, 0x8E, 0x5C, 0x0F]))
        let driver = script.driver
        var result: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0)
        try driver.run { () throws(HALError) in
            let bus = try LinuxI2CBus(path: "/dev/i2c-1")
            let command: (UInt8, UInt8) = (0x24, 0x00)
            try withUnsafeBytes(of: command) { (bytes) throws(HALError) in try bus.write(I2CAddress(0x44), from: bytes)
            }
            try withUnsafeMutableBytes(of: &result) { (buffer) throws(HALError) in
                try bus.read(I2CAddress(0x44), into: buffer)
            }
        }
        #expect(result == (0x66, 0x4B, 0xA2, 0x8E, 0x5C, 0x0F))
        let transfers = driver.trace.filter { $0.name == "ioctl(I2C_RDWR)" }
        // fd, one message: (0x44, write, 2 bytes) carrying 24 00; then (0x44, I2C_M_RD = 0x0001, 6 bytes).
        #expect(transfers.count == 2)
        #expect(transfers.first?.arguments == [fakeFD, 1, 0x44, 0x0000, 2])
        #expect(transfers.first?.written == [0x24, 0x00])
        #expect(transfers.last?.arguments == [fakeFD, 1, 0x44, 0x0001, 6])
    }

    @Test func anSMBusOnlyAdapterWritesACommandFromStorageAsWriteByteData() throws {
        let script = SyscallScript()
        script.on("ioctl(I2C_FUNCS)", .returns(0, outValue: KernelI2CFuncs.smbusOnly))
        script.on("i2c_smbus_write_byte_data", .returns(0))
        let driver = script.driver
        try driver.run { () throws(HALError) in
            let bus = try LinuxI2CBus(path: "/dev/i2c-1")
            let command: (UInt8, UInt8) = (0x24, 0x00)
            try withUnsafeBytes(of: command) { (bytes) throws(HALError) in try bus.write(I2CAddress(0x44), from: bytes)
            }
        }
        let write = try #require(driver.trace.first { $0.name == "i2c_smbus_write_byte_data" })
        #expect(write.arguments == [fakeFD, 0x24])
        #expect(write.written == [0x00])
    }

    @Test func anSMBusOnlyAdapterReadsTheBlockStraightIntoTheStorage() throws {
        let script = SyscallScript()
        script.on("ioctl(I2C_FUNCS)", .returns(0, outValue: KernelI2CFuncs.smbusOnly))
        let trim: [UInt8] = [0x70, 0x6B, 0x43, 0x67, 0x18, 0xFC]
        script.on("i2c_smbus_read_i2c_block_data", .returns(6, readData: trim))
        script.on("i2c_smbus_read_byte_data", .returns(0x58))
        let driver = script.driver
        try driver.run { () throws(HALError) in
            let bus = try LinuxI2CBus(path: "/dev/i2c-1")
            #expect(try read(bus, 0x77, 0x88, count: 6) == trim)
            #expect(try read(bus, 0x77, 0xD0, count: 1) == [0x58])
        }
        let calls = driver.trace.filter { $0.name != "open" && $0.name != "close" && $0.name != "ioctl(I2C_FUNCS)" }
        #expect(
            calls.map(\.name) == ["ioctl(I2C_SLAVE)", "i2c_smbus_read_i2c_block_data", "i2c_smbus_read_byte_data"])
        #expect(calls[1].arguments == [fakeFD, 0x88, 6])
        #expect(calls[2].arguments == [fakeFD, 0xD0])
    }

    @Test func aShortSMBusBlockIsABusErrorNotAShortRead() throws {
        let script = SyscallScript()
        script.on("ioctl(I2C_FUNCS)", .returns(0, outValue: KernelI2CFuncs.smbusOnly))
        script.on("i2c_smbus_read_i2c_block_data", .returns(4, readData: [1, 2, 3, 4]))
        let driver = script.driver
        let error = #expect(throws: HALError.self) {
            try driver.run { () throws(HALError) in
                _ = try read(try LinuxI2CBus(path: "/dev/i2c-1"), 0x77, 0x88, count: 6)
            }
        }
        #expect(error?.kind == .bus)
        #expect(error?.hint == "the adapter returned 4 of 6 bytes")
    }

    @Test func anEmptyReadIsRefusedBeforeAnySystemCall() throws {
        let script = SyscallScript()
        script.on("ioctl(I2C_FUNCS)", .returns(0, outValue: KernelI2CFuncs.i2c))
        let driver = script.driver
        let error = #expect(throws: HALError.self) {
            try driver.run { () throws(HALError) in
                _ = try read(try LinuxI2CBus(path: "/dev/i2c-1"), 0x76, 0xD0, count: 0)
            }
        }
        #expect(error?.kind == .invalidArgument)
        #expect(!names(driver.trace).contains("ioctl(I2C_RDWR)"))
    }
}
