// SensorGate — Drivers tests: register reads into an inline buffer, the sampling path's read.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct RegisterReadIntoStorageTests {
    @Test func anI2CRegisterBlockIsOneWriteReadWithRepeatedStart() throws {
        // BMP280 (datasheet §4.3.7, press_msb … temp_xlsb at 0xF7…0xFC): write 0xF7, read 6 bytes.
        let bus = ScriptedI2CBus([
            .writeRead(address: I2CAddress(0x76), write: [0xF7], read: [0x65, 0x5A, 0xC0, 0x7E, 0xED, 0x00])
        ])
        let registers = I2CRegisters(bus: bus, address: I2CAddress(0x76))
        var block = RegisterBytes()
        try registers.read(0xF7, count: 6, into: &block)
        #expect(Array(block) == [0x65, 0x5A, 0xC0, 0x7E, 0xED, 0x00])
        try bus.finish()
    }

    @Test func anSPIRegisterBlockSetsTheReadAndMultiByteBits() throws {
        // ADXL345 (datasheet, SPI): DATAX0 0x32 with R (bit 7) and MB (bit 6): 0xF2, then 6 bytes.
        let device = ScriptedSPIDevice([.writeThenRead(write: [0xF2], read: [0x01, 0x00, 0xFF, 0xFF, 0x00, 0x01])])
        let registers = SPIRegisters(device: device, multipleBit: 0x40)
        var block = RegisterBytes()
        try registers.read(0x32, count: 6, into: &block)
        #expect(Array(block) == [0x01, 0x00, 0xFF, 0xFF, 0x00, 0x01])
        try device.finish()
    }

    @Test func aBlockLongerThanTheBufferIsATypedErrorWithNoBusTraffic() throws {
        let bus = ScriptedI2CBus([])
        let registers = I2CRegisters(bus: bus, address: I2CAddress(0x6A))
        var block = RegisterBytes()
        let error = #expect(throws: HALError.self) {
            try registers.read(0x78, count: RegisterBytes.capacity + 1, into: &block)
        }
        #expect(error?.kind == .invalidArgument)
        #expect(error?.hint?.contains("at most 32 bytes") == true)
        #expect(block.isEmpty)
        try bus.finish()
    }

    @Test func anEmptyReadIsATypedErrorWithNoBusTraffic() throws {
        let bus = ScriptedI2CBus([])
        let registers = I2CRegisters(bus: bus, address: I2CAddress(0x6A))
        var block = RegisterBytes()
        let error = #expect(throws: HALError.self) { try registers.read(0x78, count: 0, into: &block) }
        #expect(error?.kind == .invalidArgument)
        try bus.finish()
    }
}
