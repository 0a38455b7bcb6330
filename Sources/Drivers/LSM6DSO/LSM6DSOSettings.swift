// SensorGate — Drivers: LSM6DSO output data rates, full scales, FIFO and interrupt settings.

/// An output data rate: the ODR_XL / ODR_G codes of CTRL1_XL and CTRL2_G, and the BDR_XL / BDR_GY codes
/// of FIFO_CTRL3 (DS12140 §9.12–9.13, high-performance mode; rates as table 2 lists them).
public enum LSM6DSODataRate: UInt8, Sendable, Hashable, CaseIterable {
    /// Power-down (the state after reset); for FIFO batching, not batched.
    case powerDown = 0
    /// 12.5 Hz.
    case hz12_5 = 1
    /// 26 Hz.
    case hz26 = 2
    /// 52 Hz.
    case hz52 = 3
    /// 104 Hz.
    case hz104 = 4
    /// 208 Hz.
    case hz208 = 5
    /// 416 Hz.
    case hz416 = 6
    /// 833 Hz.
    case hz833 = 7
    /// 1666 Hz.
    case hz1666 = 8
    /// 3332 Hz.
    case hz3332 = 9
    /// 6664 Hz.
    case hz6664 = 10

    /// The rate in hertz (0 in power-down).
    public var hertz: Double {
        switch self {
        case .powerDown: 0
        case .hz12_5: 12.5
        case .hz26: 26
        case .hz52: 52
        case .hz104: 104
        case .hz208: 208
        case .hz416: 416
        case .hz833: 833
        case .hz1666: 1666
        case .hz3332: 3332
        case .hz6664: 6664
        }
    }

    /// Decodes a 4-bit field; codes 11–15 (1.6 Hz low-power and reserved) count as power-down.
    /// - Parameter code: the field value.
    /// - Returns: the rate.
    public static func decode(_ code: UInt8) -> LSM6DSODataRate { LSM6DSODataRate(rawValue: code & 0x0F) ?? .powerDown }
}

/// The accelerometer full scale: FS_XL[1:0] of CTRL1_XL. The coding is not monotonic: 01 is ±16 g
/// (DS12140 §9.12).
public enum LSM6DSOAccelRange: UInt8, Sendable, Hashable, CaseIterable {
    /// ±2 g.
    case g2 = 0b00
    /// ±16 g.
    case g16 = 0b01
    /// ±4 g.
    case g4 = 0b10
    /// ±8 g.
    case g8 = 0b11

    /// The full scale in g.
    public var fullScaleG: Double {
        switch self {
        case .g2: 2
        case .g4: 4
        case .g8: 8
        case .g16: 16
        }
    }

    /// The sensitivity LA_So in mg/LSB (DS12140 table 2): 0.061, 0.122, 0.244, 0.488.
    public var milliGPerLSB: Double {
        switch self {
        case .g2: 0.061
        case .g4: 0.122
        case .g8: 0.244
        case .g16: 0.488
        }
    }

    /// The acceleration noise density in high-performance mode, An, in µg/√Hz (DS12140 table 2):
    /// 70 at ±2 g, 75 at ±4 g, 80 at ±8 g, 110 at ±16 g.
    public var noiseDensityMicroGPerRootHz: Double {
        switch self {
        case .g2: 70
        case .g4: 75
        case .g8: 80
        case .g16: 110
        }
    }
}

/// The gyroscope full scale: FS_G[1:0] and FS_125 of CTRL2_G, as the 3-bit field in bits 3:1
/// (DS12140 §9.13).
public enum LSM6DSOGyroRange: UInt8, Sendable, Hashable, CaseIterable {
    /// ±125 dps (FS_125 = 1).
    case dps125 = 0b001
    /// ±250 dps.
    case dps250 = 0b000
    /// ±500 dps.
    case dps500 = 0b010
    /// ±1000 dps.
    case dps1000 = 0b100
    /// ±2000 dps.
    case dps2000 = 0b110

    /// The full scale in °/s.
    public var fullScaleDps: Double {
        switch self {
        case .dps125: 125
        case .dps250: 250
        case .dps500: 500
        case .dps1000: 1000
        case .dps2000: 2000
        }
    }

    /// The sensitivity G_So in mdps/LSB (DS12140 table 2): 4.375, 8.75, 17.5, 35, 70.
    public var milliDpsPerLSB: Double {
        switch self {
        case .dps125: 4.375
        case .dps250: 8.75
        case .dps500: 17.5
        case .dps1000: 35
        case .dps2000: 70
        }
    }

    /// Decodes bits 3:1 of CTRL2_G (FS_125 wins over FS_G).
    /// - Parameter field: the 3-bit field.
    /// - Returns: the range.
    public static func decode(_ field: UInt8) -> LSM6DSOGyroRange {
        field & 0b001 != 0 ? .dps125 : LSM6DSOGyroRange(rawValue: field & 0b110) ?? .dps250
    }
}

/// The FIFO mode: FIFO_MODE[2:0] of FIFO_CTRL4 (DS12140 §6.5, §9.6). The trigger-driven modes
/// (continuous-to-FIFO, bypass-to-continuous, bypass-to-FIFO) are not offered.
public enum LSM6DSOFIFOMode: UInt8, Sendable, Hashable, CaseIterable {
    /// The FIFO is off and empty; the output registers are read directly.
    case bypass = 0b000
    /// Samples are stored until the FIFO is full, then collection stops until the mode is rewritten.
    case fifo = 0b001
    /// Samples are stored continuously; when the FIFO is full the oldest word is overwritten.
    case continuous = 0b110
}

