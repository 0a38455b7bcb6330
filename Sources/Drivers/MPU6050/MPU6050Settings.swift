// SensorGate — Drivers: MPU-6050 low-pass filter, sample rate, full scales and FIFO settings.

/// The digital low-pass filter: DLPF_CFG of CONFIG (register 26), named by the accelerometer bandwidth.
/// It also sets the gyroscope output rate the sample rate divides: 8 kHz with the filter off (0), 1 kHz
/// otherwise. DLPF_CFG 7 (reserved) is not offered.
public enum MPU6050LowPass: UInt8, Sendable, Hashable, CaseIterable {
    /// Accelerometer 260 Hz, gyroscope 256 Hz, gyroscope output rate 8 kHz.
    case hz260 = 0
    /// Accelerometer 184 Hz, gyroscope 188 Hz.
    case hz184 = 1
    /// Accelerometer 94 Hz, gyroscope 98 Hz.
    case hz94 = 2
    /// Accelerometer 44 Hz, gyroscope 42 Hz.
    case hz44 = 3
    /// Accelerometer 21 Hz, gyroscope 20 Hz.
    case hz21 = 4
    /// Accelerometer and gyroscope 10 Hz.
    case hz10 = 5
    /// Accelerometer and gyroscope 5 Hz.
    case hz5 = 6

    /// The accelerometer bandwidth in Hz (register 26 table).
    public var accelBandwidthHz: Double {
        [260, 184, 94, 44, 21, 10, 5][Int(rawValue)]
    }

    /// The gyroscope bandwidth in Hz (register 26 table).
    public var gyroBandwidthHz: Double {
        [256, 188, 98, 42, 20, 10, 5][Int(rawValue)]
    }

    /// The gyroscope output rate in Hz: 8000 with DLPF_CFG 0 (or 7), else 1000 (register 25).
    public var gyroOutputRateHz: Double { rawValue == 0 ? 8000 : 1000 }

    /// Decodes DLPF_CFG; 7 behaves as 0 for the output rate (the filter is off).
    /// - Parameter code: the 3-bit field.
    /// - Returns: the filter.
    public static func decode(_ code: UInt8) -> MPU6050LowPass { MPU6050LowPass(rawValue: code & 0x07) ?? .hz260 }
}

/// The gyroscope full scale: FS_SEL of GYRO_CONFIG (register 27).
public enum MPU6050GyroRange: UInt8, Sendable, Hashable, CaseIterable {
    /// ±250 °/s.
    case dps250 = 0
    /// ±500 °/s.
    case dps500 = 1
    /// ±1000 °/s.
    case dps1000 = 2
    /// ±2000 °/s.
    case dps2000 = 3

    /// The full scale in °/s.
    public var fullScaleDps: Double { [250, 500, 1000, 2000][Int(rawValue)] }

    /// The sensitivity scale factor in LSB/(°/s) (product specification §6.1): 131, 65.5, 32.8, 16.4.
    public var lsbPerDps: Double { [131, 65.5, 32.8, 16.4][Int(rawValue)] }
}

/// The accelerometer full scale: AFS_SEL of ACCEL_CONFIG (register 28).
public enum MPU6050AccelRange: UInt8, Sendable, Hashable, CaseIterable {
    /// ±2 g.
    case g2 = 0
    /// ±4 g.
    case g4 = 1
    /// ±8 g.
    case g8 = 2
    /// ±16 g.
    case g16 = 3

    /// The full scale in g.
    public var fullScaleG: Double { [2, 4, 8, 16][Int(rawValue)] }

    /// The sensitivity scale factor in LSB/g (product specification §6.2): 16384, 8192, 4096, 2048.
    public var lsbPerG: Double { [16384, 8192, 4096, 2048][Int(rawValue)] }
}

/// How the MPU-6050 measures. The clock is the PLL with the X gyroscope (CLKSEL 1); INT is latched and
/// cleared by reading INT_STATUS, and carries data-ready (and FIFO overflow when the FIFO is on).
/// Defaults: DLPF 44 Hz, divider 9 (100 Hz), ±500 °/s, ±4 g, FIFO off, stuck after 50 identical samples.
public struct MPU6050Settings: Sendable, Hashable {
    /// The digital low-pass filter. Default: 44 Hz (DLPF_CFG 3).
    public var lowPass: MPU6050LowPass = .hz44
    /// SMPLRT_DIV, 0–255. Default: 9 (100 Hz with the filter on).
    public var sampleRateDivider = 9
    /// Gyroscope full scale. Default: ±500 °/s.
    public var gyroRange: MPU6050GyroRange = .dps500
    /// Accelerometer full scale. Default: ±4 g.
    public var accelRange: MPU6050AccelRange = .g4
    /// Whether the FIFO collects accelerometer, temperature and gyroscope frames. Default: off.
    public var fifo = false
    /// How many identical fresh samples in a row count as stuck; 0 disables the check. The chip's noise
    /// (about 20 LSB RMS on the accelerometer at ±4 g and 44 Hz) moves every code, so 50 repeats cannot
    /// happen on working silicon; a noiseless simulation with a constant world should set 0. Default: 50.
    public var stuckLimit = 50

    /// The defaults above.
    public static let `default` = MPU6050Settings()

    /// Creates settings; every parameter defaults as documented on the type.
    /// - Parameters:
    ///   - lowPass: the digital low-pass filter.
    ///   - sampleRateDivider: SMPLRT_DIV.
    ///   - gyroRange: the gyroscope full scale.
    ///   - accelRange: the accelerometer full scale.
    ///   - fifo: whether the FIFO is on.
    ///   - stuckLimit: identical samples that count as stuck (0: off).
    public init(
        lowPass: MPU6050LowPass = .hz44, sampleRateDivider: Int = 9, gyroRange: MPU6050GyroRange = .dps500,
        accelRange: MPU6050AccelRange = .g4, fifo: Bool = false, stuckLimit: Int = 50
    ) {
        self.lowPass = lowPass
        self.sampleRateDivider = sampleRateDivider
        self.gyroRange = gyroRange
        self.accelRange = accelRange
        self.fifo = fifo
        self.stuckLimit = stuckLimit
    }

    // MARK: - Register encodings

    /// SMPLRT_DIV, CONFIG, GYRO_CONFIG, ACCEL_CONFIG (registers 25–28), written in one burst.
    public var rateAndRangeBytes: [UInt8] {
        [UInt8(clamping: sampleRateDivider), lowPass.rawValue, gyroRange.rawValue << 3, accelRange.rawValue << 3]
    }

    /// INT_ENABLE: DATA_RDY_EN, and FIFO_OFLOW_EN with the FIFO on.
    public var intEnableByte: UInt8 { MPU6050Register.dataReady | (fifo ? MPU6050Register.fifoOverflow : 0) }

    /// The sample rate in Hz: gyroscope output rate / (1 + SMPLRT_DIV) (register 25).
    public var sampleRateHz: Double { lowPass.gyroOutputRateHz / Double(1 + sampleRateDivider) }

    /// One sample period, (1 + SMPLRT_DIV) / gyroscope output rate.
    public var period: Duration { .nanoseconds(Int64(1 + sampleRateDivider) * Int64(1e9 / lowPass.gyroOutputRateHz)) }
}
