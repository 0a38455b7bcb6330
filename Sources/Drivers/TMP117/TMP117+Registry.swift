// SensorGate — Drivers: the TMP117 as the registry, the runtime and board files see it.

import HAL

extension TMP117: SensorDriver {
    /// The part name: `TMP117`.
    public var part: String { Self.part }
    /// Where the chip sits.
    public var location: String { registers.location }

    /// ALERT is active low unless POL is set (`alert-active-high`).
    public var interruptsActiveLow: Bool { !settings.alertActiveHigh }
    /// In continuous mode, one over the conversion cycle time; nil in one-shot mode.
    public var outputDataRateHz: Double? {
        guard settings.mode == .continuous else { return nil }
        return 1e9 / Double(settings.resultInterval.nanoseconds)
    }

    /// Starts the chip with the settings it was made with.
    public func bringUp() throws(DriverError) { try start(settings) }

    /// The registry entry: settings keys `mode` (continuous, one-shot; default continuous), `averaging`
    /// (1, 8, 32, 64; default 8), `conversion-cycle-ms` (15.5, 125, 250, 500, 1000, 4000, 8000, 16000;
    /// default 1000), `offset-c` (Temp_Offset in °C; default 0), `alert-pin` (data-ready, alert;
    /// default data-ready), `alert-active-high` (default false), `stuck-after` (default 100; 0
    /// disables); trim keys `offset-mc` (the part's own error at 25 °C in m°C), `drift-mc-per-c` (how
    /// the error changes per °C away from 25 °C), `eeprom1`…`eeprom3` (the factory ID words).
    /// - Returns: the entry.
    static func registryEntry() -> ChipEntry {
        ChipEntry(
            compatible: "ti,tmp117", part: "TMP117", interfaces: [.i2c],
            settingKeys: [
                "mode", "averaging", "conversion-cycle-ms", "offset-c", "alert-pin", "alert-active-high",
                "stuck-after",
            ],
            trimKeys: ["offset-mc", "drift-mc-per-c", "eeprom1", "eeprom2", "eeprom3"],
            interruptPins: ["ALERT"],
            makeDriver: { attachment, clock, options throws(ChipOptionError) in
                let settings = try TMP117Settings(options: options)
                return TMP117(registers: attachment.registers(), clock: clock, settings: settings)
            },
            makeModel: { context throws(ChipOptionError) in
                let model = TMP117Model(
                    clock: context.clock, part: try TMP117Part.instance(seed: context.seed, trim: context.trim))
                if context.noise { model.noiseSeed = context.seed ?? 1 }
                model.interrupt = context.interrupt
                return SimulatedChip(model: model, i2c: model, spi: nil)
            })
    }
}

extension TMP117Settings {
    /// Settings from board-file options, each absent key at its default.
    /// - Parameter options: the options.
    /// - Throws: `ChipOptionError` naming the key.
    init(options: ChipOptions) throws(ChipOptionError) {
        let cycles = TMP117ConversionCycle.allCases.map { cycle in
            (cycle == .ms15_5 ? "15.5" : "\(Int(cycle.milliseconds))", cycle)
        }
        self.init(
            mode: try options.choice(
                "mode", [("continuous", .continuous), ("one-shot", .oneShot)], default: .continuous),
            averaging: try options.choice(
                "averaging", [("1", .none), ("8", .x8), ("32", .x32), ("64", .x64)], default: .x8),
            conversionCycle: try options.choice("conversion-cycle-ms", cycles, default: .s1),
            offsetC: try options.number("offset-c", default: 0, in: -256...255.9921875),
            dataReadyPin: try options.choice(
                "alert-pin", [("data-ready", true), ("alert", false)], default: true),
            alertActiveHigh: try options.flag("alert-active-high", default: false),
            stuckAfter: try options.integer("stuck-after", default: 100, in: 0...1_000_000))
    }
}
