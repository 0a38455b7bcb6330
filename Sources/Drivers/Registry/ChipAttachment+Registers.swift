// SensorGate — Drivers: register access for an attachment.

extension ChipAttachment {
    /// Register access in the Bosch/ST convention for this attachment.
    /// - Parameter multipleBit: the SPI multi-byte bit (0x40 on the ADXL345, 0 for auto-increment).
    /// - Returns: I2C or SPI register access.
    public func registers(multipleBit: UInt8 = 0) -> any RegisterInterface {
        switch self {
        case .i2c(let bus, let address): I2CRegisters(bus: bus, address: address)
        case .spi(let device): SPIRegisters(device: device, multipleBit: multipleBit)
        }
    }
}
