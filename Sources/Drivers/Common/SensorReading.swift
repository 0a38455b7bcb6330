// SensorGate — Drivers: what one reading of a sensor holds.

import HAL

/// A physical quantity with its SI unit, named as the `read --json` keys name it.
public enum Quantity: String, Sendable, Hashable, CaseIterable {
    /// Pressure in pascals.
    case pressurePa = "pressure_pa"
    /// Temperature in degrees Celsius.
    case temperatureC = "temperature_c"
    /// Relative humidity in percent.
    case humidityRH = "humidity_rh"
    /// Acceleration (specific force) in metres per second squared, x y z.
    case accelMps2 = "accel_mps2"
    /// Angular rate in radians per second, x y z.
    case gyroRadps = "gyro_radps"
    /// Magnetic flux density in microtesla, x y z.
    case magUT = "mag_ut"
}

/// One reading of a sensor: SI values and the integer raw codes they came from.
public struct SensorReading: Sendable, Hashable {
    /// When the chip measured it, on the monotonic clock.
    public var timestamp: MonotonicInstant
    /// SI values by quantity; vector quantities have three components, scalars one.
    public var values: [Quantity: [Double]]
    /// Raw integer codes by name (`adc_p`, `adc_t`, `accel_x`, …), as the chip delivered them.
    public var raw: [String: [Int64]]

    /// Creates a reading.
    /// - Parameters:
    ///   - timestamp: when it was measured.
    ///   - values: SI values by quantity.
    ///   - raw: raw codes by name.
    public init(timestamp: MonotonicInstant, values: [Quantity: [Double]], raw: [String: [Int64]]) {
        self.timestamp = timestamp
        self.values = values
        self.raw = raw
    }
}
