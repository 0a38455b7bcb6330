// SensorGate — Drivers: the LIS3MDL register map, reset values and output layout.

/// Register addresses, bits and reset values of the ST LIS3MDL (DocID024204: §6 register mapping, §7 register description).
public enum LIS3MDLRegister {
    /// WHO_AM_I, read-only.
    public static let whoAmI: UInt8 = 0x0F
    /// The WHO_AM_I value (§7.1).
    public static let whoAmIValue: UInt8 = 0x3D
    /// CTRL_REG1: TEMP_EN, OM[1:0], DO[2:0], FAST_ODR, ST.
    public static let control1: UInt8 = 0x20
    /// CTRL_REG2: FS[1:0], REBOOT, SOFT_RST.
    public static let control2: UInt8 = 0x21
    /// CTRL_REG3: LP, SIM, MD[1:0].
    public static let control3: UInt8 = 0x22
    /// CTRL_REG4: OMZ[1:0], BLE.
    public static let control4: UInt8 = 0x23
    /// CTRL_REG5: FAST_READ, BDU.
    public static let control5: UInt8 = 0x24
    /// STATUS_REG: ZYXOR, ZOR, YOR, XOR, ZYXDA, ZDA, YDA, XDA.
    public static let status: UInt8 = 0x27
    /// OUT_X_L, the first output register; X, Y, Z follow as little-endian pairs up to 0x2D.
    public static let outX: UInt8 = 0x28
    /// OUT_Z_H, the last magnetic output register.
    public static let outZHigh: UInt8 = 0x2D
    /// TEMP_OUT_L; TEMP_OUT_H at 0x2F.
    public static let temperature: UInt8 = 0x2E
    /// INT_CFG: XIEN, YIEN, ZIEN, 0, 1, IEA, LIR, IEN.
    public static let interruptConfig: UInt8 = 0x30
    /// INT_SRC, read-only: PTH_X, PTH_Y, PTH_Z, NTH_X, NTH_Y, NTH_Z, MROI, INT.
    public static let interruptSource: UInt8 = 0x31
    /// INT_THS_L; INT_THS_H at 0x33 (an unsigned 15-bit threshold in output codes).
    public static let interruptThreshold: UInt8 = 0x32

    /// The control registers' reset values, CTRL_REG1…CTRL_REG5 (§6, §7.2–7.6): 10 Hz, ±4 gauss,
    /// power-down, little-endian, continuous update.
    public static let controlResetValues: [UInt8] = [0x10, 0x00, 0x03, 0x00, 0x00]
    /// INT_CFG's reset value (§7.12): all axes enabled, bit 3 set, active low, latched, disabled.
    public static let interruptConfigReset: UInt8 = 0xE8

    /// I2C sub-address bit 7: auto-increment the register address (§5.1.1).
    public static let autoIncrement: UInt8 = 0x80

    /// CTRL_REG2 bit 3: reboot memory content (reload the trimming).
    public static let reboot: UInt8 = 0x08
    /// CTRL_REG2 bit 2: reset the configuration and user registers.
    public static let softReset: UInt8 = 0x04
    /// CTRL_REG5 bit 6: block data update.
    public static let blockDataUpdate: UInt8 = 0x40

    /// STATUS_REG bit 3: a new X, Y and Z set is available.
    public static let zyxDataAvailable: UInt8 = 0x08
    /// STATUS_REG bit 7: a new set overwrote one not read.
    public static let zyxOverrun: UInt8 = 0x80
}

/// One magnetic and temperature sample as the output registers hold it.
public struct LIS3MDLRawSample: Sendable, Hashable {
    /// OUT_X, OUT_Y, OUT_Z: two's complement.
    public var magnetic: SensorComponents<Int16>
    /// TEMP_OUT: two's complement, 8 LSB/°C, 0 at 25 °C.
    public var temperature: Int16

    /// Creates a sample.
    /// - Parameters:
    ///   - magnetic: X, Y, Z codes.
    ///   - temperature: the temperature code.
    public init(magnetic: SensorComponents<Int16>, temperature: Int16) {
        self.magnetic = magnetic
        self.temperature = temperature
    }

    /// Decodes little-endian pairs (CTRL_REG4.BLE = 0): `[XL, XH, YL, YH, ZL, ZH]`.
    /// - Parameter bytes: six bytes (any collection: an array, a slice of a register block).
    /// - Returns: X, Y, Z, or nil for fewer than six bytes.
    public static func magnetic(fromLittleEndian bytes: some Collection<UInt8>) -> SensorComponents<Int16>? {
        guard bytes.count >= 6 else { return nil }
        var words = WordReader(bytes, .littleEndian)
        return SensorComponents(words.next(), words.next(), words.next())
    }
}
