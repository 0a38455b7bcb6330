// SensorGate — Drivers: the MPU-6050 as the registry, the runtime and board files see it.

import HAL

extension MPU6050: FIFOSensorDriver {
    /// The part name, `MPU-6050`.
    public var part: String { Self.part }
    /// Where the chip sits.
    public var location: String { registers.location }
    /// The sample rate: gyroscope output rate / (1 + SMPLRT_DIV).
    public var outputDataRateHz: Double? { settings.sampleRateHz }
    /// The MPU-6050 has no FIFO watermark interrupt (only overflow).
    public var fifoWatermarkSamples: Int? { nil }
    /// 1 024 bytes of 14-byte frames (accelerometer, temperature, gyroscope): 73 samples; one without
    /// the FIFO (the data registers).
    public var fifoCapacitySamples: Int { settings.fifo ? MPU6050Register.fifoCapacity / 14 : 1 }
    /// Samples lost to FIFO overflows (the FIFO is reset at each, losing what it held).
    public var fifoLostSamples: Int { fifoLoss.lost }

    /// Starts the chip with the settings it was made with.
    public func bringUp() throws(DriverError) { try start(settings) }

    /// The registry entry: settings keys `dlpf` (accelerometer bandwidth 260, 184, 94, 44, 21, 10, 5 Hz;
    /// default 44), `sample-rate-divider` (0–255; default 9), `gyro-range-dps` (250, 500, 1000, 2000 °/s;
    /// default 500), `accel-range-g` (2, 4, 8, 16 g; default 4), `fifo` (default false), `stuck-after`
    /// (default 50, 0 disables); trim keys ``InertialTrim/keys``.
    /// - Returns: the entry.
    static func registryEntry() -> ChipEntry {
        ChipEntry(
            compatible: "invensense,mpu6050", part: Self.part, interfaces: [.i2c],
            settingKeys: ["dlpf", "sample-rate-divider", "gyro-range-dps", "accel-range-g", "fifo", "stuck-after"],
            trimKeys: InertialTrim.keys,
            interruptPins: ["INT"],
            makeDriver: { attachment, clock, options throws(ChipOptionError) in
                MPU6050(
                    registers: attachment.registers(), clock: clock, settings: try MPU6050Settings(options: options))
            },
            makeModel: { context throws(ChipOptionError) in
                let model = MPU6050Model(
                    clock: context.clock,
                    trim: try InertialTrim.instance(
                        seed: context.seed, trim: context.trim, spread: MPU6050Model.spread),
                    noiseSeed: context.noise ? context.seed ?? 1 : nil, interrupt: context.interrupt)
                return SimulatedChip(model: model, i2c: model, spi: nil)
            })
    }
}

extension MPU6050Settings {
    /// Settings from board-file options, each absent key at its default.
    /// - Parameter options: the options.
    /// - Throws: `ChipOptionError` naming the key.
    public init(options: ChipOptions) throws(ChipOptionError) {
        self.init(
            lowPass: try options.choice(
                "dlpf", MPU6050LowPass.allCases.map { ("\(Int($0.accelBandwidthHz))", $0) }, default: .hz44),
            sampleRateDivider: try options.integer("sample-rate-divider", default: 9, in: 0...255),
            gyroRange: try options.choice(
                "gyro-range-dps", [("250", .dps250), ("500", .dps500), ("1000", .dps1000), ("2000", .dps2000)],
                default: .dps500),
            accelRange: try options.choice(
                "accel-range-g", [("2", .g2), ("4", .g4), ("8", .g8), ("16", .g16)], default: .g4),
            fifo: try options.flag("fifo", default: false),
            stuckLimit: try options.integer("stuck-after", default: 50, in: 0...1_000_000))
    }
}
