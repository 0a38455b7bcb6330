// SensorGate — Drivers: MS5611 measurement settings.

/// How the MS5611 measures. The chip keeps no settings: the oversampling ratio travels in every convert
/// command. The defaults are the datasheet's headline configuration, OSR 4096 for both conversions
/// (0.012 mbar, "10 cm" resolution; 2 × 9.04 ms per reading at most).
public struct MS5611Settings: Sendable, Hashable {
    /// The oversampling ratio of the D1 (pressure) conversion. Default: OSR 4096.
    public var pressureOversampling: MS5611Oversampling = .osr4096
    /// The oversampling ratio of the D2 (temperature) conversion. Default: OSR 4096.
    public var temperatureOversampling: MS5611Oversampling = .osr4096
    /// Identical D1 and D2 codes in this many readings in a row count as a stuck chip; 0 disables the
    /// check. Default: 10. At OSR 4096 the pressure noise (1.2 Pa RMS) spans about 60 D1 codes, at OSR
    /// 256 several hundred, so a real chip repeats both codes ten times in a row practically never.
    public var stuckAfter: Int = 10

    /// The datasheet's highest-resolution settings (the defaults above).
    public static let `default` = MS5611Settings()

    /// Creates settings; every parameter defaults to the value above.
    /// - Parameters:
    ///   - pressureOversampling: the D1 ratio.
    ///   - temperatureOversampling: the D2 ratio.
    ///   - stuckAfter: identical readings in a row that count as stuck; 0 disables.
    public init(
        pressureOversampling: MS5611Oversampling = .osr4096, temperatureOversampling: MS5611Oversampling = .osr4096,
        stuckAfter: Int = 10
    ) {
        self.pressureOversampling = pressureOversampling
        self.temperatureOversampling = temperatureOversampling
        self.stuckAfter = stuckAfter
    }

    /// The convert-D1 command: 0x40 + 2·(ratio index), 0x48 at OSR 4096.
    public var convertPressureCommand: UInt8 { MS5611Command.convertD1 + pressureOversampling.commandOffset }

    /// The convert-D2 command: 0x50 + 2·(ratio index), 0x58 at OSR 4096.
    public var convertTemperatureCommand: UInt8 { MS5611Command.convertD2 + temperatureOversampling.commandOffset }
}
