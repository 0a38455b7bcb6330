// SensorGate — Drivers: the SHT3x as the registry, the runtime and board files see it.

import HAL

extension SHT3x: SensorDriver {
    /// The part name: `SHT3x`.
    public var part: String { "SHT3x" }

    /// In periodic mode the measurement rate; nil in single-shot modes (the chip measures on demand).
    public var outputDataRateHz: Double? {
        settings.mode == .periodic ? settings.rate.measurementsPerSecond : nil
    }

    /// Starts the chip with the settings it was made with.
    public func bringUp() throws(DriverError) { try start(settings) }

    /// The registry entry: I2C only. Settings keys `mode` (single-shot, single-shot-stretch,
    /// periodic; default single-shot), `repeatability` (high, medium, low; default high), `rate`
    /// (0.5, 1, 2, 4, 10 measurements per second in periodic mode; default 1), `heater` (default
    /// off), `stuck-after` (identical readings, 0 disables; default 20). Trim keys `offset-t` (°C)
    /// and `offset-rh` (%RH): the part's accuracy error.
    /// - Returns: the entry.
    static func registryEntry() -> ChipEntry {
        ChipEntry(
            compatible: "sensirion,sht3x", part: "SHT3x", interfaces: [.i2c],
            settingKeys: ["mode", "repeatability", "rate", "heater", "stuck-after"],
            trimKeys: ["offset-t", "offset-rh"],
            makeDriver: { attachment, clock, options throws(ChipOptionError) in
                let settings = try SHT3xSettings(options: options)
                guard case .i2c(let bus, let address) = attachment else {
                    throw ChipOptionError(
                        key: "bus", message: "the SHT3x has no SPI interface; attach it to an I2C bus")
                }
                return SHT3x(bus: bus, address: address, clock: clock, settings: settings)
            },
            makeModel: { context throws(ChipOptionError) in
                let model = SHT3xModel(clock: context.clock, trims: try SHT3xTrims.instance(context))
                model.noise = context.noise
                if let seed = context.seed { model.noiseSeed = seed }
                return SimulatedChip(model: model, i2c: model, spi: nil)
            })
    }
}

extension SHT3xSettings {
    /// Settings from board-file options, each absent key at its default.
    /// - Parameter options: the options.
    /// - Throws: `ChipOptionError` naming the key.
    init(options: ChipOptions) throws(ChipOptionError) {
        self.init(
            repeatability: try options.choice(
                "repeatability", SHT3xRepeatability.allCases.map { ($0.rawValue, $0) }, default: .high),
            mode: try options.choice("mode", SHT3xMode.allCases.map { ($0.rawValue, $0) }, default: .singleShot),
            rate: try options.choice(
                "rate", [("0.5", .mps0_5), ("1", .mps1), ("2", .mps2), ("4", .mps4), ("10", .mps10)], default: .mps1),
            heater: try options.flag("heater", default: false),
            stuckAfter: try options.integer("stuck-after", default: 20, in: 0...1_000_000))
    }
}

/// One SHT3x part's accuracy errors: what it reads minus the truth.
public struct SHT3xTrims: Sendable, Hashable {
    /// The temperature error in °C.
    public var temperatureOffsetC: Double
    /// The humidity error in %RH.
    public var humidityOffsetRH: Double

    /// Creates trims.
    /// - Parameters:
    ///   - temperatureOffsetC: the temperature error in °C.
    ///   - humidityOffsetRH: the humidity error in %RH.
    public init(temperatureOffsetC: Double = 0, humidityOffsetRH: Double = 0) {
        self.temperatureOffsetC = temperatureOffsetC
        self.humidityOffsetRH = humidityOffsetRH
    }

    /// A perfect part, as the datasheet's typical figures describe it.
    public static let nominal = SHT3xTrims()

    /// One part's errors: zero without a seed; with one, spread uniformly within the SHT31's typical
    /// accuracy (§1, tables 1 and 2: ±0.2 °C, ±2 %RH) in steps of 0.001; then any explicit trim keys.
    /// - Parameter context: the model context (seed and trim keys).
    /// - Returns: the trims.
    /// - Throws: `ChipOptionError` for a value outside ±5 °C or ±20 %RH.
    static func instance(_ context: ModelContext) throws(ChipOptionError) -> SHT3xTrims {
        var trims = SHT3xTrims.nominal
        if let seed = context.seed {
            var generator = ModelSeeds.trimGenerator(seed)
            trims.temperatureOffsetC = Double(generator.spread(200)) / 1000
            trims.humidityOffsetRH = Double(generator.spread(2000)) / 1000
        }
        trims.temperatureOffsetC = try context.trim.number(
            "offset-t", default: trims.temperatureOffsetC, in: -5...5)
        trims.humidityOffsetRH = try context.trim.number("offset-rh", default: trims.humidityOffsetRH, in: -20...20)
        return trims
    }
}
