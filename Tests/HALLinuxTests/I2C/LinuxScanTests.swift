// SensorGate — HALLinux tests: what `probe --bus` does on an SMBus-only adapter, syscall by syscall.

import Drivers
import Glibc
import HAL
import Testing

@testable import HALLinux

@Suite struct LinuxScanTests {
    @Test func scanOfAnSMBusAdapterUsesQuickWritesSkipsKernelHeldAddressesAndIdentifiesABMP280() throws {
        let script = SyscallScript()
        script.on("ioctl(I2C_FUNCS)", .returns(0, outValue: KernelI2CFuncs.smbusOnly))
        // 0x75 is held by a kernel driver; 0x76 and 0x77 are free.
        script.on("ioctl(I2C_SLAVE)", .fails(EBUSY), .returns(0), .returns(0))
        // Quick write: nothing at 0x77, a chip at 0x76 (answered before 0x77 is probed).
        script.on("i2c_smbus_write_quick", .returns(0), .fails(ENXIO))
        // The chip at 0x76 reads 0x58 from 0xd0: a BMP280.
        script.on("i2c_smbus_read_byte_data", .returns(0x58))
        let driver = script.driver
        let entries = try driver.run { () throws(HALError) -> [I2CScanEntry] in
            I2CScanner(bus: try LinuxI2CBus(path: "/dev/i2c-0")).scan(0x75...0x77)
        }
        #expect(entries.map(\.status) == [.heldByDriver, .present, .empty])
        #expect(entries[1].chips.map(\.signature.compatible) == ["bosch,bmp280"])
        let calls = driver.trace.filter { $0.name != "open" && $0.name != "close" && $0.name != "ioctl(I2C_FUNCS)" }
        #expect(
            calls.map { "\($0.name) \($0.arguments.dropFirst().map { String($0, radix: 16) }.joined(separator: " "))" }
                == [
                    "ioctl(I2C_SLAVE) 75",
                    "ioctl(I2C_SLAVE) 76", "i2c_smbus_write_quick 0", "i2c_smbus_read_byte_data d0",
                    "ioctl(I2C_SLAVE) 77", "i2c_smbus_write_quick 0",
                ])
    }
}
