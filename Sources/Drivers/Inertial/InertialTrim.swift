// SensorGate — Drivers: per-part zero offsets and their temperature drift for accelerometer/gyroscope models.

import HALSim

/// One part's zero-g and zero-rate offsets, their drift with temperature, and the temperature sensor's
/// offset: what makes one accelerometer/gyroscope differ from another of the same type.
///
/// Offsets are given at ``referenceTemperatureC``; at die temperature T an axis reads
/// `offset + drift × (T − reference)` on top of the physical value. The nominal part has none.
public struct InertialTrim: Sendable, Hashable {
    /// Zero-g offsets in mg, x y z.
    public var accelOffsetMg: [Double]
    /// Zero-rate offsets in °/s, x y z.
    public var gyroOffsetDps: [Double]
    /// Zero-g drift in mg/°C, x y z.
    public var accelDriftMgPerC: [Double]
    /// Zero-rate drift in °/s/°C, x y z.
    public var gyroDriftDpsPerC: [Double]
    /// What the temperature sensor reads above the die temperature, in °C.
    public var temperatureOffsetC: Double
    /// The temperature the offsets are given at, in °C.
    public var referenceTemperatureC: Double

    /// A part without offsets or drift, its offsets given at `referenceTemperatureC`.
    /// - Parameter referenceTemperatureC: the temperature offsets are given at. Default: 25 °C.
    /// - Returns: the nominal part.
    public static func nominal(referenceTemperatureC: Double = 25) -> InertialTrim {
        InertialTrim(
            accelOffsetMg: [0, 0, 0], gyroOffsetDps: [0, 0, 0], accelDriftMgPerC: [0, 0, 0],
            gyroDriftDpsPerC: [0, 0, 0], temperatureOffsetC: 0, referenceTemperatureC: referenceTemperatureC)
    }

    /// The `sim: trim:` keys: `accel-offset-x-mg` … `-z-mg`, `gyro-offset-x-dps` …,
    /// `accel-drift-x-mg-per-c` …, `gyro-drift-x-dps-per-c` …, and `temperature-offset-c`.
    public static let keys: [String] =
        ["x", "y", "z"].map { "accel-offset-\($0)-mg" } + ["x", "y", "z"].map { "gyro-offset-\($0)-dps" }
        + ["x", "y", "z"].map { "accel-drift-\($0)-mg-per-c" } + ["x", "y", "z"].map { "gyro-drift-\($0)-dps-per-c" }
        + ["temperature-offset-c"]

    /// How far production parts spread: each value is drawn uniformly within ± these limits.
    public struct Spread: Sendable, Hashable {
        /// Zero-g offset limits in mg, x y z.
        public var accelOffsetMg: [Double]
        /// Zero-rate offset limit in °/s (every axis).
        public var gyroOffsetDps: Double
        /// Zero-g drift limits in mg/°C, x y z.
        public var accelDriftMgPerC: [Double]
        /// Zero-rate drift limit in °/s/°C (every axis).
        public var gyroDriftDpsPerC: Double
        /// Temperature sensor offset limit in °C.
        public var temperatureOffsetC: Double

        /// Creates a spread.
        /// - Parameters:
        ///   - accelOffsetMg: zero-g offset limits, x y z.
        ///   - gyroOffsetDps: zero-rate offset limit.
        ///   - accelDriftMgPerC: zero-g drift limits, x y z.
        ///   - gyroDriftDpsPerC: zero-rate drift limit.
        ///   - temperatureOffsetC: temperature offset limit.
        public init(
            accelOffsetMg: [Double], gyroOffsetDps: Double, accelDriftMgPerC: [Double], gyroDriftDpsPerC: Double,
            temperatureOffsetC: Double
        ) {
            self.accelOffsetMg = accelOffsetMg
            self.gyroOffsetDps = gyroOffsetDps
            self.accelDriftMgPerC = accelDriftMgPerC
            self.gyroDriftDpsPerC = gyroDriftDpsPerC
            self.temperatureOffsetC = temperatureOffsetC
        }
    }

    /// One part: nominal without a seed, spread within `spread` from the seed otherwise, then any explicit
    /// trim keys from the board file.
    /// - Parameters:
    ///   - seed: the instance seed, or nil for the nominal part.
    ///   - trim: explicit values by key (``keys``).
    ///   - spread: the production spread.
    ///   - referenceTemperatureC: the temperature offsets are given at.
    /// - Returns: the trims.
    /// - Throws: `ChipOptionError` for a value that is not a number or is implausibly large.
    public static func instance(
        seed: UInt64?, trim: ChipOptions, spread: Spread, referenceTemperatureC: Double = 25
    ) throws(ChipOptionError) -> InertialTrim {
        var part = nominal(referenceTemperatureC: referenceTemperatureC)
        if let seed {
            var generator = ModelSeeds.trimGenerator(seed)
            func draw(_ limit: Double) -> Double { (generator.nextUnit() * 2 - 1) * limit }
            for axis in 0..<3 {
                part.accelOffsetMg[axis] = draw(spread.accelOffsetMg[axis])
                part.gyroOffsetDps[axis] = draw(spread.gyroOffsetDps)
                part.accelDriftMgPerC[axis] = draw(spread.accelDriftMgPerC[axis])
                part.gyroDriftDpsPerC[axis] = draw(spread.gyroDriftDpsPerC)
            }
            part.temperatureOffsetC = draw(spread.temperatureOffsetC)
        }
        for (axis, name) in ["x", "y", "z"].enumerated() {
            part.accelOffsetMg[axis] = try trim.number(
                "accel-offset-\(name)-mg", default: part.accelOffsetMg[axis], in: -2000...2000)
            part.gyroOffsetDps[axis] = try trim.number(
                "gyro-offset-\(name)-dps", default: part.gyroOffsetDps[axis], in: -500...500)
            part.accelDriftMgPerC[axis] = try trim.number(
                "accel-drift-\(name)-mg-per-c", default: part.accelDriftMgPerC[axis], in: -10...10)
            part.gyroDriftDpsPerC[axis] = try trim.number(
                "gyro-drift-\(name)-dps-per-c", default: part.gyroDriftDpsPerC[axis], in: -5...5)
        }
        part.temperatureOffsetC = try trim.number(
            "temperature-offset-c", default: part.temperatureOffsetC, in: -50...50)
        return part
    }

    /// The zero-g offset of one axis at a die temperature.
    /// - Parameters:
    ///   - axis: 0, 1 or 2 for x, y, z.
    ///   - temperatureC: the die temperature.
    /// - Returns: the offset in mg.
    public func accelOffsetMg(axis: Int, at temperatureC: Double) -> Double {
        accelOffsetMg[axis] + accelDriftMgPerC[axis] * (temperatureC - referenceTemperatureC)
    }

    /// The zero-rate offset of one axis at a die temperature.
    /// - Parameters:
    ///   - axis: 0, 1 or 2 for x, y, z.
    ///   - temperatureC: the die temperature.
    /// - Returns: the offset in °/s.
    public func gyroOffsetDps(axis: Int, at temperatureC: Double) -> Double {
        gyroOffsetDps[axis] + gyroDriftDpsPerC[axis] * (temperatureC - referenceTemperatureC)
    }
}
