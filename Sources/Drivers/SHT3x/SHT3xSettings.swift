// SensorGate — Drivers: SHT3x measurement settings: repeatability, mode, periodic rate, heater.

/// The repeatability of a measurement (SHT3x-DIS §2.2, table 4; §4.3): higher repeatability averages
/// longer and takes longer.
public enum SHT3xRepeatability: String, Sendable, Hashable, CaseIterable {
    /// High repeatability: 0.04 °C and 0.08 %RH (3σ), up to 15.5 ms.
    case high
    /// Medium repeatability: 0.08 °C and 0.15 %RH (3σ), up to 6.5 ms.
    case medium
    /// Low repeatability: 0.15 °C and 0.21 %RH (3σ), up to 4.5 ms.
    case low

    /// The maximum measurement duration (table 4, t_MEAS max including the wake-up): 15.5 ms high,
    /// 6.5 ms medium, 4.5 ms low. What a driver waits before reading without clock stretching.
    public var maximumMeasurementTime: Duration {
        switch self {
        case .high: .microseconds(15_500)
        case .medium: .microseconds(6_500)
        case .low: .microseconds(4_500)
        }
    }

    /// The typical measurement duration (table 4): 12.5 ms high, 4.5 ms medium, 2.5 ms low. What the
    /// model takes.
    public var typicalMeasurementTime: Duration {
        switch self {
        case .high: .microseconds(12_500)
        case .medium: .microseconds(4_500)
        case .low: .microseconds(2_500)
        }
    }

    /// The temperature repeatability, three standard deviations, in °C (§1, table 2).
    public var temperatureRepeatabilityC: Double {
        switch self {
        case .high: 0.04
        case .medium: 0.08
        case .low: 0.15
        }
    }

    /// The humidity repeatability, three standard deviations, in %RH (§1, table 1).
    public var humidityRepeatabilityRH: Double {
        switch self {
        case .high: 0.08
        case .medium: 0.15
        case .low: 0.21
        }
    }
}

/// Measurements per second in periodic mode (§4.5, table 10).
public enum SHT3xPeriodicRate: Sendable, Hashable, CaseIterable {
    /// 0.5 measurements per second.
    case mps0_5
    /// 1 measurement per second.
    case mps1
    /// 2 measurements per second.
    case mps2
    /// 4 measurements per second.
    case mps4
    /// 10 measurements per second (the datasheet warns of self-heating).
    case mps10

    /// Measurements per second.
    public var measurementsPerSecond: Double {
        switch self {
        case .mps0_5: 0.5
        case .mps1: 1
        case .mps2: 2
        case .mps4: 4
        case .mps10: 10
        }
    }

    /// The time between measurements.
    public var period: Duration { .nanoseconds(Int64((1e9 / measurementsPerSecond).rounded())) }

    /// The command's first byte: 0x20, 0x21, 0x22, 0x23, 0x27.
    var commandMSB: UInt8 {
        switch self {
        case .mps0_5: 0x20
        case .mps1: 0x21
        case .mps2: 0x22
        case .mps4: 0x23
        case .mps10: 0x27
        }
    }
}

/// How the driver measures (§4.3–4.6).
public enum SHT3xMode: String, Sendable, Hashable, CaseIterable {
    /// Single shot without clock stretching: the driver sends the command, waits the maximum
    /// measurement time, then reads; a read header before the end is not acknowledged.
    case singleShot = "single-shot"
    /// Single shot with clock stretching: the driver reads right after the command and the chip
    /// holds SCL low until the result is ready (the adapter must allow 15.5 ms of stretching).
    case singleShotStretch = "single-shot-stretch"
    /// Periodic acquisition at ``SHT3xSettings/rate``; the driver fetches the latest result.
    case periodic
}

/// How an SHT3x measures. The defaults: high repeatability, single shot without clock stretching
/// (every adapter can do it), heater off, stuck after 20 identical readings.
public struct SHT3xSettings: Sendable, Hashable {
    /// The repeatability. Default: high.
    public var repeatability: SHT3xRepeatability = .high
    /// The measurement mode. Default: single shot without clock stretching.
    public var mode: SHT3xMode = .singleShot
    /// The rate in periodic mode (ignored otherwise). Default: 1 measurement per second.
    public var rate: SHT3xPeriodicRate = .mps1
    /// Whether the heater is on (§4.10: for plausibility checks only). Default: off.
    public var heater = false
    /// Identical raw readings in a row that count as a stuck chip; 0 disables the check. Default: 20
    /// (with 0.04 °C repeatability both codes repeat twice in a row rarely, twenty times never).
    public var stuckAfter = 20

    /// The default settings.
    public static let `default` = SHT3xSettings()

    /// Creates settings; every parameter defaults as documented on the properties.
    /// - Parameters:
    ///   - repeatability: the repeatability.
    ///   - mode: the measurement mode.
    ///   - rate: the periodic rate.
    ///   - heater: whether the heater is on.
    ///   - stuckAfter: identical readings that count as stuck, 0 to disable.
    public init(
        repeatability: SHT3xRepeatability = .high, mode: SHT3xMode = .singleShot, rate: SHT3xPeriodicRate = .mps1,
        heater: Bool = false, stuckAfter: Int = 20
    ) {
        self.repeatability = repeatability
        self.mode = mode
        self.rate = rate
        self.heater = heater
        self.stuckAfter = stuckAfter
    }

    /// The command that starts a measurement (single shot) or the acquisition (periodic).
    public var measurementCommand: SHT3xCommand {
        switch mode {
        case .singleShot: .singleShot(repeatability, clockStretching: false)
        case .singleShotStretch: .singleShot(repeatability, clockStretching: true)
        case .periodic: .periodic(rate, repeatability)
        }
    }
}
