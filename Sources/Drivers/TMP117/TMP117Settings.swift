// SensorGate — Drivers: TMP117 settings, their Configuration encoding and the conversion timing.

/// The conversion mode the driver runs the chip in (Configuration MOD[1:0], datasheet §7.4).
public enum TMP117Mode: UInt16, Sendable, Hashable, CaseIterable {
    /// Continuous conversion: an active conversion, then standby, every conversion cycle (MOD 00).
    case continuous = 0b00
    /// One conversion (with its averaging) per read, then shutdown (MOD 11).
    case oneShot = 0b11
}

/// How many conversions are averaged into one result (Configuration AVG[1:0], datasheet §7.3.2).
public enum TMP117Averaging: UInt16, Sendable, Hashable, CaseIterable {
    /// One conversion (AVG 00).
    case none = 0b00
    /// Eight conversions (AVG 01): the factory setting.
    case x8 = 0b01
    /// 32 conversions (AVG 10).
    case x32 = 0b10
    /// 64 conversions (AVG 11).
    case x64 = 0b11

    /// The number of conversions averaged.
    public var count: Int { [1, 8, 32, 64][Int(rawValue)] }

    /// The active conversion time: 15.5 ms per conversion, typical (datasheet §7.3.2).
    public var activeConversionTime: Duration { .microseconds(15_500 * Int64(count)) }
}

/// The conversion cycle code (Configuration CONV[2:0]), named by its cycle without averaging.
public enum TMP117ConversionCycle: UInt16, Sendable, Hashable, CaseIterable {
    /// CONV 000: 15.5 ms.
    case ms15_5 = 0
    /// CONV 001: 125 ms.
    case ms125 = 1
    /// CONV 010: 250 ms.
    case ms250 = 2
    /// CONV 011: 500 ms.
    case ms500 = 3
    /// CONV 100: 1 s (the factory setting).
    case s1 = 4
    /// CONV 101: 4 s.
    case s4 = 5
    /// CONV 110: 8 s.
    case s8 = 6
    /// CONV 111: 16 s.
    case s16 = 7

    /// The cycle without averaging in milliseconds, the name the board file uses.
    public var milliseconds: Double { [15.5, 125, 250, 500, 1000, 4000, 8000, 16000][Int(rawValue)] }

    /// The conversion cycle time in continuous mode (datasheet §7.4.1, the conversion cycle time table):
    /// the code's cycle, but never shorter than the averaging needs: with 8 averages codes 0 and 1 give
    /// 125 ms; with 32 codes 0–3 give 500 ms; with 64 codes 0–4 give 1 s.
    /// - Parameter averaging: the averaging.
    /// - Returns: the time from one conversion start to the next.
    public func cycleTime(with averaging: TMP117Averaging) -> Duration {
        let floor: Double = [15.5, 125, 500, 1000][Int(averaging.rawValue)]
        return .microseconds(Int64(max(milliseconds, floor) * 1000))
    }
}

/// How the TMP117 measures. The defaults are the factory EEPROM's (Configuration 0x0220): continuous
/// conversion, 8 averages, 1 s cycle; plus the ALERT pin as data-ready, active low.
public struct TMP117Settings: Sendable, Hashable {
    /// Conversion mode. Default: continuous.
    public var mode: TMP117Mode = .continuous
    /// Averaging. Default: 8 conversions (repeatability about ±1 LSB instead of ±3, datasheet §7.3.2).
    public var averaging: TMP117Averaging = .x8
    /// Conversion cycle in continuous mode (one-shot conversions take the averaging time only).
    /// Default: 1 s.
    public var conversionCycle: TMP117ConversionCycle = .s1
    /// The system offset written to Temp_Offset in °C, added by the chip to every result; rounded to
    /// 7.8125 m°C. Default: 0.
    public var offsetC: Double = 0
    /// Whether the ALERT pin shows Data_Ready (DR/Alert = 1) rather than the alert flags. Default: true.
    public var dataReadyPin: Bool = true
    /// Whether the ALERT pin is active high (POL = 1). Default: false (active low, open drain).
    public var alertActiveHigh: Bool = false
    /// Identical results of this many new conversions in a row count as a stuck chip; 0 disables.
    /// Default: 100. The result noise is about 1 LSB RMS without averaging and 1/√N LSB with N averages
    /// (±3 and ±1 LSB repeatability, datasheet §7.3.2); with 64 averages a steady temperature repeats a
    /// code with a probability of about 0.9, so 100 in a row is rare (3·10⁻⁵) on a working chip.
    public var stuckAfter: Int = 100

    /// The factory configuration with the ALERT pin as data-ready (the defaults above).
    public static let `default` = TMP117Settings()

    /// Creates settings; every parameter defaults to the value above.
    /// - Parameters:
    ///   - mode: the conversion mode.
    ///   - averaging: the averaging.
    ///   - conversionCycle: the continuous-mode cycle.
    ///   - offsetC: the Temp_Offset in °C.
    ///   - dataReadyPin: whether ALERT shows Data_Ready.
    ///   - alertActiveHigh: the ALERT polarity.
    ///   - stuckAfter: identical new results in a row that count as stuck; 0 disables.
    public init(
        mode: TMP117Mode = .continuous, averaging: TMP117Averaging = .x8, conversionCycle: TMP117ConversionCycle = .s1,
        offsetC: Double = 0, dataReadyPin: Bool = true, alertActiveHigh: Bool = false, stuckAfter: Int = 100
    ) {
        self.mode = mode
        self.averaging = averaging
        self.conversionCycle = conversionCycle
        self.offsetC = offsetC
        self.dataReadyPin = dataReadyPin
        self.alertActiveHigh = alertActiveHigh
        self.stuckAfter = stuckAfter
    }

    // MARK: - Register encodings

    /// The Configuration word with the given MOD field (CONV, AVG, POL, DR/Alert from the settings;
    /// alert mode, T/nA = 0).
    /// - Parameter mode: MOD[1:0].
    /// - Returns: the word.
    public func configurationWord(mode: UInt16) -> UInt16 {
        (mode & 0b11) << 10 | conversionCycle.rawValue << 7 | averaging.rawValue << 5
            | (alertActiveHigh ? TMP117Configuration.polarityHigh : 0)
            | (dataReadyPin ? TMP117Configuration.dataReadyPin : 0)
    }

    /// The Configuration word ``TMP117/start(_:)`` writes: continuous mode, or shutdown (MOD 01)
    /// waiting for one-shot triggers.
    public var startConfiguration: UInt16 { configurationWord(mode: mode == .continuous ? 0b00 : 0b01) }

    /// The Temp_Offset code, or nil when the offset is outside the register's range.
    public var offsetCode: UInt16? { TMP117Temperature.code(offsetC) }

    // MARK: - Timing

    /// The time one result takes: the continuous-mode cycle, or the active conversion time in one-shot
    /// mode.
    public var resultInterval: Duration {
        mode == .continuous ? conversionCycle.cycleTime(with: averaging) : averaging.activeConversionTime
    }
}
