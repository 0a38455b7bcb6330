// SensorGate — Drivers: BMP280/BME280 measurement settings and their register encodings.

/// Oversampling of one channel: the osrs_t, osrs_p and osrs_h codes (BMP280 §3.3, BME280 §3.4–3.5).
public enum BMP280Oversampling: UInt8, Sendable, Hashable, CaseIterable {
    /// The channel is not measured; its data registers keep 0x80000 (0x8000 for humidity).
    case skipped = 0
    /// One sample: 16-bit pressure and temperature.
    case x1 = 1
    /// Two samples: 17 bits.
    case x2 = 2
    /// Four samples: 18 bits.
    case x4 = 3
    /// Eight samples: 19 bits.
    case x8 = 4
    /// Sixteen samples: 20 bits.
    case x16 = 5

    /// The number of samples averaged (0 when skipped).
    public var sampleCount: Int { self == .skipped ? 0 : 1 << Int(rawValue - 1) }

    /// The resolution of a 20-bit pressure or temperature code without the IIR filter: 16 bits at x1,
    /// one more per doubling (BMP280 §3.3.1 table 4, §3.3.2 table 5); 0 when skipped.
    public var resolutionBits: Int { self == .skipped ? 0 : 15 + Int(rawValue) }

    /// Decodes a 3-bit field; codes 6 and 7 mean x16 as 5 does.
    /// - Parameter code: the field value.
    /// - Returns: the oversampling.
    public static func decode(_ code: UInt8) -> BMP280Oversampling {
        BMP280Oversampling(rawValue: min(code & 7, 5)) ?? .x16
    }
}

/// The IIR filter coefficient: config.filter (BMP280 §3.3.3 table 6, BME280 §3.4.4).
public enum BMP280Filter: UInt8, Sendable, Hashable, CaseIterable {
    /// No filtering.
    case off = 0
    /// Coefficient 2.
    case x2 = 1
    /// Coefficient 4.
    case x4 = 2
    /// Coefficient 8.
    case x8 = 3
    /// Coefficient 16.
    case x16 = 4

    /// The coefficient c: 1 (off), 2, 4, 8 or 16.
    public var coefficient: Int { self == .off ? 1 : 1 << Int(rawValue) }
}

/// The power mode: ctrl_meas.mode (BMP280 §3.6, BME280 §3.3).
public enum BMP280Mode: UInt8, Sendable, Hashable, CaseIterable {
    /// No measurements; the lowest power. The mode after reset.
    case sleep = 0b00
    /// One measurement, then back to sleep (code 0b10 means the same).
    case forced = 0b01
    /// Measurements repeat every measurement time plus standby time.
    case normal = 0b11

    /// Decodes the 2-bit field.
    /// - Parameter code: the field value.
    /// - Returns: the mode.
    public static func decode(_ code: UInt8) -> BMP280Mode {
        switch code & 0b11 {
        case 0b00: .sleep
        case 0b11: .normal
        default: .forced
        }
    }
}

/// How the chip measures. The defaults are Bosch's "indoor navigation" recommendation (BMP280 §3.8.2
/// table 15, BME280 §3.5.3): normal mode, osrs_p x16, osrs_t x2, osrs_h x1, IIR filter 16, standby 0.5 ms.
public struct BMP280Settings: Sendable, Hashable {
    /// Pressure oversampling. Default: x16.
    public var pressureOversampling: BMP280Oversampling = .x16
    /// Temperature oversampling. Default: x2. Skipping it leaves pressure and humidity uncompensable.
    public var temperatureOversampling: BMP280Oversampling = .x2
    /// Humidity oversampling (BME280 only; ignored on the BMP280). Default: x1.
    public var humidityOversampling: BMP280Oversampling = .x1
    /// IIR filter. Default: coefficient 16.
    public var filter: BMP280Filter = .x16
    /// Standby time between normal-mode measurements in milliseconds; one of the variant's
    /// ``BMP280Variant/standbyTableMilliseconds``. Default: 0.5 ms.
    public var standbyMilliseconds: Double = 0.5
    /// Power mode. Default: normal.
    public var mode: BMP280Mode = .normal

