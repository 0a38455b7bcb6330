// SensorGate — Edge tests: our filter's gyroscope bias estimation in motion, on synthetic motion with a known
// bias.

import Edge
import Foundation
import SensorMath
import Testing

/// A synthetic IMU in motion: the body rate is a sum of sines about all three axes (never at rest), the
/// accelerometer sees gravity only, and the gyroscope adds a constant bias.
struct WobblingIMU {
    var truth = Quaternion.euler(roll: 0.3, pitch: -0.2, yaw: 0.5)
    var timeS = 0.0
    let bias: Vector3
    let dtS: Double

    /// The true body rate at `t`, rad/s: slow swings up to ±1 rad/s about each axis.
    static func rate(at t: Double) -> Vector3 {
        Vector3(0.8 * sin(0.5 * t), 0.7 * sin(0.37 * t + 1), 1.0 * sin(0.23 * t + 2))
    }

    /// Advances by one sample and feeds the filter.
    mutating func step<F: OrientationFilter>(_ filter: inout F, mag: Bool) {
        let rate = Self.rate(at: timeS + dtS / 2)
        truth = truth * Quaternion.exp(rate * dtS)
        timeS += dtS
        filter.update(
            gyroRadps: rate + bias, accelMps2: truth.conjugate.rotate(gravityUp),
            magUT: mag ? truth.conjugate.rotate(earthField) : nil, dtS: dtS)
    }
}

@Suite struct SensorGateFilterBiasTests {
    @Test func biasConvergesInMotionWithoutMagnetometer() {
        // Never at rest: only the inclination corrections can reveal the bias. Because the IMU turns every
        // body axis through the horizontal, all three components become observable.
        let bias = Vector3(0.004, -0.006, 0.005)  // about 0.2–0.35 °/s
        var imu = WobblingIMU(bias: bias, dtS: 0.005)
        var f = SensorGateFilter()
        f.update(gyroRadps: .zero, accelMps2: imu.truth.conjugate.rotate(gravityUp), magUT: nil, dtS: 0)
        for _ in 0..<Int(600 / imu.dtS) { imu.step(&f, mag: false) }
        #expect(!f.atRest)
        // The motion observation is a weak one (σ_motion 0.2°/s): the error falls below half the initial one
        // and below σ_motion, and the inclination stays within 0.2°.
        #expect((f.bias - bias).length < 0.5 * bias.length)
        #expect((f.bias - bias).length < SensorGateFilter.Parameters().biasSigmaMotionRadps)
        #expect(inclinationError(f.orientation, imu.truth) < 0.2 * .pi / 180)
    }

    @Test func biasConvergesAtRestAndTheVarianceShrinks() {
        var f = SensorGateFilter()
        let before = f.biasSigmaRadps
        let bias = Vector3(0.01, -0.02, 0.015)
        hold(&f, at: OrientationFilterTests.tilted, seconds: 30, gyroBias: bias, mag: false)
        #expect(f.atRest)
        #expect((f.bias - bias).length < 1e-4)
        #expect(f.biasSigmaRadps < before / 5)
    }

    @Test func steadyRotationAboutATiltedAxisDoesNotDiverge() {
        // A steady 0.5 rad/s spin about an axis 30° from the vertical, with a bias, for 10 minutes: the
        // observation is low-passed exactly like its model, so the estimate approaches the bias and stays.
        let bias = Vector3(0.003, 0.004, -0.002)
        let dt = 0.005
        let axis = Vector3(sin(0.5), 0, cos(0.5))
        var truth = Quaternion.euler(roll: 0.2, pitch: 0.1, yaw: 0)
        var f = SensorGateFilter()
        f.update(gyroRadps: .zero, accelMps2: truth.conjugate.rotate(gravityUp), magUT: nil, dtS: 0)
        var errors: [Double] = []
        for i in 1...Int(600 / dt) {
            truth = Quaternion.exp(axis * (0.5 * dt)) * truth
            let body = truth.conjugate.rotate(axis * 0.5)
            f.update(gyroRadps: body + bias, accelMps2: truth.conjugate.rotate(gravityUp), magUT: nil, dtS: dt)
            if i % Int(60 / dt) == 0 { errors.append((f.bias - bias).length) }
        }
        #expect(!f.atRest)
        // Never worse than the start, and better at the end than after the first minute.
        #expect(errors.allSatisfy { $0 < bias.length })
        #expect(errors[errors.count - 1] <= errors[0])
        #expect(inclinationError(f.orientation, truth) < 0.2 * .pi / 180)
    }

    @Test func biasInMotionWithJitteryIntervalsAndASlowMagnetometer() {
        // Intervals of 2–8 ms and a magnetometer on every 8th sample: the bias error still halves and the
        // full orientation stays within half a degree.
        let bias = Vector3(-0.005, 0.004, 0.006)
        var f = SensorGateFilter()
        var truth = Quaternion.euler(roll: 0.3, pitch: -0.2, yaw: 0.5)
        f.update(
            gyroRadps: .zero, accelMps2: truth.conjugate.rotate(gravityUp), magUT: truth.conjugate.rotate(earthField),
            dtS: 0)
        var seed: UInt64 = 7
        var t = 0.0
        var i = 0
        while t < 600 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let dt = 0.002 + 0.006 * Double(seed >> 11) / Double(1 << 53)
            let rate = WobblingIMU.rate(at: t + dt / 2)
            truth = truth * Quaternion.exp(rate * dt)
            t += dt
            f.update(
                gyroRadps: rate + bias, accelMps2: truth.conjugate.rotate(gravityUp),
                magUT: i % 8 == 0 ? truth.conjugate.rotate(earthField) : nil, dtS: dt)
            i += 1
        }
        #expect((f.bias - bias).length < 0.5 * bias.length)
        #expect(f.orientation.angle(to: truth) < 0.5 * .pi / 180)
    }

    @Test func withoutMotionEstimationOnlyRestTeachesTheBias() {
        // biasSigmaMotionRadps = 0 turns the motion estimator off: in motion the estimate stays where it was.
        var p = SensorGateFilter.Parameters()
        p.biasSigmaMotionRadps = 0
        var f = SensorGateFilter(parameters: p)
        var imu = WobblingIMU(bias: Vector3(0.004, -0.006, 0.005), dtS: 0.005)
        f.update(gyroRadps: .zero, accelMps2: imu.truth.conjugate.rotate(gravityUp), magUT: nil, dtS: 0)
        for _ in 0..<Int(120 / imu.dtS) { imu.step(&f, mag: false) }
        #expect(f.bias.length == 0)
    }
}
