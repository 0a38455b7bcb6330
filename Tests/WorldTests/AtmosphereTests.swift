// SensorGate — World tests: the standard atmosphere and the thermal lag.

import Foundation
import Testing
import World

@Suite struct AtmosphereTests {
    @Test func theBarometricFormulaGivesTheStandardAtmosphereTable() {
        // ICAO standard atmosphere: 101 325 Pa at 0 m, 89 874.6 Pa at 1000 m, 79 495.2 Pa at 2000 m,
        // 54 019.9 Pa at 5000 m.
        #expect(Atmosphere.pressure(altitudeM: 0, seaLevelPa: 101_325) == 101_325)
        #expect(abs(Atmosphere.pressure(altitudeM: 1000, seaLevelPa: 101_325) - 89_874.6) < 1)
        #expect(abs(Atmosphere.pressure(altitudeM: 2000, seaLevelPa: 101_325) - 79_495.2) < 1)
        #expect(abs(Atmosphere.pressure(altitudeM: 5000, seaLevelPa: 101_325) - 54_019.9) < 2)
    }

    @Test func altitudeInvertsPressure() {
        for altitude in stride(from: -400.0, through: 8000, by: 700) {
            let pressure = Atmosphere.pressure(altitudeM: altitude, seaLevelPa: 100_000)
            #expect(abs(Atmosphere.altitude(pressurePa: pressure, seaLevelPa: 100_000) - altitude) < 1e-6)
        }
    }

    @Test func weatherTrendAndSwingMoveTheSeaLevelPressure() {
        let air = Atmosphere(pressureTrendPaPerHour: -100, pressureSwingPa: 50, pressureSwingPeriodHours: 24)
        #expect(abs(air.seaLevelPressure(at: 3 * 3600) - (101_325 - 300 + 50 * sin(2 * Double.pi * 3 / 24))) < 1e-6)
        // One metre up is about 12 Pa less near sea level.
        let drop = air.pressure(at: 0, heightM: 0) - air.pressure(at: 0, heightM: 1)
        #expect(drop > 11.5 && drop < 12.5)
    }

    @Test func sensorsFollowATemperatureStepWithTheThermalTimeConstant() {
        let air = Atmosphere(
            temperatureC: 20, temperatureSteps: [AmbientStep(atS: 100, value: 30)], thermalTimeConstantS: 60)
        #expect(air.temperature(at: 99) == 20)
        // One time constant after the step: 63.2 % of the way.
        #expect(abs(air.temperature(at: 160) - (20 + 10 * (1 - exp(-1)))) < 1e-9)
        #expect(abs(air.temperature(at: 100 + 60 * 20) - 30) < 1e-6)
        // The lapse rate: 100 m up is 0.65 °C colder.
        #expect(abs(air.temperature(at: 0, heightM: 100) - 19.35) < 1e-9)
    }

    @Test func humidityIsClippedToItsPhysicalRange() {
        let air = Atmosphere(humidityRH: 90, humiditySteps: [AmbientStep(atS: 0, value: 140)], thermalTimeConstantS: 0)
        #expect(air.humidity(at: 1) == 100)
    }
}
