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

    @Test func repeatedReadsAreOneSPIMessageButSeparateI2CTransactions() throws {
        // Two ADXL345 FIFO entries (DATAX0 0x32, six bytes each). Over SPI: one transaction, chip select
        // released between the reads, 10 µs apart; over I2C: one write-read each, paced by the caller.
        let entries: [[UInt8]] = [[0x01, 0x00, 0xFF, 0xFF, 0x00, 0x01], [0x02, 0x00, 0xFE, 0xFF, 0x00, 0x02]]
        let device = ScriptedSPIDevice([
            .transaction([
                .init(write: [0xF2]), .init(read: entries[0], releaseChipSelect: true), .init(write: [0xF2]),
                .init(read: entries[1]),
            ])
        ])
        let bus = ScriptedI2CBus(entries.map { .writeRead(address: I2CAddress(0x53), write: [0x32], read: $0) })
        let spi = SPIRegisters(device: device, multipleBit: 0x40)
        let i2c = I2CRegisters(bus: bus, address: I2CAddress(0x53))
        #expect(spi.repeatedReadGapNanoseconds == 10_000)
        #expect(i2c.repeatedReadGapNanoseconds == nil)
        for registers in [spi, i2c] as [any RegisterInterface] {
            var bytes = [UInt8](repeating: 0, count: 12)
            try bytes.withUnsafeMutableBytes { try registers.readRepeatedly(0x32, into: $0, repeats: 2) }
            #expect(bytes == entries[0] + entries[1], "\(registers.location)")
        }
        try device.finish()
        try bus.finish()
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
