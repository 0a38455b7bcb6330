// SensorGate — Drivers: units and measurable spans shared by the accelerometer/gyroscope drivers.

/// Unit conversions for inertial sensors: datasheets give acceleration in g and rates in degrees per
/// second; readings are in m/s² and rad/s.
public enum InertialUnits {
    /// Standard gravity g₀ = 9.80665 m/s², exact by definition (3rd CGPM, 1901).
    public static let standardGravity = 9.80665
    /// Radians per degree, π/180.
    public static let radiansPerDegree = Double.pi / 180

    /// Metres per second squared for an acceleration in milli-g.
    /// - Parameter milliG: the acceleration in mg.
    /// - Returns: the acceleration in m/s².
    public static func metresPerSecondSquared(milliG: Double) -> Double { milliG / 1000 * standardGravity }

    /// Milli-g for an acceleration in m/s².
    /// - Parameter mps2: the acceleration in m/s².
    /// - Returns: the acceleration in mg.
    public static func milliG(metresPerSecondSquared mps2: Double) -> Double { mps2 / standardGravity * 1000 }

    /// Radians per second for a rate in degrees per second.
    /// - Parameter dps: the rate in °/s.
    /// - Returns: the rate in rad/s.
    public static func radiansPerSecond(degreesPerSecond dps: Double) -> Double { dps * radiansPerDegree }

    /// Degrees per second for a rate in radians per second.
    /// - Parameter radps: the rate in rad/s.
    /// - Returns: the rate in °/s.
    public static func degreesPerSecond(radiansPerSecond radps: Double) -> Double { radps / radiansPerDegree }
}

/// The span a linear 16-bit channel can report and how closely a reading agrees with the input.
public enum InertialSpan {
    /// The measurable span of a signed 16-bit channel: the datasheet full scale, cut to what the codes
    /// −32768…32767 can hold, less the instance's offset so that an offset part never clips inside
    /// the span; the tolerance is half an LSB (quantisation), a part in 10⁹ for floating-point
    /// rounding, and the offset itself (the driver does not know it).
    /// - Parameters:
    ///   - lsb: the value of one LSB in SI units.
    ///   - fullScale: the datasheet full scale in SI units (positive).
    ///   - offset: the largest absolute zero offset of any axis, in SI units.
    /// - Returns: lower and upper limits and the tolerance.
    public static func linear(lsb: Double, fullScale: Double, offset: Double) -> (
        lower: Double, upper: Double, epsilon: Double
    ) {
        let upper = min(fullScale, 32767 * lsb) - offset
        let lower = max(-fullScale, -32768 * lsb) + offset
        let epsilon = lsb / 2 + (abs(upper) + abs(lower)) * 1e-9 + offset
        return (lower, upper, epsilon)
    }
}
