// SensorGate — Drivers: the LIS3MDL as the registry, the runtime and board files see it.

import HAL

extension LIS3MDL: SensorDriver {
    /// The part name: `LIS3MDL`.
    public var part: String { "LIS3MDL" }
    /// Where the chip sits.
    public var location: String { registers.location }

    /// The output data rate in continuous mode; nil in single-conversion mode.
    public var outputDataRateHz: Double? { settings.conversion == .continuous ? settings.dataRateHz : nil }

    /// Starts the chip with the settings it was made with.
    public func bringUp() throws(DriverError) { try start(settings) }

    /// The registry entry: I2C and SPI (mode 3, multi-byte bit 0x40). Settings keys `odr-hz` (0.625,
    /// 1.25, 2.5, 5, 10, 20, 40, 80, fast; default 10), `range-gauss` (4, 8, 12, 16 gauss; default 4),
    /// `xy-mode` and `z-mode` (low-power, medium, high, ultra-high; default ultra-high),
    /// `temperature` (default on), `conversion` (continuous, single; default continuous),
    /// `stuck-after` (default 20). Trim keys `hard-iron-x-ut`, `hard-iron-y-ut`, `hard-iron-z-ut`
    /// (µT), `sensitivity-error-x-pct`, `-y-pct`, `-z-pct` (%) and `offset-drift-ut-per-c`.
    /// - Returns: the entry.
    static func registryEntry() -> ChipEntry {
        ChipEntry(
            compatible: "st,lis3mdl", part: "LIS3MDL", interfaces: [.i2c, .spi], spiMode: .mode3,
            spiMaxSpeedHz: 10_000_000,
            settingKeys: ["odr-hz", "range-gauss", "xy-mode", "z-mode", "temperature", "conversion", "stuck-after"],
            trimKeys: LIS3MDLTrims.keys,
            interruptPins: ["DRDY", "INT"],
            makeDriver: { attachment, clock, options throws(ChipOptionError) in
                let settings = try LIS3MDLSettings(options: options)
                return LIS3MDL(registers: attachment.registers(multipleBit: 0x40), clock: clock, settings: settings)
            },
            makeModel: { context throws(ChipOptionError) in
                let model = LIS3MDLModel(clock: context.clock, trims: try LIS3MDLTrims.instance(context))
                model.noise = context.noise
                model.noiseSeed = context.seed ?? 1
                model.interrupt = context.interrupt
                return SimulatedChip(model: model, i2c: model, spi: model)
            })
    }
}

extension LIS3MDLSettings {
    /// Settings from board-file options, each absent key at its default.
    /// - Parameter options: the options.
    /// - Throws: `ChipOptionError` naming the key.
    init(options: ChipOptions) throws(ChipOptionError) {
        let modes: [(String, LIS3MDLPerformance)] = [
            ("low-power", .lowPower), ("medium", .medium), ("high", .high), ("ultra-high", .ultraHigh),
        ]
        self.init(
            dataRate: try options.choice("odr-hz", LIS3MDLDataRate.spellings, default: .hz10),
            fullScale: try options.choice(
                "range-gauss", [("4", .gauss4), ("8", .gauss8), ("12", .gauss12), ("16", .gauss16)], default: .gauss4),
            xyPerformance: try options.choice("xy-mode", modes, default: .ultraHigh),
            zPerformance: try options.choice("z-mode", modes, default: .ultraHigh),
            temperatureEnabled: try options.flag("temperature", default: true),
            conversion: try options.choice(
                "conversion", LIS3MDLConversionMode.allCases.map { ($0.rawValue, $0) }, default: .continuous),
            stuckAfter: try options.integer("stuck-after", default: 20, in: 0...1_000_000))
    }
}

/// One LIS3MDL part's errors: zero-gauss offsets (which also stand for a board's hard iron),
/// sensitivity errors and the offsets' drift with temperature.
public struct LIS3MDLTrims: Sendable, Hashable {
    /// The zero-gauss level of X, Y, Z at 25 °C, in µT.
    public var hardIronUT: [Double]
    /// The sensitivity error of X, Y, Z, as a fraction (0.01 reads 1 % high).
    public var sensitivityError: [Double]
    /// The zero-gauss level's change with temperature, in µT/°C, the same on every axis.
    public var offsetDriftUTPerC: Double

    /// Creates trims.
    /// - Parameters:
    ///   - hardIronUT: X, Y, Z offsets in µT.
    ///   - sensitivityError: X, Y, Z sensitivity errors as fractions.
    ///   - offsetDriftUTPerC: the offsets' drift in µT/°C.
    public init(
        hardIronUT: [Double] = [0, 0, 0], sensitivityError: [Double] = [0, 0, 0], offsetDriftUTPerC: Double = 0
    ) {
        self.hardIronUT = hardIronUT
        self.sensitivityError = sensitivityError
        self.offsetDriftUTPerC = offsetDriftUTPerC
    }

    /// A perfect part.
    public static let nominal = LIS3MDLTrims()

    /// The trim keys, in the order the board-file documentation lists them.
    static let keys =
        ["x", "y", "z"].map { "hard-iron-\($0)-ut" } + ["x", "y", "z"].map { "sensitivity-error-\($0)-pct" }
        + ["offset-drift-ut-per-c"]

    /// One part's errors: zero without a seed; with one, offsets spread uniformly within the
    /// zero-gauss level of ±1 gauss (±100 µT; table 3, typical at ±4 gauss) in 0.1 µT steps and
    /// sensitivity errors within ±1 % (the datasheet gives typical sensitivities only); then any
    /// explicit trim keys. The drift is zero unless a trim key sets it.
    /// - Parameter context: the model context (seed and trim keys).
    /// - Returns: the trims.
    /// - Throws: `ChipOptionError` for a value out of range.
    static func instance(_ context: ModelContext) throws(ChipOptionError) -> LIS3MDLTrims {
        var trims = LIS3MDLTrims.nominal
        if let seed = context.seed {
            var generator = ModelSeeds.trimGenerator(seed)
            trims.hardIronUT = (0..<3).map { _ in Double(generator.spread(1000)) / 10 }
            trims.sensitivityError = (0..<3).map { _ in Double(generator.spread(100)) / 10_000 }
        }
        for (axis, name) in ["x", "y", "z"].enumerated() {
            trims.hardIronUT[axis] = try context.trim.number(
                "hard-iron-\(name)-ut", default: trims.hardIronUT[axis], in: -1600...1600)
            trims.sensitivityError[axis] =
                try context.trim.number(
                    "sensitivity-error-\(name)-pct", default: trims.sensitivityError[axis] * 100, in: -10...10) / 100
        }
        trims.offsetDriftUTPerC = try context.trim.number("offset-drift-ut-per-c", default: 0, in: -10...10)
        return trims
    }
}
