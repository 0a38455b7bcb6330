// SensorGate — Drivers: register access for an attachment, and seeded spreads for model trims.

import HALSim

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

/// Seeded spreads for the per-instance factory values of models.
public enum ModelSeeds {
    /// A generator for one instance's trims, distinct from its noise stream.
    /// - Parameter seed: the instance seed.
    /// - Returns: the generator.
    public static func trimGenerator(_ seed: UInt64) -> SplitMix64 { SplitMix64(seed: seed ^ 0x7472_696D_7472_696D) }
}

extension SplitMix64 {
    /// A uniform integer in −limit…limit.
    /// - Parameter limit: the half-width.
    /// - Returns: the value.
    public mutating func spread(_ limit: Int) -> Int { next(below: 2 * limit + 1) - limit }
}
