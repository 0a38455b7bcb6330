// SensorGate — Drivers: LIS3MDL settings: data rate, full scale, operating modes, conversion mode.

/// An axis operating mode (CTRL_REG1.OM for X and Y, CTRL_REG4.OMZ for Z; §7.2, §7.5): more
/// performance averages longer.
public enum LIS3MDLPerformance: UInt8, Sendable, Hashable, CaseIterable {
    /// Low-power mode.
    case lowPower = 0
    /// Medium-performance mode.
    case medium = 1
    /// High-performance mode.
    case high = 2
    /// Ultra-high-performance mode.
    case ultraHigh = 3

    /// The output data rate with FAST_ODR set (§7.2, CTRL_REG1): 1000, 560, 300 and 155 Hz.
    public var fastDataRateHz: Double {
        switch self {
        case .lowPower: 1000
        case .medium: 560
        case .high: 300
        case .ultraHigh: 155
        }
    }

    /// The time one conversion takes: one period at the mode's FAST_ODR rate, the fastest the
    /// chip converts in this mode (the datasheet gives no other figure).
    public var conversionTime: Duration { .nanoseconds(Int64((1e9 / fastDataRateHz).rounded(.up))) }
}

/// The output data rate (CTRL_REG1.DO, §7.2), or FAST_ODR, whose rate the XY mode sets.
public enum LIS3MDLDataRate: Sendable, Hashable, CaseIterable {
    /// 0.625 Hz (DO 000).
    case hz0_625
    /// 1.25 Hz.
    case hz1_25
    /// 2.5 Hz.
    case hz2_5
    /// 5 Hz.
    case hz5
    /// 10 Hz, the reset value (DO 100).
    case hz10
    /// 20 Hz.
    case hz20
    /// 40 Hz.
    case hz40
    /// 80 Hz (DO 111).
    case hz80
    /// FAST_ODR: 155 to 1000 Hz by XY operating mode; continuous conversion only.
    case fast

    /// The DO code (0 for FAST_ODR, which ignores it).
    public var code: UInt8 {
        switch self {
        case .hz0_625, .fast: 0
        case .hz1_25: 1
        case .hz2_5: 2
        case .hz5: 3
        case .hz10: 4
        case .hz20: 5
        case .hz40: 6
        case .hz80: 7
        }
    }

    /// The rate in hertz for the given XY operating mode.
    /// - Parameter performance: the XY operating mode (it sets the FAST_ODR rate).
    /// - Returns: the rate.
    public func hertz(xy performance: LIS3MDLPerformance) -> Double {
        self == .fast ? performance.fastDataRateHz : 0.625 * Double(1 << Int(code))
    }

    /// The board-file spellings: `0.625` … `80` and `fast`.
    static let spellings: [(String, LIS3MDLDataRate)] = [
        ("0.625", .hz0_625), ("1.25", .hz1_25), ("2.5", .hz2_5), ("5", .hz5), ("10", .hz10), ("20", .hz20),
        ("40", .hz40), ("80", .hz80), ("fast", .fast),
    ]
}

/// The full scale (CTRL_REG2.FS, §7.3) and its sensitivity (table 3).
public enum LIS3MDLFullScale: UInt8, Sendable, Hashable, CaseIterable {
    /// ±4 gauss, 6842 LSB/gauss (the reset value).
    case gauss4 = 0
    /// ±8 gauss, 3421 LSB/gauss.
    case gauss8 = 1
    /// ±12 gauss, 2281 LSB/gauss.
    case gauss12 = 2
    /// ±16 gauss, 1711 LSB/gauss.
    case gauss16 = 3

    /// The full scale in gauss.
    public var gauss: Double { Double(4 * (Int(rawValue) + 1)) }

    /// The sensitivity in LSB/gauss (table 3, GN).
    public var sensitivityLSBPerGauss: Double {
        switch self {
        case .gauss4: 6842
        case .gauss8: 3421
        case .gauss12: 2281
        case .gauss16: 1711
        }
    }

