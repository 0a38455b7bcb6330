// SensorGate — Drivers: the BMP280/BME280 as the registry, the runtime and board files see it.

import HAL

extension BMP280: SensorDriver {
    /// The part name: `BMP280` or `BME280`.
    public var part: String { variant.part }
    /// Where the chip sits.
    public var location: String { registers.location }

    /// In normal mode, one over measurement plus standby time; nil in forced and sleep mode.
    public var outputDataRateHz: Double? {
        guard settings.mode == .normal else { return nil }
        let periodSeconds =
            Double(settings.typicalMeasurementTime(for: variant).nanoseconds) / 1e9 + settings.standbyMilliseconds
            / 1000
        return 1 / periodSeconds
    }

    /// Starts the chip with the settings it was made with.
    public func bringUp() throws(DriverError) { try start(settings) }

    /// The registry entry for one variant: settings keys `mode` (sleep, forced, normal; default
    /// normal), `pressure-oversampling`, `temperature-oversampling`, `humidity-oversampling` (skip, 1,
    /// 2, 4, 8, 16; defaults 16, 2, 1), `filter` (off, 2, 4, 8, 16; default 16), `standby-ms` (default
    /// 0.5); trim keys `dig_T1`…`dig_P9` and, on the BME280, `dig_H1`…`dig_H6`.
    /// - Parameter variant: which chip.
    /// - Returns: the entry.
    static func registryEntry(_ variant: BMP280Variant) -> ChipEntry {
        let trims =
            ["dig_T1", "dig_T2", "dig_T3"] + (1...9).map { "dig_P\($0)" }
            + (variant.hasHumidity ? (1...6).map { "dig_H\($0)" } : [])
        return ChipEntry(
            compatible: variant == .bmp280 ? "bosch,bmp280" : "bosch,bme280", part: variant.part,
            interfaces: [.i2c, .spi], spiMode: .mode3, spiMaxSpeedHz: 10_000_000,
            settingKeys: [
                "mode", "pressure-oversampling", "temperature-oversampling", "humidity-oversampling", "filter",
                "standby-ms",
            ],
            trimKeys: trims,
            makeDriver: { attachment, clock, options throws(ChipOptionError) in
                let settings = try BMP280Settings(options: options)
                return BMP280(registers: attachment.registers(), clock: clock, variant: variant, settings: settings)
            },
            makeModel: { context throws(ChipOptionError) in
                let model = BMP280Model(
                    variant: variant, clock: context.clock,
                    calibration: try BMP280Calibration.instance(seed: context.seed, trim: context.trim))
                if context.noise {
                    // BMP280 table 2: RMS noise 1.3 Pa at x1 without filter, 0.005 °C; BME280 table 1:
                    // humidity RMS noise 0.02 %RH.
                    model.noise = BMP280Noise(
                        pressurePa: 1.3, temperatureC: 0.005, humidityRH: 0.02, seed: context.seed ?? 1)
                }
                return SimulatedChip(model: model, i2c: model, spi: model)
            })
    }
}

extension BMP280Settings {
    /// Settings from board-file options, each absent key at its default.
    /// - Parameter options: the options.
    /// - Throws: `ChipOptionError` naming the key.
    init(options: ChipOptions) throws(ChipOptionError) {
        let oversampling: [(String, BMP280Oversampling)] = [
            ("skip", .skipped), ("1", .x1), ("2", .x2), ("4", .x4), ("8", .x8), ("16", .x16),
        ]
        self.init(
            pressureOversampling: try options.choice("pressure-oversampling", oversampling, default: .x16),
            temperatureOversampling: try options.choice("temperature-oversampling", oversampling, default: .x2),
            humidityOversampling: try options.choice("humidity-oversampling", oversampling, default: .x1),
            filter: try options.choice(
                "filter", [("off", .off), ("2", .x2), ("4", .x4), ("8", .x8), ("16", .x16)], default: .x16),
            standbyMilliseconds: try options.number("standby-ms", default: 0.5, in: 0.5...4000),
            mode: try options.choice(
                "mode", [("sleep", .sleep), ("forced", .forced), ("normal", .normal)], default: .normal)
        )
    }
}

extension BMP280Calibration {
    /// One part's trims: the datasheet example, spread as production parts spread when a seed is
    /// given (dig_T1 ±400, dig_P1 ±800, the linear terms dig_T2/dig_P2 ±1 %), then any explicit
    /// trim keys.
    /// - Parameters:
    ///   - seed: the instance seed, or nil for the datasheet example.
    ///   - trim: explicit values by key (`dig_T1`…).
    /// - Returns: the trims.
    /// - Throws: `ChipOptionError` for a value outside its register's range.
    static func instance(seed: UInt64?, trim: ChipOptions) throws(ChipOptionError) -> BMP280Calibration {
        var trims = BMP280Calibration.datasheetExample
        if let seed {
            var generator = ModelSeeds.trimGenerator(seed)
            trims.digT1 = UInt16(Int(trims.digT1) + generator.spread(400))
            trims.digP1 = UInt16(Int(trims.digP1) + generator.spread(800))
            trims.digT2 = Int16(Double(trims.digT2) * (1 + Double(generator.spread(100)) / 10_000))
            trims.digP2to9[0] = Int16(Double(trims.digP2to9[0]) * (1 + Double(generator.spread(100)) / 10_000))
        }
        trims.digT1 = UInt16(try trim.integer("dig_T1", default: Int(trims.digT1), in: 1...65535))
        trims.digT2 = Int16(try trim.integer("dig_T2", default: Int(trims.digT2), in: -32768...32767))
        trims.digT3 = Int16(try trim.integer("dig_T3", default: Int(trims.digT3), in: -32768...32767))
        trims.digP1 = UInt16(try trim.integer("dig_P1", default: Int(trims.digP1), in: 1...65535))
        for index in 0..<8 {
            trims.digP2to9[index] = Int16(
                try trim.integer("dig_P\(index + 2)", default: Int(trims.digP2to9[index]), in: -32768...32767))
        }
        trims.digH1 = UInt8(try trim.integer("dig_H1", default: Int(trims.digH1), in: 0...255))
        trims.digH2 = Int16(try trim.integer("dig_H2", default: Int(trims.digH2), in: -32768...32767))
        trims.digH3 = UInt8(try trim.integer("dig_H3", default: Int(trims.digH3), in: 0...255))
        trims.digH4 = Int16(try trim.integer("dig_H4", default: Int(trims.digH4), in: -2048...2047))
        trims.digH5 = Int16(try trim.integer("dig_H5", default: Int(trims.digH5), in: -2048...2047))
        trims.digH6 = Int8(try trim.integer("dig_H6", default: Int(trims.digH6), in: -128...127))
        return trims
    }
}
