// SensorGate — Drivers: the MS5611's five commands and its oversampling ratios.

/// The command bytes of the MS5611 (MS5611-01BA03 datasheet, "Commands" table). The chip has no
/// registers: every transaction starts with one of these bytes, over I2C and over SPI alike.
public enum MS5611Command {
    /// Reset: reloads the calibration PROM into the internal register; takes ``MS5611/resetTime``.
    public static let reset: UInt8 = 0x1E
    /// Convert D1 (pressure) at OSR 256; add ``MS5611Oversampling/commandOffset`` for higher ratios.
    public static let convertD1: UInt8 = 0x40
    /// Convert D2 (temperature) at OSR 256; add ``MS5611Oversampling/commandOffset`` for higher ratios.
    public static let convertD2: UInt8 = 0x50
    /// ADC read: clocks out the last conversion result, 24 bits MSB first (0 while converting, or when
    /// the result was already read).
    public static let adcRead: UInt8 = 0x00
    /// PROM read of word 0; word n is at `promRead + 2·n`, n 0…7, answered as 16 bits MSB first.
    public static let promRead: UInt8 = 0xA0
}

/// The oversampling ratio of one conversion: more samples, less noise, longer conversion.
public enum MS5611Oversampling: Int, Sendable, Hashable, CaseIterable {
    /// OSR 256.
    case osr256 = 256
    /// OSR 512.
    case osr512 = 512
    /// OSR 1024.
    case osr1024 = 1024
    /// OSR 2048.
    case osr2048 = 2048
    /// OSR 4096.
    case osr4096 = 4096

    /// The ratio's position, 0 (OSR 256) … 4 (OSR 4096).
    public var index: Int {
        switch self {
        case .osr256: 0
        case .osr512: 1
        case .osr1024: 2
        case .osr2048: 3
        case .osr4096: 4
        }
    }

    /// What the ratio adds to a convert command: 0x00, 0x02, 0x04, 0x06, 0x08.
    public var commandOffset: UInt8 { UInt8(index * 2) }

    /// The ratio a convert command asks for, or nil for bytes outside 0x40…0x48 / 0x50…0x58 or odd.
    /// - Parameter command: the command byte.
    /// - Returns: the ratio.
    public static func decode(_ command: UInt8) -> MS5611Oversampling? {
        let offset = command & 0x0F
        guard offset & 1 == 0, offset <= 8 else { return nil }
        return allCases[Int(offset / 2)]
    }

    /// The maximum conversion time (datasheet, "ADC conversion time" in the electrical
    /// characteristics): 0.60, 1.17, 2.28, 4.54, 9.04 ms. What the driver waits.
    public var maximumConversionTime: Duration {
        .microseconds([600, 1170, 2280, 4540, 9040][index])
    }

    /// The typical conversion time (same table): 0.54, 1.06, 2.08, 4.13, 8.22 ms. What the model takes.
    public var typicalConversionTime: Duration {
        .microseconds([540, 1060, 2080, 4130, 8220][index])
    }

    /// The RMS pressure resolution (datasheet, "Sensor performances"): 0.065, 0.042, 0.027, 0.018,
    /// 0.012 mbar, in Pa.
    public var pressureNoisePa: Double { [6.5, 4.2, 2.7, 1.8, 1.2][index] }

    /// The RMS temperature resolution (datasheet, "Temperature" in the electrical characteristics):
    /// 0.012, 0.008, 0.005, 0.003, 0.002 °C.
    public var temperatureNoiseC: Double { [0.012, 0.008, 0.005, 0.003, 0.002][index] }
}
