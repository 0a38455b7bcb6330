// SensorGate — World tests: the Earth's field, bearing frequencies and machine vibration.

import Foundation
import SensorMath
import Testing
import World

@Suite struct FieldAndMachineTests {
    @Test func declinationInclinationAndIntensityRoundTrip() {
        let field = EarthField(declinationDeg: 4.5, inclinationDeg: 67.9, intensityMicrotesla: 49.8)
        #expect(abs(field.declinationDeg - 4.5) < 1e-9)
        #expect(abs(field.inclinationDeg - 67.9) < 1e-9)
        #expect(abs(field.enuMicrotesla.length - 49.8) < 1e-9)
    }

    @Test func theDipoleFieldPointsNorthAndDownInEurope() {
        // Berlin (WMM 2025): inclination 68°, intensity 50 µT; a tilted dipole is within a few degrees
        // and about 10 % in intensity.
        let field = EarthField(latitudeDeg: 52.5, longitudeDeg: 13.4)
        #expect(field.enuMicrotesla.y > 0 && field.enuMicrotesla.z < 0)
        #expect(abs(field.inclinationDeg - 68) < 4)
        #expect(abs(field.enuMicrotesla.length - 50) < 6)
        // South of the magnetic equator the field points up.
        #expect(EarthField(latitudeDeg: -45, longitudeDeg: 140).enuMicrotesla.z > 0)
    }

    @Test func bearingFrequenciesMatchTheCWRUTableForThe6205() {
        // CWRU Bearing Data Center, drive-end SKF 6205 defect frequencies as multiples of shaft speed:
        // BPFI 5.4152, BPFO 3.5848, FTF 0.39828, BSF 4.7135 (which the table gives as twice the ball spin).
        let bearing = BearingGeometry.skf6205
        #expect(abs(bearing.bpfi(shaftHz: 1) - 5.4152) < 2e-4)
        #expect(abs(bearing.bpfo(shaftHz: 1) - 3.5848) < 2e-4)
        #expect(abs(bearing.ftf(shaftHz: 1) - 0.39828) < 2e-4)
        #expect(abs(2 * bearing.bsf(shaftHz: 1) - 4.7135) < 2e-3)
    }

    @Test func anOuterRaceDefectShowsInTheEnvelopeAtBPFOOnlyAfterOnset() {
        let machine = RotatingMachine(
            imbalanceMps2: 0, misalignmentMps2: 0,
            defects: [BearingDefect(site: .outerRace, onsetS: 1, initialPeakMps2: 20)], noiseRmsMps2: 0)
        let bpfo = machine.defectFrequency(.outerRace)
        let rate = 48_000.0
        let before = (0..<24_000).map { abs(machine.vibration(at: Double($0) / rate).x) }
        #expect(before.allSatisfy { $0 == 0 })
        let after = (0..<48_000).map { abs(machine.vibration(at: 1 + Double($0) / rate).x) }
        let atDefect = goertzelPower(after, frequency: bpfo, rate: rate)
        let offDefect = goertzelPower(after, frequency: bpfo * 1.37, rate: rate)
        #expect(atDefect > 20 * offDefect)
    }

    @Test func defectsGrowAtTheirRate() {
        let defect = BearingDefect(site: .innerRace, onsetS: 100, initialPeakMps2: 2, growthPerHour: 1)
        #expect(defect.peak(at: 99) == 0)
        #expect(defect.peak(at: 100) == 2)
        #expect(abs(defect.peak(at: 100 + 3600) - 4) < 1e-9)
    }

    @Test func imbalanceIsAOnceperRevolutionRotatingVector() {
        let machine = RotatingMachine(shaftHz: 25, imbalanceMps2: 1, misalignmentMps2: 0, noiseRmsMps2: 0)
        let quarterTurn = machine.vibration(at: 0.01)  // 1/4 of 40 ms
        #expect(abs(quarterTurn.x) < 1e-12 && abs(quarterTurn.y - 1) < 1e-12)
    }

    @Test func bandLimitedNoiseIsDeterministicWithUnitRMS() {
        let values = (0..<20_000).map { BandLimitedNoise.gaussian(seed: 5, channel: 1, index: Int64($0)) }
        let rms = (values.reduce(0) { $0 + $1 * $1 } / Double(values.count)).squareRoot()
        #expect(abs(rms - 1) < 0.03)
        #expect(
            BandLimitedNoise.value(seed: 5, channel: 1, t: 0.123, bandwidthHz: 100)
                == BandLimitedNoise.value(seed: 5, channel: 1, t: 0.123, bandwidthHz: 100))
        #expect(
            BandLimitedNoise.gaussian(seed: 5, channel: 1, index: 3)
                != BandLimitedNoise.gaussian(seed: 5, channel: 2, index: 3))
    }

    /// The power of one frequency in a block of samples (Goertzel), after removing the mean.
    private func goertzelPower(_ samples: [Double], frequency: Double, rate: Double) -> Double {
        let mean = samples.reduce(0, +) / Double(samples.count)
        let coefficient = 2 * cos(2 * Double.pi * frequency / rate)
        var s1 = 0.0
        var s2 = 0.0
        for sample in samples {
            let s0 = sample - mean + coefficient * s1 - s2
            s2 = s1
            s1 = s0
        }
        return s1 * s1 + s2 * s2 - coefficient * s1 * s2
    }
}
