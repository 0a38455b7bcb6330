// SensorGate — Edge tests: the altitude filter on known vertical trajectories through World's atmosphere.

import Edge
import Foundation
import SensorMath
import Testing
import World

@Suite struct AltitudeFilterTests {
    /// A lift: 40 m up in 20 s with smooth ends, a wait, 40 m down, repeated; h(t), v(t), a(t).
    static func lift(_ t: Double) -> (h: Double, v: Double, a: Double) {
        let period = 60.0
        let phase = t.truncatingRemainder(dividingBy: period)
        // Up during 0–20 s, still 20–30 s, down 30–50 s, still 50–60 s; each move is 40·(1 − cos)/2 in time.
        func move(_ s: Double, _ sign: Double, _ base: Double) -> (Double, Double, Double) {
            let w = Double.pi / 20
            return (
                base + sign * 20 * (1 - cos(w * s)), sign * 20 * w * sin(w * s), sign * 20 * w * w * cos(w * s)
            )
        }
        switch phase {
        case ..<20: return move(phase, 1, 100)
        case ..<30: return (140, 0, 0)
        case ..<50: return move(phase - 30, -1, 140)
        default: return (100, 0, 0)
        }
    }

    struct Run {
        var altitudeErrors: [Double] = []
        var velocityErrors: [Double] = []
        var baroOnlyErrors: [Double] = []
        var filter: AltitudeFilter
    }

    /// 100 Hz accelerometer (bias and noise), 25 Hz barometer (noise), pressures from World's atmosphere.
    static func run(
        seconds: Double, accelBias: Double = 0.15, baroNoisePa: Double = 3.5, jitter: Bool = false,
        spikeAtS: Double? = nil
    ) -> Run {
        let atmosphere = Atmosphere(seaLevelPressurePa: 101_325)
        var noise = TestNoise(seed: 7)
        var run = Run(filter: AltitudeFilter())
        var t = 0.0
        var nextBaro = 0.0
        var spiked = false
        while t < seconds {
            let dt = jitter ? 0.01 * (0.5 + noise.uniform()) : 0.01
            t += dt
            let truth = lift(t)
            run.filter.predict(verticalAccelMps2: truth.a + accelBias + 0.05 * noise.gaussian(), dtS: dt)
            if t >= nextBaro {
                nextBaro += 0.04
                var pressure = atmosphere.pressure(at: t, heightM: truth.h) + baroNoisePa * noise.gaussian()
                if let spikeAtS, t >= spikeAtS, !spiked {
                    pressure -= 60  // ≈ 5 m: a door slam
                    spiked = true
                }
                run.filter.correct(pressurePa: pressure)
                if t > 60 {
                    run.baroOnlyErrors.append(Atmosphere.altitude(pressurePa: pressure, seaLevelPa: 101_325) - truth.h)
                }
            }
            if t > 60 {
                run.altitudeErrors.append(run.filter.altitudeM - truth.h)
                run.velocityErrors.append(run.filter.verticalVelocityMps - truth.v)
            }
        }
        return run
    }

    static func rms(_ x: [Double]) -> Double { (x.reduce(0) { $0 + $1 * $1 } / Double(max(x.count, 1))).squareRoot() }

    @Test func pressureAltitudeIsTheStandardAtmosphere() {
        for h in stride(from: -300.0, through: 9000, by: 700) {
            let p = Atmosphere.pressure(altitudeM: h, seaLevelPa: 101_325)
            #expect(abs(StandardAtmosphere.altitudeM(pressurePa: p) - h) < 1e-6)
            #expect(
                abs(
                    StandardAtmosphere.pressurePa(altitudeM: h, seaLevelPa: 100_000)
                        - Atmosphere.pressure(
                            altitudeM: h, seaLevelPa: 100_000)) < 1e-6)
        }
        // ISA tables: 89 874.6 Pa at 1000 m (their gas constant differs in the sixth digit).
        #expect(abs(StandardAtmosphere.pressurePa(altitudeM: 1000) - 89_874.6) < 0.5)
    }

    @Test func aLiftIsTrackedBetterThanTheBarometerAloneAndTheBiasIsLearnt() {
        let run = Self.run(seconds: 300)
        let baro = Self.rms(run.baroOnlyErrors)
        let fused = Self.rms(run.altitudeErrors)
        #expect(baro > 0.25)  // 3.5 Pa ≈ 0.29 m
        #expect(fused < 0.5 * baro, "fused \(fused) m vs barometer \(baro) m")
        #expect(Self.rms(run.velocityErrors) < 0.1, "velocity RMS \(Self.rms(run.velocityErrors)) m/s")
        #expect(abs(run.filter.accelBiasMps2 - 0.15) < 0.03, "bias \(run.filter.accelBiasMps2)")
        #expect(run.filter.rejectedPressures == 0)
    }

    @Test func irregularSampleIntervalsAreIntegratedByTheirOwnDt() {
        let run = Self.run(seconds: 200, jitter: true)
        #expect(Self.rms(run.altitudeErrors) < 0.2)
        #expect(Self.rms(run.velocityErrors) < 0.1)
    }

    @Test func aPressureSpikeIsRejectedByTheGate() {
        let run = Self.run(seconds: 120, spikeAtS: 95)
        #expect(run.filter.rejectedPressures == 1)
        #expect(run.altitudeErrors.map(abs).max() ?? 0 < 1.0)
    }

    @Test func verticalAccelerationComesFromTheOrientation() {
        // An IMU tilted 50° and turned, accelerating upwards at 1.5 m/s² and east at 2 m/s².
        let q = Quaternion.euler(roll: 0.5, pitch: -0.6, yaw: 2.0)
        let specificForceEnu = Vector3(2, 0, 9.80665 + 1.5)
        let body = q.conjugate.rotate(specificForceEnu)
        #expect(abs(verticalAcceleration(accelMps2: body, orientation: q) - 1.5) < 1e-12)
    }

    @Test func nothingHappensBeforeTheFirstPressureOrOnBadInput() {
        var f = AltitudeFilter()
        f.predict(verticalAccelMps2: 5, dtS: 1)
        #expect(!f.initialised)
        let tookNaN = f.correct(pressurePa: .nan)
        let tookFirst = f.correct(pressurePa: 101_325)
        #expect(!tookNaN)
        #expect(tookFirst)
        #expect(abs(f.altitudeM) < 1e-9)
        f.predict(verticalAccelMps2: .infinity, dtS: 0.01)
        f.predict(verticalAccelMps2: 1, dtS: -1)
        #expect(f.verticalVelocityMps == 0)
    }
}
