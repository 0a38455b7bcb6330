// SensorGate — Drivers: the LSM6DSO as the registry, the runtime and board files see it.

import HAL

extension LSM6DSO: FIFOSensorDriver {
    /// The part name, `LSM6DSO`.
    public var part: String { Self.part }
    /// Where the chip sits.
    public var location: String { registers.location }
    /// The output data rate of both sensors.
    public var outputDataRateHz: Double? { settings.dataRate.hertz }
    /// The watermark is counted in FIFO words; both sensors are batched, two words a sample.
    public var fifoWatermarkSamples: Int? { settings.fifoMode == .bypass ? nil : max(1, settings.watermark / 2) }
    /// 512 words, two a sample (gyroscope and accelerometer): 256 samples; one in bypass mode.
    public var fifoCapacitySamples: Int { settings.fifoMode == .bypass ? 1 : LSM6DSORegister.fifoCapacity / 2 }

    /// FIFO overruns seen by ``drainFIFO()``.
    public var fifoOverflows: Int { fifoOverruns }
    /// Samples lost to FIFO overruns (overwritten in continuous mode, dropped when full in FIFO mode).
    public var fifoLostSamples: Int { fifoLoss.lost }

    /// Starts the chip with the settings it was made with.
    public func bringUp() throws(DriverError) { try start(settings) }

    /// The registry entry: settings keys `odr-hz` (12.5, 26, 52, 104, 208, 416, 833, 1666, 3332, 6664;
    /// default 104), `accel-range-g` (2, 4, 8, 16 g; default 4), `gyro-range-dps` (125, 250, 500, 1000,
    /// 2000 dps; default 500), `accel-lpf2` (default false), `fifo-mode` (bypass, fifo, continuous;
    /// default bypass), `fifo-watermark` (0–511 words; default 64), `int1` (none, data-ready,
    /// fifo-threshold; default data-ready), `stuck-after` (default 50, 0 disables); trim keys
    /// ``InertialTrim/keys``.
    /// - Returns: the entry.
    static func registryEntry() -> ChipEntry {
        ChipEntry(
            compatible: "st,lsm6dso", part: Self.part, interfaces: [.i2c, .spi], spiMode: .mode3,
            spiMaxSpeedHz: 10_000_000,
            settingKeys: [
                "odr-hz", "accel-range-g", "gyro-range-dps", "accel-lpf2", "fifo-mode", "fifo-watermark", "int1",
                "stuck-after",
            ],
            trimKeys: InertialTrim.keys,
            interruptPins: ["INT1"],
            makeDriver: { attachment, clock, options throws(ChipOptionError) in
                LSM6DSO(
                    registers: attachment.registers(), clock: clock, settings: try LSM6DSOSettings(options: options))
            },
            makeModel: { context throws(ChipOptionError) in
                let model = LSM6DSOModel(
                    clock: context.clock,
                    trim: try InertialTrim.instance(
                        seed: context.seed, trim: context.trim, spread: LSM6DSOModel.spread),
                    noiseSeed: context.noise ? context.seed ?? 1 : nil, interrupt: context.interrupt)
                return SimulatedChip(model: model, i2c: model, spi: model)
            })
    }
}

extension LSM6DSOSettings {
    /// Settings from board-file options, each absent key at its default.
    /// - Parameter options: the options.
    /// - Throws: `ChipOptionError` naming the key.
    public init(options: ChipOptions) throws(ChipOptionError) {
        let rates: [(String, LSM6DSODataRate)] = LSM6DSODataRate.allCases.dropFirst().map { rate in
            let hertz = rate.hertz
            return (hertz == hertz.rounded() ? "\(Int(hertz))" : "\(hertz)", rate)
        }
        self.init(
            dataRate: try options.choice("odr-hz", rates, default: .hz104),
            accelRange: try options.choice(
                "accel-range-g", [("2", .g2), ("4", .g4), ("8", .g8), ("16", .g16)], default: .g4),
            gyroRange: try options.choice(
                "gyro-range-dps",
                [("125", .dps125), ("250", .dps250), ("500", .dps500), ("1000", .dps1000), ("2000", .dps2000)],
                default: .dps500),
            accelLowPass2: try options.flag("accel-lpf2", default: false),
            fifoMode: try options.choice(
                "fifo-mode", [("bypass", .bypass), ("fifo", .fifo), ("continuous", .continuous)], default: .bypass),
            watermark: try options.integer("fifo-watermark", default: 64, in: 0...511),
            interrupt: try options.choice(
                "int1", [("none", .none), ("data-ready", .dataReady), ("fifo-threshold", .fifoThreshold)],
                default: .dataReady),
            stuckLimit: try options.integer("stuck-after", default: 50, in: 0...1_000_000))
    }
}
