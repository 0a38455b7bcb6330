// SensorGate — Drivers: the MS5611 as the registry, the runtime and board files see it.

import HAL

extension MS5611: SensorDriver {
    /// The part name: `MS5611`.
    public var part: String { Self.part }
    /// Where the chip sits.
    public var location: String { transport.location }
    /// Nil: the MS5611 converts on demand, one D1 and one D2 per ``read()``.
    public var outputDataRateHz: Double? { nil }

    /// Starts the chip with the settings it was made with.
    public func bringUp() throws(DriverError) { try start(settings) }

    /// The registry entry: settings keys `pressure-oversampling` and `temperature-oversampling` (256,
    /// 512, 1024, 2048, 4096; default 4096 each) and `stuck-after` (default 10; 0 disables); trim keys
    /// `c1`…`c6` (the PROM coefficients; the model computes the CRC-4).
    /// - Returns: the entry.
    static func registryEntry() -> ChipEntry {
        ChipEntry(
            compatible: "meas,ms5611", part: "MS5611", interfaces: [.i2c, .spi], spiMode: .mode0,
            spiMaxSpeedHz: 20_000_000,
            settingKeys: ["pressure-oversampling", "temperature-oversampling", "stuck-after"],
            trimKeys: (1...6).map { "c\($0)" },
            makeDriver: { attachment, clock, options throws(ChipOptionError) in
                let settings = try MS5611Settings(options: options)
                return MS5611(transport: attachment.ms5611Transport(), clock: clock, settings: settings)
            },
            makeModel: { context throws(ChipOptionError) in
                let model = MS5611Model(
                    clock: context.clock,
                    calibration: try MS5611Calibration.instance(seed: context.seed, trim: context.trim))
                if context.noise { model.noiseSeed = context.seed ?? 1 }
                return SimulatedChip(model: model, i2c: model, spi: model)
            })
    }
}

extension MS5611Settings {
    /// Settings from board-file options, each absent key at its default.
    /// - Parameter options: the options.
    /// - Throws: `ChipOptionError` naming the key.
    init(options: ChipOptions) throws(ChipOptionError) {
        let ratios = MS5611Oversampling.allCases.map { ("\($0.rawValue)", $0) }
        self.init(
            pressureOversampling: try options.choice("pressure-oversampling", ratios, default: .osr4096),
            temperatureOversampling: try options.choice("temperature-oversampling", ratios, default: .osr4096),
            stuckAfter: try options.integer("stuck-after", default: 10, in: 0...1_000_000))
    }
}

extension MS5611Calibration {
    /// One part's PROM: the datasheet example, spread as production parts spread when a seed is given
    /// (C1, C2 ±2000, C3, C4, C5 ±1000, C6 ±500, a random serial code), then any explicit trim keys
    /// `c1`…`c6`; the CRC-4 is computed over the result.
    /// - Parameters:
    ///   - seed: the instance seed, or nil for the datasheet example.
    ///   - trim: explicit coefficients by key.
    /// - Returns: the PROM.
    /// - Throws: `ChipOptionError` for a coefficient outside 1…65535.
    static func instance(seed: UInt64?, trim: ChipOptions) throws(ChipOptionError) -> MS5611Calibration {
        let example = MS5611Calibration.datasheetExample
        var coefficients = (1...6).map { Int(example.c($0)) }
        var serial = Int(example.words[7] >> 4)
        if let seed {
            var generator = ModelSeeds.trimGenerator(seed)
            for (index, limit) in [2000, 2000, 1000, 1000, 1000, 500].enumerated() {
                coefficients[index] += generator.spread(limit)
            }
            serial = generator.next(below: 4096)
        }
        for index in 0..<6 {
            coefficients[index] = try trim.integer("c\(index + 1)", default: coefficients[index], in: 1...65535)
        }
        return MS5611Calibration(
            factoryData: example.words[0], coefficients: coefficients.map { UInt16($0) }, serial: UInt16(serial))
    }
}
