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

/// One reading of a sensor: SI values and the integer raw codes they came from, all held inline
/// (``QuantityValues``, ``RawCodes``), so that making, copying and delivering a reading never
/// allocates: the sampling hot path's readings live on the stack and in reused buffers.
public struct SensorReading: Sendable, Hashable {
    /// When the chip measured it, on the monotonic clock.
    public var timestamp: MonotonicInstant
    /// SI values by quantity; vector quantities have three components, scalars one.
    public var values: QuantityValues
    /// Raw integer codes by name (`adc_p`, `adc_t`, `accel_x`, …), as the chip delivered them.
    public var raw: RawCodes

    /// Creates a reading.
    /// - Parameters:
    ///   - timestamp: when it was measured.
    ///   - values: SI values by quantity. Default: none.
    ///   - raw: raw codes by name. Default: none.
    public init(timestamp: MonotonicInstant, values: QuantityValues = QuantityValues(), raw: RawCodes = RawCodes()) {
        self.timestamp = timestamp
        self.values = values
        self.raw = raw
    }
}

extension UnsafePointer where Pointee == SensorReading {
    /// The components of `quantity` in the reading pointed to, or nil when it has none, read where they lie
    /// (see ``QuantityValues/components(of:in:)``): for sinks that take each of a drain's readings in place.
    /// - Parameter quantity: the quantity.
    /// - Returns: the components, as `pointee.values[quantity]` gives them.
    @inlinable
    public func components(_ quantity: Quantity) -> SensorComponents<Double>? {
        guard let values = pointer(to: \.values) else { return nil }
        return QuantityValues.components(of: quantity, in: values)
    }
}