    /// One LSB in microtesla: 100 µT per gauss over the sensitivity.
    public var microteslaPerLSB: Double { LIS3MDLConversion.microteslaPerGauss / sensitivityLSBPerGauss }
}

/// Continuous or single conversion (CTRL_REG3.MD, §7.4).
public enum LIS3MDLConversionMode: String, Sendable, Hashable, CaseIterable {
    /// Conversions at the output data rate.
    case continuous
    /// One conversion per trigger (MD = 01), then power-down; 0.625…80 Hz rates only.
    case single
}

/// How a LIS3MDL measures. The defaults: 10 Hz (the reset rate), ±4 gauss, ultra-high performance
/// on all axes, temperature sensor on, continuous conversion, stuck after 20 identical readings.
/// The driver always sets BDU so that a sample's low and high bytes belong together.
public struct LIS3MDLSettings: Sendable, Hashable {
    /// The output data rate. Default: 10 Hz.
    public var dataRate: LIS3MDLDataRate = .hz10
    /// The full scale. Default: ±4 gauss.
    public var fullScale: LIS3MDLFullScale = .gauss4
    /// The X and Y operating mode. Default: ultra-high performance.
    public var xyPerformance: LIS3MDLPerformance = .ultraHigh
    /// The Z operating mode. Default: ultra-high performance.
    public var zPerformance: LIS3MDLPerformance = .ultraHigh
    /// Whether the temperature sensor runs (CTRL_REG1.TEMP_EN). Default: on.
    public var temperatureEnabled = true
    /// Continuous or single conversion. Default: continuous.
    public var conversion: LIS3MDLConversionMode = .continuous
    /// Identical raw readings in a row that count as a stuck chip; 0 disables. Default: 20 (the
    /// noise of 3.2 mgauss RMS is about 20 LSB at ±4 gauss, so repeats of all three axes are rare).
    public var stuckAfter = 20

    /// The default settings.
    public static let `default` = LIS3MDLSettings()

    /// Creates settings; every parameter defaults as documented on the properties.
    /// - Parameters:
    ///   - dataRate: the output data rate.
    ///   - fullScale: the full scale.
    ///   - xyPerformance: the X and Y operating mode.
    ///   - zPerformance: the Z operating mode.
    ///   - temperatureEnabled: whether the temperature sensor runs.
    ///   - conversion: continuous or single conversion.
    ///   - stuckAfter: identical readings that count as stuck, 0 to disable.
    public init(
        dataRate: LIS3MDLDataRate = .hz10, fullScale: LIS3MDLFullScale = .gauss4,
        xyPerformance: LIS3MDLPerformance = .ultraHigh, zPerformance: LIS3MDLPerformance = .ultraHigh,
        temperatureEnabled: Bool = true, conversion: LIS3MDLConversionMode = .continuous, stuckAfter: Int = 20
    ) {
        self.dataRate = dataRate
        self.fullScale = fullScale
        self.xyPerformance = xyPerformance
        self.zPerformance = zPerformance
        self.temperatureEnabled = temperatureEnabled
        self.conversion = conversion
        self.stuckAfter = stuckAfter
    }

    /// The output data rate in hertz.
    public var dataRateHz: Double { dataRate.hertz(xy: xyPerformance) }

    /// The time of one single conversion: the slower axis mode's ``LIS3MDLPerformance/conversionTime``.
    public var conversionTime: Duration { max(xyPerformance.conversionTime, zPerformance.conversionTime) }

    // MARK: - Register encodings

    /// CTRL_REG1…CTRL_REG5, as written from CTRL_REG1 on. CTRL_REG3 holds MD = 00 (continuous) or
    /// 11 (power-down until a single conversion is triggered).
    public var controlBytes: [UInt8] {
        let fast: UInt8 = dataRate == .fast ? 0x02 : 0x00
        return [
            (temperatureEnabled ? 0x80 : 0x00) | xyPerformance.rawValue << 5 | dataRate.code << 2 | fast,
            fullScale.rawValue << 5,
            conversion == .continuous ? 0x00 : 0x03,
            zPerformance.rawValue << 2,
            LIS3MDLRegister.blockDataUpdate,
        ]
    }
}