    /// Bosch's indoor-navigation settings (the defaults above).
    public static let `default` = BMP280Settings()

    /// Bosch's "weather monitoring" settings: forced mode, x1 on every channel, filter off.
    public static let weatherMonitoring = BMP280Settings(
        pressureOversampling: .x1, temperatureOversampling: .x1, humidityOversampling: .x1, filter: .off,
        standbyMilliseconds: 0.5, mode: .forced)

    /// Creates settings; every parameter defaults to the indoor-navigation value.
    /// - Parameters:
    ///   - pressureOversampling: osrs_p.
    ///   - temperatureOversampling: osrs_t.
    ///   - humidityOversampling: osrs_h (BME280).
    ///   - filter: the IIR filter.
    ///   - standbyMilliseconds: t_sb in milliseconds.
    ///   - mode: the power mode.
    public init(
        pressureOversampling: BMP280Oversampling = .x16, temperatureOversampling: BMP280Oversampling = .x2,
        humidityOversampling: BMP280Oversampling = .x1, filter: BMP280Filter = .x16, standbyMilliseconds: Double = 0.5,
        mode: BMP280Mode = .normal
    ) {
        self.pressureOversampling = pressureOversampling
        self.temperatureOversampling = temperatureOversampling
        self.humidityOversampling = humidityOversampling
        self.filter = filter
        self.standbyMilliseconds = standbyMilliseconds
        self.mode = mode
    }

    // MARK: - Register encodings

    /// ctrl_meas: osrs_t << 5 | osrs_p << 2 | mode.
    public var controlMeasurementByte: UInt8 {
        temperatureOversampling.rawValue << 5 | pressureOversampling.rawValue << 2 | mode.rawValue
    }

    /// ctrl_hum: osrs_h in bits 2:0.
    public var controlHumidityByte: UInt8 { humidityOversampling.rawValue }

    /// config: t_sb << 5 | filter << 2 (spi3w_en stays 0: 4-wire SPI or I2C).
    /// - Parameter variant: the chip, whose standby table gives the t_sb code.
    /// - Returns: the byte, or nil when ``standbyMilliseconds`` is not in the chip's table.
    public func configByte(for variant: BMP280Variant) -> UInt8? {
        guard let code = variant.standbyTableMilliseconds.firstIndex(of: standbyMilliseconds) else { return nil }
        return UInt8(code) << 5 | filter.rawValue << 2
    }

    // MARK: - Timing

    /// The maximum measurement time (BME280 §9.1, BMP280 table 13):
    /// 1.25 + 2.3·osrs_t + (2.3·osrs_p + 0.575) + (2.3·osrs_h + 0.575) ms, a term dropped when skipped.
    /// - Parameter variant: the chip; the humidity term counts on the BME280 only.
    /// - Returns: the time a driver waits for a forced conversion.
    public func maximumMeasurementTime(for variant: BMP280Variant) -> Duration {
        measurementTime(for: variant, base: 1.25, perSample: 2.3, setup: 0.575)
    }

    /// The typical measurement time: 1 + 2·osrs_t + (2·osrs_p + 0.5) + (2·osrs_h + 0.5) ms.
    /// - Parameter variant: the chip.
    /// - Returns: the time a conversion typically takes (what the model uses).
    public func typicalMeasurementTime(for variant: BMP280Variant) -> Duration {
        measurementTime(for: variant, base: 1, perSample: 2, setup: 0.5)
    }

    private func measurementTime(for variant: BMP280Variant, base: Double, perSample: Double, setup: Double)
        -> Duration
    {
        var milliseconds = base + perSample * Double(temperatureOversampling.sampleCount)
        let pressure = pressureOversampling.sampleCount
        if pressure > 0 { milliseconds += perSample * Double(pressure) + setup }
        let humidity = variant.hasHumidity ? humidityOversampling.sampleCount : 0
        if humidity > 0 { milliseconds += perSample * Double(humidity) + setup }
        return .nanoseconds(Int64((milliseconds * 1_000_000).rounded()))
    }
}