/// What drives the INT1 pin (INT1_CTRL).
public enum LSM6DSOInterrupt: Sendable, Hashable, CaseIterable {
    /// Nothing.
    case none
    /// Accelerometer and gyroscope data-ready (INT1_DRDY_XL, INT1_DRDY_G).
    case dataReady
    /// The FIFO watermark (INT1_FIFO_TH).
    case fifoThreshold

    /// The INT1_CTRL byte.
    public var int1Control: UInt8 {
        switch self {
        case .none: 0x00
        case .dataReady: 0x03
        case .fifoThreshold: 0x08
        }
    }
}

/// How the LSM6DSO measures. Accelerometer and gyroscope run at one output data rate in high-performance
/// mode, with block data update and address auto-increment on. Defaults: 104 Hz, ±4 g, ±500 dps, LPF2
/// off, FIFO bypassed (watermark 64 words), data-ready on INT1, stuck after 50 identical samples.
public struct LSM6DSOSettings: Sendable, Hashable {
    /// Output data rate of both sensors. Default: 104 Hz. Power-down is refused by ``LSM6DSO/start(_:)``.
    public var dataRate: LSM6DSODataRate = .hz104
    /// Accelerometer full scale. Default: ±4 g.
    public var accelRange: LSM6DSOAccelRange = .g4
    /// Gyroscope full scale. Default: ±500 dps.
    public var gyroRange: LSM6DSOGyroRange = .dps500
    /// Whether the accelerometer's second low-pass filter (LPF2_XL_EN) is on, cutting the bandwidth from
    /// ODR/2 to ODR/4 (CTRL8_XL HPCF_XL = 000). Default: off.
    public var accelLowPass2 = false
    /// FIFO mode. Default: bypass. In FIFO and continuous mode both sensors are batched at the ODR.
    public var fifoMode: LSM6DSOFIFOMode = .bypass
    /// FIFO watermark in words (0–511; each sample is two words, gyroscope and accelerometer).
    /// Default: 64.
    public var watermark = 64
    /// What drives INT1. Default: data-ready.
    public var interrupt: LSM6DSOInterrupt = .dataReady
    /// How many identical fresh samples in a row count as stuck; 0 disables the check. The chip's noise
    /// (about 4 LSB RMS on the accelerometer at ±4 g and 104 Hz) moves every code, so 50 repeats cannot happen on
    /// working silicon; a noiseless simulation with a constant world should set 0. Default: 50.
    public var stuckLimit = 50

    /// The defaults above.
    public static let `default` = LSM6DSOSettings()

    /// Creates settings; every parameter defaults as documented on the type.
    /// - Parameters:
    ///   - dataRate: the output data rate.
    ///   - accelRange: the accelerometer full scale.
    ///   - gyroRange: the gyroscope full scale.
    ///   - accelLowPass2: whether LPF2 is on.
    ///   - fifoMode: the FIFO mode.
    ///   - watermark: the FIFO watermark in words.
    ///   - interrupt: what drives INT1.
    ///   - stuckLimit: identical samples that count as stuck (0: off).
    public init(
        dataRate: LSM6DSODataRate = .hz104, accelRange: LSM6DSOAccelRange = .g4,
        gyroRange: LSM6DSOGyroRange = .dps500, accelLowPass2: Bool = false, fifoMode: LSM6DSOFIFOMode = .bypass,
        watermark: Int = 64, interrupt: LSM6DSOInterrupt = .dataReady, stuckLimit: Int = 50
    ) {
        self.dataRate = dataRate
        self.accelRange = accelRange
        self.gyroRange = gyroRange
        self.accelLowPass2 = accelLowPass2
        self.fifoMode = fifoMode
        self.watermark = watermark
        self.interrupt = interrupt
        self.stuckLimit = stuckLimit
    }

    // MARK: - Register encodings

    /// CTRL1_XL: ODR_XL << 4 | FS_XL << 2 | LPF2_XL_EN << 1.
    public var control1XL: UInt8 { dataRate.rawValue << 4 | accelRange.rawValue << 2 | (accelLowPass2 ? 0x02 : 0) }

    /// CTRL2_G: ODR_G << 4 | (FS_G, FS_125) << 1.
    public var control2G: UInt8 { dataRate.rawValue << 4 | gyroRange.rawValue << 1 }

    /// CTRL3_C: BDU and IF_INC.
    public var control3C: UInt8 { LSM6DSORegister.blockDataUpdate | LSM6DSORegister.autoIncrement }

    /// FIFO_CTRL1…FIFO_CTRL4: WTM[7:0]; WTM[8]; BDR_GY and BDR_XL at the ODR (0 in bypass); FIFO_MODE.
    public var fifoControl: [UInt8] {
        let batch = fifoMode == .bypass ? 0 : dataRate.rawValue << 4 | dataRate.rawValue
        return [UInt8(watermark & 0xFF), UInt8((watermark >> 8) & 0x01), batch, fifoMode.rawValue]
    }

    /// One output period, 1/ODR.
    public var period: Duration { .nanoseconds(Int64((1e9 / max(dataRate.hertz, 1)).rounded())) }
}
