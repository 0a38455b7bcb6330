// SensorGate — HAL: what an I2C adapter can do.

/// The transfer types an I2C adapter supports (Linux: the `I2C_FUNCS` bits).
///
/// Many adapters, the kernel's i2c-stub among them, do only SMBus transfers; a bus reports that
/// here and falls back to SMBus transfers where a transaction's shape allows.
public struct I2CFunctionality: OptionSet, Sendable, Hashable {
    /// The raw bits.
    public let rawValue: UInt32
    /// Creates a set from raw bits.
    /// - Parameter rawValue: the bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Plain I2C messages with repeated start (`I2C_RDWR`).
    public static let plainI2C = I2CFunctionality(rawValue: 1 << 0)
    /// SMBus quick command (address with the R/W bit and no data).
    public static let smbusQuick = I2CFunctionality(rawValue: 1 << 1)
    /// SMBus receive byte.
    public static let smbusReadByte = I2CFunctionality(rawValue: 1 << 2)
    /// SMBus send byte.
    public static let smbusWriteByte = I2CFunctionality(rawValue: 1 << 3)
    /// SMBus read byte data (command, repeated start, one byte).
    public static let smbusReadByteData = I2CFunctionality(rawValue: 1 << 4)
    /// SMBus write byte data.
    public static let smbusWriteByteData = I2CFunctionality(rawValue: 1 << 5)
    /// SMBus read word data (little-endian on the wire).
    public static let smbusReadWordData = I2CFunctionality(rawValue: 1 << 6)
    /// SMBus write word data.
    public static let smbusWriteWordData = I2CFunctionality(rawValue: 1 << 7)
    /// I2C-block read: command, repeated start, up to 32 bytes.
    public static let smbusReadI2CBlock = I2CFunctionality(rawValue: 1 << 8)
    /// I2C-block write: command and up to 32 bytes.
    public static let smbusWriteI2CBlock = I2CFunctionality(rawValue: 1 << 9)

    /// Everything an SMBus-complete adapter offers.
    public static let smbus: I2CFunctionality = [
        .smbusQuick, .smbusReadByte, .smbusWriteByte, .smbusReadByteData, .smbusWriteByteData,
        .smbusReadWordData, .smbusWriteWordData, .smbusReadI2CBlock, .smbusWriteI2CBlock,
    ]
    /// A full I2C controller: plain messages and every SMBus transfer (which it emulates).
    public static let full: I2CFunctionality = [.plainI2C, .smbus]

    /// The largest SMBus or I2C-block payload, in bytes.
    public static let smbusBlockMaxBytes = 32
}
