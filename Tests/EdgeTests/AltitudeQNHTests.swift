// SensorGate — Edge tests: a new sea-level pressure (QNH) moves the altitude's reference, not the gateway.

import Edge
import Testing
import World

@Suite struct AltitudeQNHTests {
    /// The pressure 34 m up when the sea-level pressure is `qnhPa` (World's atmosphere, ISA).
    static func pressure(qnhPa: Double) -> Double { Atmosphere.pressure(altitudeM: 34, seaLevelPa: qnhPa) }

    /// Corrects and predicts (no vertical acceleration) at 10 Hz for `seconds`.
    static func hold(_ filter: inout AltitudeFilter, pressurePa: Double, seconds: Int) {
        for _ in 0..<(seconds * 10) {
            filter.predict(verticalAccelMps2: 0, dtS: 0.1)
            filter.correct(pressurePa: pressurePa)
        }
    }

    @Test func aWeatherChangeReadsAsClimbingUntilTheStationsPressureArrives() {
        var filter = AltitudeFilter()
        Self.hold(&filter, pressurePa: Self.pressure(qnhPa: 101_325), seconds: 60)
        #expect(abs(filter.altitudeM - 34) < 0.05, "\(filter.altitudeM)")
        // A front: the sea-level pressure falls 150 Pa; at the same height the barometer reads 150 Pa
        // less, which the standard atmosphere calls 12.5 m higher.
        let low = Self.pressure(qnhPa: 101_175)
        Self.hold(&filter, pressurePa: low, seconds: 1800)
        let climbed = filter.altitudeM - 34
        #expect(climbed > 12 && climbed < 13, "\(climbed) m")
        // The station's new QNH: the reference moves at once, by what it does to the last pressure.
        let before = filter.altitudeM
        filter.setSeaLevelPressure(101_175)
        let shift =
            StandardAtmosphere.altitudeM(pressurePa: low, seaLevelPa: 101_175)
            - StandardAtmosphere.altitudeM(pressurePa: low, seaLevelPa: 101_325)
        #expect(filter.altitudeM == before + shift)
        #expect(filter.seaLevelPa == 101_175)
        #expect(abs(filter.altitudeM - 34) < 0.05, "\(filter.altitudeM)")
        // And it stays there: the new reference is not taken for motion or for the sensor's drift.
        var worst = 0.0
        for _ in 0..<600 {
            Self.hold(&filter, pressurePa: low, seconds: 1)
            worst = max(worst, abs(filter.altitudeM - 34))
        }
        #expect(worst < 0.05, "\(worst) m")
    }

    @Test func aQNHBeforeTheFirstPressureIsTheReferenceItStartsFrom() {
        var filter = AltitudeFilter()
        filter.setSeaLevelPressure(100_900)
        #expect(filter.altitudeM == 0 && !filter.initialised)
        Self.hold(&filter, pressurePa: Self.pressure(qnhPa: 100_900), seconds: 10)
        #expect(abs(filter.altitudeM - 34) < 0.05, "\(filter.altitudeM)")
        // Nonsense is ignored.
        filter.setSeaLevelPressure(.nan)
        filter.setSeaLevelPressure(-1)
        #expect(filter.seaLevelPa == 100_900)
    }
}
