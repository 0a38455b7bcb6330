// SensorGate — Edge tests: our filter's rest detection under slow motion, and the magnetometer's observation of
// the vertical gyroscope bias, on synthetic motion with a known bias.

import Edge
import Foundation
import SensorMath
import Testing

@Suite struct SensorGateFilterRestTests {
    /// Feeds `seconds` of motion at `rate(t)` (body frame, rad/s) from `start`, with a gyroscope bias and, when
    /// `field` gives one, a magnetometer on every 4th sample; returns the truth at the end.
    static func run(
        _ f: inout SensorGateFilter, from start: Quaternion, seconds: Double, dtS: Double = 0.005,
        bias: Vector3, rate: (Double) -> Vector3, field: ((Double, Quaternion) -> Vector3?)? = nil,
        onSample: (SensorGateFilter) -> Void = { _ in }
    ) -> Quaternion {
        var truth = start
        f.update(gyroRadps: .zero, accelMps2: truth.conjugate.rotate(gravityUp), magUT: field?(0, truth), dtS: 0)
        var t = 0.0
        var i = 0
        while t < seconds {
            let w = rate(t + dtS / 2)
            truth = truth * Quaternion.exp(w * dtS)
            t += dtS
            i += 1
            f.update(
                gyroRadps: w + bias, accelMps2: truth.conjugate.rotate(gravityUp),
                magUT: i % 4 == 0 ? field?(t, truth) : nil, dtS: dtS)
            onSample(f)
        }
        return truth
    }

    @Test func aSlowSwayIsNotRest() {
        // 0.5°/s about a horizontal axis: the gyroscope's deviation from its mean and the mean itself pass the
        // rest tests (below 2°/s), but the gravity direction turns, so it is motion. Taken for rest, its rate
        // was learnt as bias with the rest's weight (σ 0.01°/s): 0.5°/s of bias error within seconds.
        var f = SensorGateFilter()
        var rested = false
        let sway = 0.5 * Double.pi / 180
        _ = Self.run(
            &f, from: .identity, seconds: 20, bias: .zero, rate: { _ in Vector3(sway, 0, 0) },
            onSample: { rested = rested || $0.atRest })
        #expect(!rested)
        #expect(f.bias.length < 0.05 * .pi / 180, "bias \(f.bias.length * 180 / .pi)°/s learnt from a sway")
    }

    @Test func restIsStillFoundWithNoisyReadings() {
        // At rest the low-passed gravity direction stands still to far better than the 0.1° bound, even with
        // 0.02 m/s² of noise on each sample (an LSM6DSO's is about 0.01 m/s² at 833 Hz).
        var f = SensorGateFilter()
        var seed: UInt64 = 3
        func noise() -> Double {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(seed >> 11) / Double(1 << 53) - 0.5) * 0.07
        }
        let bias = Vector3(0.01, -0.02, 0.015)
        let accel = OrientationFilterTests.tilted.conjugate.rotate(gravityUp)
        f.update(gyroRadps: bias, accelMps2: accel, magUT: nil, dtS: 0)
        for _ in 0..<Int(10 / 0.005) {
            f.update(
                gyroRadps: bias, accelMps2: accel + Vector3(noise(), noise(), noise()), magUT: nil, dtS: 0.005)
        }
        #expect(f.atRest)
        #expect((f.bias - bias).length < 1e-3)
    }

    /// A turn about the vertical only, up to ±17°/s: the inclination never sees the vertical bias.
    static func yaw(_ t: Double) -> Vector3 { Vector3(0, 0, 0.3 * sin(0.2 * t)) }

    @Test func theMagnetometerTeachesTheVerticalBias() {
        let bias = Vector3(0, 0, 0.8 * .pi / 180)
        var f = SensorGateFilter()
        let truth = Self.run(
            &f, from: .identity, seconds: 120, bias: bias, rate: Self.yaw,
            field: { _, q in q.conjugate.rotate(earthField) })
        #expect(!f.atRest)
        #expect(abs(f.bias.z - bias.z) < 0.05 * .pi / 180, "vertical bias \(f.bias.z * 180 / .pi)°/s")
        #expect(f.orientation.angle(to: truth) < 1 * .pi / 180)
        // Without the magnetometer the vertical bias cannot be seen at all.
        var six = SensorGateFilter()
        _ = Self.run(&six, from: .identity, seconds: 120, bias: bias, rate: Self.yaw)
        #expect(abs(six.bias.z - bias.z) > 0.7 * .pi / 180)
    }

    @Test func aDisturbedFieldTeachesNoBias() {
        // A magnet moving about near the gateway: the field's norm swings by ±40 %, so it is never steady and
        // its heading (wrong by tens of degrees) must not reach the bias.
        let bias = Vector3(0, 0, 0.8 * .pi / 180)
        var f = SensorGateFilter()
        _ = Self.run(
            &f, from: .identity, seconds: 120, bias: bias, rate: Self.yaw,
            field: { t, q in
                t < 1 ? q.conjugate.rotate(earthField) : q.conjugate.rotate(earthField) * (1 + 0.4 * sin(3 * t))
            })
        #expect(f.magneticDisturbance)
        #expect(abs(f.bias.z) < 0.01 * .pi / 180, "vertical bias \(f.bias.z * 180 / .pi)°/s from a disturbed field")
    }
}
