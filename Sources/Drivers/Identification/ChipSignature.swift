// SensorGate — Drivers: how each supported chip identifies itself on I2C.

import HAL

/// How a chip proves what it is.
public enum IdentityCheck: Sendable, Hashable {
    /// A register whose value, masked, is one of `expected`: write the register address, read one byte.
    case register(UInt8, expected: [UInt8], mask: UInt8 = 0xFF)
    /// A 16-bit big-endian register whose value, masked, equals `expected`.
    case register16(UInt8, expected: UInt16, mask: UInt16 = 0xFFFF)
    /// A Sensirion command whose 2-byte answer carries a valid CRC-8 (no ID register exists).
    case sensirionWord(command: UInt16)
    /// A TE MEAS PROM (8 words, command 0xA0 + 2·i) whose CRC-4 is valid (no ID register exists).
    case measPROM
}

/// What identifies one supported chip on an I2C bus.
public struct ChipSignature: Sendable, Hashable {
    /// The board-file `compatible` string, for example `bosch,bmp280`.
    public let compatible: String
    /// The part name, for example `BMP280`.
    public let part: String
    /// The addresses the chip can be strapped to.
    public let addresses: [I2CAddress]
    /// How it identifies itself.
    public let check: IdentityCheck
    /// Whether the chip also has an SPI interface (4-wire, read bit 7 set in the command byte).
    public let hasSPI: Bool

    /// Creates a signature.
    /// - Parameters:
    ///   - compatible: the board-file compatible string.
    ///   - part: the part name.
    ///   - addresses: the possible addresses.
    ///   - check: the identification.
    ///   - hasSPI: whether the chip also speaks SPI.
    public init(compatible: String, part: String, addresses: [UInt8], check: IdentityCheck, hasSPI: Bool) {
        self.compatible = compatible
        self.part = part
        self.addresses = addresses.map { I2CAddress($0) }
        self.check = check
        self.hasSPI = hasSPI
    }
}

/// The chips SensorGate supports, with their identification facts from each datasheet.
public enum ChipCatalog {
    /// Every supported chip. Chips with an ID register come before those identified by a checksum,
    /// so that a Bosch sensor at 0x76/0x77 is never mistaken for an MS5611.
    public static let all: [ChipSignature] = [
        // BMP280 datasheet §4.3.1: register 0xD0 "id" reads 0x58 (0x56, 0x57 on samples); the driver owns the list.
        ChipSignature(
            compatible: "bosch,bmp280", part: "BMP280", addresses: [0x76, 0x77],
            check: .register(0xD0, expected: BMP280Variant.bmp280.chipIDs), hasSPI: true),
        // BME280 datasheet §5.4.1: register 0xD0 "id" reads 0x60; the driver owns the list.
        ChipSignature(
            compatible: "bosch,bme280", part: "BME280", addresses: [0x76, 0x77],
            check: .register(0xD0, expected: BMP280Variant.bme280.chipIDs), hasSPI: true),
        // TMP117 datasheet §7.6.1.8: DEVICE_ID (0x0F) bits 11:0 read 0x117.
        ChipSignature(
            compatible: "ti,tmp117", part: "TMP117", addresses: [0x48, 0x49, 0x4A, 0x4B],
            check: .register16(0x0F, expected: 0x0117, mask: 0x0FFF), hasSPI: false),
        // LSM6DSO datasheet §9.11: WHO_AM_I (0x0F) reads 0x6C.
        ChipSignature(
            compatible: "st,lsm6dso", part: "LSM6DSO", addresses: [0x6A, 0x6B],
            check: .register(0x0F, expected: [0x6C]), hasSPI: true),
        // MPU-6050 register map §4.32: WHO_AM_I (0x75) reads 0x68 whatever AD0 is.
        ChipSignature(
            compatible: "invensense,mpu6050", part: "MPU-6050", addresses: [0x68, 0x69],
            check: .register(0x75, expected: [0x68]), hasSPI: false),
        // ADXL345 datasheet, register 0x00 DEVID reads 0xE5.
        ChipSignature(
            compatible: "adi,adxl345", part: "ADXL345", addresses: [0x53, 0x1D],
            check: .register(0x00, expected: [0xE5]), hasSPI: true),
        // LIS3MDL datasheet §7.1: WHO_AM_I (0x0F) reads 0x3D.
        ChipSignature(
            compatible: "st,lis3mdl", part: "LIS3MDL", addresses: [0x1C, 0x1E],
            check: .register(0x0F, expected: [0x3D]), hasSPI: true),
        // SHT3x datasheet §4.11: status register command 0xF32D answers a word and its CRC-8.
        ChipSignature(
            compatible: "sensirion,sht3x", part: "SHT3x", addresses: [0x44, 0x45],
            check: .sensirionWord(command: 0xF32D), hasSPI: false),
        // MS5611 datasheet and AN520: PROM words 0–7, CRC-4 in the low nibble of word 7.
        ChipSignature(
            compatible: "meas,ms5611", part: "MS5611", addresses: [0x76, 0x77], check: .measPROM, hasSPI: true),
    ]

    /// The signature for a compatible string.
    /// - Parameter compatible: for example `bosch,bmp280`.
    /// - Returns: the signature, or nil for an unknown chip.
    public static func signature(_ compatible: String) -> ChipSignature? {
        all.first { $0.compatible == compatible }
    }
}
