// SensorGate — Edge: pressure altitude in the International Standard Atmosphere.

import Foundation

/// The ISA troposphere's barometric (hypsometric) formula with a constant lapse rate.
public enum StandardAtmosphere {
    /// Sea-level temperature T₀, 288.15 K.
    public static let temperatureK = 288.15
    /// Lapse rate L, 0.0065 K/m.
    public static let lapseRateKpm = 0.0065
    /// The exponent g₀·M/(R·L) = 9.80665 × 0.0289644 / (8.3144598 × 0.0065) ≈ 5.2559.
    public static let exponent = 9.80665 * 0.028_964_4 / (8.314_459_8 * 0.0065)
    /// The standard sea-level pressure, 101 325 Pa.
    public static let seaLevelPa = 101_325.0

    /// The height at which the atmosphere has `pressurePa`: h = T₀/L · (1 − (p/p₀)^(R·L/(g₀·M))).
    /// - Parameters:
    ///   - pressurePa: the pressure.
    ///   - seaLevelPa: the sea-level pressure p₀ (QNH), default 101 325 Pa.
    /// - Returns: metres above sea level.
    public static func altitudeM(pressurePa: Double, seaLevelPa: Double = seaLevelPa) -> Double {
        temperatureK / lapseRateKpm * (1 - pow(pressurePa / seaLevelPa, 1 / exponent))
    }

    /// The inverse: p = p₀ · (1 − L·h/T₀)^(g₀·M/(R·L)).
    /// - Parameters:
    ///   - altitudeM: metres above sea level.
    ///   - seaLevelPa: the sea-level pressure p₀.
    /// - Returns: Pa.
    public static func pressurePa(altitudeM: Double, seaLevelPa: Double = seaLevelPa) -> Double {
        seaLevelPa * pow(1 - lapseRateKpm * altitudeM / temperatureK, exponent)
    }
}
