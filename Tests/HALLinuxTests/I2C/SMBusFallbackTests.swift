// SensorGate — HALLinux tests: transactions on SMBus-only adapters (i2c-stub, many SoC controllers).

import Glibc
import HAL
import Testing

@testable import HALLinux

@Suite struct SMBusFallbackTests {
    private func smbusBus(_ script: SyscallScript) {
        script.on("ioctl(I2C_FUNCS)", .returns(0, outValue: KernelI2CFuncs.smbusOnly))
    }

    @Test func registerBlockReadBecomesI2CBlockReadAfterOneAddressSelect() throws {
        let script = SyscallScript()
        smbusBus(script)
        let trim: [UInt8] = [0x70, 0x6B, 0x43, 0x67, 0x18, 0xFC]
        script.on("i2c_smbus_read_i2c_block_data", .returns(6, readData: trim), .returns(6, readData: trim))
        let driver = script.driver
        try driver.run { () throws(HALError) in
            let bus = try LinuxI2CBus(path: "/dev/i2c-1")
            #expect(!bus.functionality.contains(.plainI2C))
            #expect(try bus.writeRead(I2CAddress(0x77), [0x88], count: 6) == trim)
            #expect(try bus.writeRead(I2CAddress(0x77), [0x88], count: 6) == trim)
        }
        let calls = driver.trace.filter { $0.name != "open" && $0.name != "close" && $0.name != "ioctl(I2C_FUNCS)" }
        #expect(
            calls.map(\.name) == ["ioctl(I2C_SLAVE)", "i2c_smbus_read_i2c_block_data", "i2c_smbus_read_i2c_block_data"])
        #expect(calls[0].arguments == [fakeFD, 0x77])
        #expect(calls[1].arguments == [fakeFD, 0x88, 6])
    }

    @Test func eachShapeUsesTheMatchingSMBusTransfer() throws {
        let script = SyscallScript()
        smbusBus(script)
        script.on("i2c_smbus_read_byte_data", .returns(0x58))
        script.on("i2c_smbus_read_byte", .returns(0xA5))
        let driver = script.driver
        try driver.run { () throws(HALError) in
            let bus = try LinuxI2CBus(path: "/dev/i2c-1")
            let address = I2CAddress(0x76)
            #expect(try bus.writeRead(address, [0xD0], count: 1) == [0x58])
            try bus.write(address, [0xF4, 0x27])
            try bus.write(address, [0xE0, 0xB6, 0x00])
            try bus.write(address, [0x1E])
            try bus.write(address, [])
            #expect(try bus.read(address, count: 1) == [0xA5])
        }
        let calls = driver.trace.filter { $0.name.hasPrefix("i2c_smbus") }
        #expect(
            calls.map(\.name) == [
                "i2c_smbus_read_byte_data", "i2c_smbus_write_byte_data", "i2c_smbus_write_i2c_block_data",
                "i2c_smbus_write_byte", "i2c_smbus_write_quick", "i2c_smbus_read_byte",
            ])
        #expect(calls[1].arguments == [fakeFD, 0xF4] && calls[1].written == [0x27])
        #expect(calls[2].arguments == [fakeFD, 0xE0] && calls[2].written == [0xB6, 0x00])
        #expect(calls[3].written == [0x1E])
    }

    @Test func shapesWithoutAnSMBusEquivalentAreRefusedWithAReason() throws {
        let script = SyscallScript()
        smbusBus(script)
        let driver = script.driver
        try driver.run { () throws(HALError) in
            let bus = try LinuxI2CBus(path: "/dev/i2c-1")
            // SHT3x: a 16-bit command then a 6-byte read has no SMBus form.
            #expect {
                _ = try bus.writeRead(I2CAddress(0x44), [0x24, 0x00], count: 6)
            } throws: { error in
                (error as? HALError)?.kind == .unsupported
                    && (error as? HALError)?.hint?.contains("cannot express") == true
            }
            #expect {
                _ = try bus.writeRead(I2CAddress(0x76), [0x88], count: 33)
            } throws: { error in (error as? HALError)?.kind == .unsupported }
        }
        #expect(!names(driver.trace).contains { $0.hasPrefix("i2c_smbus") })
    }

    @Test func missingSMBusFunctionIsNamed() throws {
        let script = SyscallScript()
        script.on("ioctl(I2C_FUNCS)", .returns(0, outValue: KernelI2CFuncs.smbusByteData))
        let driver = script.driver
        try driver.run { () throws(HALError) in
            let bus = try LinuxI2CBus(path: "/dev/i2c-1")
            #expect {
                _ = try bus.writeRead(I2CAddress(0x76), [0x88], count: 24)
            } throws: { error in
                (error as? HALError)?.hint == "the adapter does not offer SMBus I2C-block read (I2C_FUNCS)"
            }
        }
    }

    @Test func libi2cNegativeErrnoIsMappedAndInterruptsRetried() throws {
        let script = SyscallScript()
        smbusBus(script)
        script.on("i2c_smbus_read_byte_data", .fails(EINTR), .returns(0x58), .fails(ENXIO))
        let driver = script.driver
        try driver.run { () throws(HALError) in
            let bus = try LinuxI2CBus(path: "/dev/i2c-1")
            #expect(try bus.writeRead(I2CAddress(0x76), [0xD0], count: 1) == [0x58])
            #expect {
                _ = try bus.writeRead(I2CAddress(0x76), [0xD0], count: 1)
            } throws: { error in
                (error as? HALError)?.kind == .noAcknowledge(.address)
                    && (error as? HALError)?.hint?.contains("check wiring") == true
            }
        }
    }
}
