// SensorGate — Drivers: the ADXL345 as the registry, the runtime and board files see it.

import HAL

extension ADXL345: FIFOSensorDriver {
    /// The part name: `ADXL345`.
    public var part: String { "ADXL345" }
    /// Where the chip sits.
    public var location: String { registers.location }

    /// The output data rate of the settings: 3200 / 2^(15 − code) Hz (table 7).
    public var outputDataRateHz: Double? { settings.dataRate.hertz }
    /// INT_INVERT: the pins are active low when set.
    public var interruptsActiveLow: Bool { settings.interruptActiveLow }
    /// FIFO_CTL Samples: the watermark interrupt fires when the FIFO holds that many entries.
    public var fifoWatermarkSamples: Int? { settings.fifoMode == .bypass ? nil : max(1, settings.watermark) }
    /// 32 entries (the datasheet's FIFO; one in bypass mode: the data registers).
    public var fifoCapacitySamples: Int { settings.fifoMode == .bypass ? 1 : ADXL345Register.fifoDepth }

    /// Starts the chip with the settings it was made with.
    public func bringUp() throws(DriverError) { try start(settings) }

    /// The registry entry. Settings keys (defaults in brackets): `odr-hz` (table 7 as
    /// printed: 3200, 1600, 800, 400, 200, 100, 50, 25, 12.5, 6.25, 3.13, 1.56, 0.78, 0.39, 0.20, 0.10
    /// [100]; 1600 and 3200 want SPI at 2 MHz or more, 800 wants 400 kHz I2C), `accel-range-g` (2, 4, 8, 16
    /// [16]), `resolution` (full, 10-bit [full]), `low-power` [false], `fifo-mode` (bypass, fifo,
    /// stream, trigger [stream]), `watermark` (0…31 [16]), `interrupt-pin` (INT1, INT2, none [INT1]),
    /// `interrupt-active-low` [false], `ofsx`, `ofsy`, `ofsz` (−128…127, 15.6 mg/LSB [0]),
    /// `stuck-after` (0 disables [64 in full resolution and ±2 g, else off]). Trim keys: `offset-x-mg`,
    /// `offset-y-mg`, `offset-z-mg`, `sensitivity-error-pct`, `sensitivity-drift-pct-per-c`.
    /// - Returns: the entry.
    static func registryEntry() -> ChipEntry {
        ChipEntry(
            compatible: "adi,adxl345", part: "ADXL345", interfaces: [.i2c, .spi], spiMode: .mode3,
            spiMaxSpeedHz: 5_000_000,
            settingKeys: [
                "odr-hz", "accel-range-g", "resolution", "low-power", "fifo-mode", "watermark",
                "interrupt-pin", "interrupt-active-low", "ofsx", "ofsy", "ofsz", "stuck-after",
            ],
            trimKeys: [
                "offset-x-mg", "offset-y-mg", "offset-z-mg", "sensitivity-error-pct", "sensitivity-drift-pct-per-c",
            ],
            interruptPins: ["INT1", "INT2"],
            makeDriver: { attachment, clock, options throws(ChipOptionError) in
                let settings = try ADXL345Settings(options: options)
                return ADXL345(
                    registers: attachment.registers(multipleBit: ADXL345Register.spiMultipleByte), clock: clock,
                    settings: settings)
            },
            makeModel: { context throws(ChipOptionError) in
                let model = ADXL345Model(
                    clock: context.clock, trims: try ADXL345Trims.instance(seed: context.seed, trim: context.trim))
                if context.noise { model.noise = ADXL345Noise(seed: context.seed ?? 1) }
                model.interrupt = context.interrupt
                return SimulatedChip(model: model, i2c: model, spi: model)
            })
    }
}

extension ADXL345Settings {
    /// Settings from board-file options, each absent key at its default.
    /// - Parameter options: the options.
    /// - Throws: `ChipOptionError` naming the key.
    public init(options: ChipOptions) throws(ChipOptionError) {
        let defaults = ADXL345Settings.default
        let stuckAfter: Int? =
            options.values["stuck-after"] == nil
            ? nil : try options.integer("stuck-after", default: 0, in: 0...1_000_000)
        var offsets: [Int8] = []
        for key in ["ofsx", "ofsy", "ofsz"] {
            offsets.append(Int8(try options.integer(key, default: 0, in: -128...127)))
        }
        self.init(
            dataRate: try options.choice(
                "odr-hz", ADXL345DataRate.allCases.reversed().map { ($0.label, $0) },
                default: defaults.dataRate),
            range: try options.choice(
                "accel-range-g", ADXL345Range.allCases.map { ("\($0.gees)", $0) }, default: defaults.range),
            fullResolution: try options.choice(
                "resolution", [("full", true), ("10-bit", false)], default: defaults.fullResolution),
            lowPower: try options.flag("low-power", default: defaults.lowPower),
            fifoMode: try options.choice(
                "fifo-mode", [("bypass", .bypass), ("fifo", .fifo), ("stream", .stream), ("trigger", .trigger)],
                default: defaults.fifoMode),
            watermark: try options.integer("watermark", default: defaults.watermark, in: 0...31),
            interruptPin: try options.choice(
                "interrupt-pin", [("INT1", .int1), ("INT2", .int2), ("none", nil)], default: defaults.interruptPin),
            interruptActiveLow: try options.flag("interrupt-active-low", default: defaults.interruptActiveLow),
            offsetCodes: offsets, stuckAfter: stuckAfter)
    }
}
