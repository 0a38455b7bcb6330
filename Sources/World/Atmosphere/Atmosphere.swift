// SensorGate — World: air pressure, temperature and humidity where the gateway is.

import Foundation

/// A change of the ambient temperature or humidity at a time; sensors follow it with their thermal
/// time constant.
public struct AmbientStep: Sendable, Hashable {
    /// When it happens, in seconds.
    public var atS: Double
    /// The new ambient value (°C or %RH).
    public var value: Double

    /// Creates a step.
    /// - Parameters:
    ///   - atS: time in seconds.
    ///   - value: the new ambient value.
    public init(atS: Double, value: Double) {
        self.atS = atS
        self.value = value
    }
}

/// The atmosphere: the standard barometric formula for pressure at height, a weather drift of the
/// sea-level pressure, and temperature and humidity that sensors follow through a first-order lag.
public struct Atmosphere: Sendable, Hashable {
    /// The standard (ISA) sea-level temperature, 288.15 K.
    public static let standardTemperatureK = 288.15
    /// The standard temperature lapse rate in the troposphere, 0.0065 K/m.
    public static let lapseRateKpm = 0.0065
    /// The exponent g₀·M/(R·L) of the barometric formula: 9.80665 × 0.0289644 / (8.3144598 × 0.0065).
    public static let barometricExponent = 9.80665 * 0.028_964_4 / (8.314_459_8 * 0.0065)

    /// The sea-level pressure at t = 0 in Pa. Default 101 325.
    public var seaLevelPressurePa: Double
    /// The height of the site above sea level in metres (the motion's height adds to it). Default 0.
    public var siteAltitudeM: Double
    /// A linear weather trend of the sea-level pressure, Pa per hour. Default 0.
    public var pressureTrendPaPerHour: Double
    /// A weather swing of the sea-level pressure: peak amplitude in Pa. Default 0.
    public var pressureSwingPa: Double
    /// The period of the swing in hours. Default 24.
    public var pressureSwingPeriodHours: Double
    /// Steps of the sea-level pressure: at each `atS` it changes at once by `value` Pa (a front, a
    /// pressurised room's door), on top of the trend and swing. Default none.
    public var pressureSteps: [AmbientStep] = []
    /// The ambient temperature at t = 0, °C. Default 20.
    public var temperatureC: Double
    /// Later changes of the ambient temperature.
    public var temperatureSteps: [AmbientStep]
    /// The relative humidity at t = 0, %RH. Default 45.
    public var humidityRH: Double
    /// Later changes of the humidity.
    public var humiditySteps: [AmbientStep]
    /// The thermal time constant of the sensors' housing, in seconds. Default 120.
    public var thermalTimeConstantS: Double

    /// Creates an atmosphere; defaults are sea level, 20 °C, 45 %RH, still weather.
    /// - Parameters:
    ///   - seaLevelPressurePa: sea-level pressure.
    ///   - siteAltitudeM: site height.
    ///   - pressureTrendPaPerHour: pressure trend.
    ///   - pressureSwingPa: pressure swing amplitude.
    ///   - pressureSwingPeriodHours: swing period.
    ///   - temperatureC: ambient temperature.
    ///   - temperatureSteps: temperature changes.
    ///   - humidityRH: humidity.
    ///   - humiditySteps: humidity changes.
    ///   - thermalTimeConstantS: thermal time constant.
    public init(
        seaLevelPressurePa: Double = 101_325, siteAltitudeM: Double = 0, pressureTrendPaPerHour: Double = 0,
        pressureSwingPa: Double = 0, pressureSwingPeriodHours: Double = 24, temperatureC: Double = 20,
        temperatureSteps: [AmbientStep] = [], humidityRH: Double = 45, humiditySteps: [AmbientStep] = [],
        thermalTimeConstantS: Double = 120
    ) {
        self.seaLevelPressurePa = seaLevelPressurePa
        self.siteAltitudeM = siteAltitudeM
        self.pressureTrendPaPerHour = pressureTrendPaPerHour
        self.pressureSwingPa = pressureSwingPa
        self.pressureSwingPeriodHours = pressureSwingPeriodHours
        self.temperatureC = temperatureC
        self.temperatureSteps = temperatureSteps.sorted { $0.atS < $1.atS }
        self.humidityRH = humidityRH
        self.humiditySteps = humiditySteps.sorted { $0.atS < $1.atS }
        self.thermalTimeConstantS = thermalTimeConstantS
    }

    /// The standard barometric formula: p = p₀ · (1 − L·h / T₀)^(g₀·M/(R·L)).
    /// - Parameters:
    ///   - altitudeM: height above sea level in metres.
    ///   - seaLevelPa: the sea-level pressure.
    /// - Returns: the pressure in Pa.
    public static func pressure(altitudeM: Double, seaLevelPa: Double) -> Double {
        seaLevelPa * pow(1 - lapseRateKpm * altitudeM / standardTemperatureK, barometricExponent)
    }

    /// The inverse: the height at which the standard atmosphere has `pressurePa`.
    /// - Parameters:
    ///   - pressurePa: the pressure.
    ///   - seaLevelPa: the sea-level pressure.
    /// - Returns: the height in metres.
    public static func altitude(pressurePa: Double, seaLevelPa: Double) -> Double {
        standardTemperatureK / lapseRateKpm * (1 - pow(pressurePa / seaLevelPa, 1 / barometricExponent))
    }

    /// The sea-level pressure at `t` seconds, with the weather's trend and swing and the steps so far.
    /// - Parameter t: seconds.
    /// - Returns: Pa.
    public func seaLevelPressure(at t: Double) -> Double {
        let hours = t / 3600
        var stepsPa = 0.0
        for step in pressureSteps where step.atS <= t { stepsPa += step.value }
        return seaLevelPressurePa + pressureTrendPaPerHour * hours
            + pressureSwingPa * sin(2 * Double.pi * hours / pressureSwingPeriodHours) + stepsPa
    }

    /// The pressure at `t` seconds and a height above the site.
    /// - Parameters:
    ///   - t: seconds.
    ///   - heightM: height above the site in metres.
    /// - Returns: Pa.
    public func pressure(at t: Double, heightM: Double) -> Double {
        Self.pressure(altitudeM: siteAltitudeM + heightM, seaLevelPa: seaLevelPressure(at: t))
    }

    /// The temperature a sensor sees at `t`: the ambient steps through the thermal lag, less the
    /// lapse rate for a height above the site.
    /// - Parameters:
    ///   - t: seconds.
    ///   - heightM: height above the site.
    /// - Returns: °C.
    public func temperature(at t: Double, heightM: Double = 0) -> Double {
        lagged(start: temperatureC, steps: temperatureSteps, t: t) - Self.lapseRateKpm * heightM
    }

    /// The humidity a sensor sees at `t`, through the same lag, clipped to 0…100 %RH.
    /// - Parameter t: seconds.
    /// - Returns: %RH.
    public func humidity(at t: Double) -> Double {
        min(100, max(0, lagged(start: humidityRH, steps: humiditySteps, t: t)))
    }

    /// A first-order lag's response to steps: each step contributes its change times (1 − e^(−Δt/τ)).
    private func lagged(start: Double, steps: [AmbientStep], t: Double) -> Double {
        var value = start
        var previous = start
        for step in steps where step.atS <= t {
            let change = step.value - previous
            let response = thermalTimeConstantS > 0 ? 1 - exp(-(t - step.atS) / thermalTimeConstantS) : 1
            value += change * response
            previous = step.value
        }
        return value
    }
}
