// SensorGate — Edge tests: the orientation filters on synthetic motion.

import Edge
import Foundation
import SensorMath
import Testing

/// The field in ENU used by the synthetic tests: 44 µT, dipping 60° down, pointing north.
let earthField = Vector3(0, 22, -38.1)
let gravityUp = Vector3(0, 0, 9.81)

/// Feeds `filter` the readings of an IMU held at orientation `truth` (IMU to ENU) for `seconds`.
func hold<F: OrientationFilter>(
    _ filter: inout F, at truth: Quaternion, seconds: Double, dt: Double = 0.01, gyroBias: Vector3 = .zero,
    mag: Bool = true
) {
    let accel = truth.conjugate.rotate(gravityUp)
    let field = truth.conjugate.rotate(earthField)
    for _ in 0..<Int(seconds / dt) {
        filter.update(gyroRadps: gyroBias, accelMps2: accel, magUT: mag ? field : nil, dtS: dt)
    }
}

/// The tilt (inclination) error in radians: the angle between the true and estimated up directions.
func inclinationError(_ estimate: Quaternion, _ truth: Quaternion) -> Double {
    let up = Vector3(0, 0, 1)
    let a = estimate.conjugate.rotate(up)
    let b = truth.conjugate.rotate(up)
    return acos(min(1, a.dot(b)))
}

@Suite struct OrientationFilterTests {
    static let tilted = Quaternion.euler(roll: 0.4, pitch: -0.3, yaw: 1.0)

    @Test(arguments: ["sensorgate", "madgwick", "mahony"])
    func restConvergesToTheTrueInclination(name: String) {
        // Start from a wrong orientation (first sample level), then hold still tilted.
        func run<F: OrientationFilter>(_ filter: inout F) -> Quaternion {
            filter.update(gyroRadps: .zero, accelMps2: gravityUp, magUT: earthField, dtS: 0.01)
            hold(&filter, at: Self.tilted, seconds: 60)
            return filter.orientation
        }
        let estimate: Quaternion
        switch name {
        case "madgwick":
            var f = MadgwickFilter()
            estimate = run(&f)
        case "mahony":
            var f = MahonyFilter()
            estimate = run(&f)
        default:
            var f = SensorGateFilter()
            estimate = run(&f)
        }
        #expect(inclinationError(estimate, Self.tilted) < 0.5 * .pi / 180)
        #expect(estimate.angle(to: Self.tilted) < 1.0 * .pi / 180)
    }

    @Test func firstSampleInitialisesFromAccelerometerAndMagnetometer() {
        var f = SensorGateFilter()
        hold(&f, at: Self.tilted, seconds: 0.01)
        #expect(f.orientation.angle(to: Self.tilted) < 1e-6)
        var m = MadgwickFilter()
        hold(&m, at: Self.tilted, seconds: 0.01)
        #expect(m.orientation.angle(to: Self.tilted) < 1e-6)
    }

    @Test func constantRotationIntegratesExactly() {
        // No accelerometer information (zero), so the gyroscope alone moves the estimate.
        var f = MahonyFilter(kp: 0, ki: 0)
        f.update(gyroRadps: .zero, accelMps2: gravityUp, magUT: nil, dtS: 0)
        let rate = Vector3(0.3, -0.2, 1.1)
        for _ in 0..<1000 { f.update(gyroRadps: rate, accelMps2: .zero, magUT: nil, dtS: 0.005) }
        let expected = Quaternion.exp(rate * 5)
        #expect(f.orientation.angle(to: expected) < 1e-6)
    }

    @Test func ourFilterFollowsAFastRotationAboutUp() {
        // Spinning about the vertical at 2 rad/s while gravity stays up: inclination must not suffer.
        var f = SensorGateFilter()
        let dt = 0.005
        var truth = Quaternion.identity
        f.update(gyroRadps: .zero, accelMps2: gravityUp, magUT: earthField, dtS: 0)
        for _ in 0..<2000 {
            truth = truth * Quaternion.exp(Vector3(0, 0, 2 * dt))
            f.update(
                gyroRadps: Vector3(0, 0, 2), accelMps2: gravityUp, magUT: truth.conjugate.rotate(earthField), dtS: dt)
        }
        #expect(f.orientation.angle(to: truth) < 0.2 * .pi / 180)
    }

    @Test func restBiasEstimationRecoversAnInjectedBias() {
        var f = SensorGateFilter()
        let bias = Vector3(0.01, -0.02, 0.015)
        hold(&f, at: Self.tilted, seconds: 20, gyroBias: bias)
        #expect(f.atRest)
        #expect((f.bias - bias).length < 1e-4)
        // With the bias known, the heading no longer drifts without a magnetometer.
        let before = f.orientation
        hold(&f, at: Self.tilted, seconds: 60, gyroBias: bias, mag: false)
        #expect(f.orientation.angle(to: before) < 0.1 * .pi / 180)
    }

    @Test func steadyRotationIsNotRestAndLeavesTheBiasAlone() {
        // A steady 0.5 rad/s spin about up is "quiet" (no deviation from its own mean) but is not rest, and
        // the filter learns no bias from it (the inclination never needs correcting).
        var f = SensorGateFilter()
        let dt = 0.01
        var truth = Self.tilted
        f.update(gyroRadps: .zero, accelMps2: truth.conjugate.rotate(gravityUp), magUT: nil, dtS: 0)
        for _ in 0..<6000 {
            truth = Quaternion.exp(Vector3(0, 0, 0.5 * dt)) * truth
            let body = truth.conjugate.rotate(Vector3(0, 0, 0.5))
            f.update(gyroRadps: body, accelMps2: truth.conjugate.rotate(gravityUp), magUT: nil, dtS: dt)
        }
        #expect(!f.atRest)
        #expect(f.bias.length < 1e-5)
        #expect(inclinationError(f.orientation, truth) < 0.1 * .pi / 180)
    }

    @Test func magneticDisturbanceDoesNotTiltAndBarelyTurns() {
        var f = SensorGateFilter()
        hold(&f, at: Self.tilted, seconds: 30)
        // A magnet nearby for 10 s: the field doubles and swings 40° in the IMU frame.
        let accel = Self.tilted.conjugate.rotate(gravityUp)
        let disturbed = Quaternion.exp(Vector3(0.7, 0, 0)).rotate(Self.tilted.conjugate.rotate(earthField)) * 2
        for _ in 0..<1000 { f.update(gyroRadps: .zero, accelMps2: accel, magUT: disturbed, dtS: 0.01) }
        #expect(f.magneticDisturbance)
        #expect(inclinationError(f.orientation, Self.tilted) < 0.01 * .pi / 180)
        #expect(f.orientation.angle(to: Self.tilted) < 0.5 * .pi / 180)
        // The magnet goes away: the field is trusted again.
        hold(&f, at: Self.tilted, seconds: 5)
        #expect(!f.magneticDisturbance)
    }

    @Test func magneticErrorsNeverTilt() {
        // Even an undisturbed-looking field that points wrongly only turns the heading.
        var f = SensorGateFilter()
        hold(&f, at: Self.tilted, seconds: 5)
        let accel = Self.tilted.conjugate.rotate(gravityUp)
        let turned = Self.tilted.conjugate.rotate(Quaternion.exp(Vector3(0, 0, 0.3)).rotate(earthField))
        for _ in 0..<3000 { f.update(gyroRadps: .zero, accelMps2: accel, magUT: turned, dtS: 0.01) }
        #expect(inclinationError(f.orientation, Self.tilted) < 1e-6)
        #expect(f.orientation.angle(to: Self.tilted) > 0.2)
    }

    @Test func variableIntervalsAndASlowMagnetometer() {
        // Rotating about a tilted axis with jittery intervals (2–8 ms) and a magnetometer every 10th sample.
        var f = SensorGateFilter()
        var truth = Self.tilted
        f.update(
            gyroRadps: .zero, accelMps2: truth.conjugate.rotate(gravityUp), magUT: truth.conjugate.rotate(earthField),
            dtS: 0)
        let rate = Vector3(0.3, 0.5, -0.4)
        var seed: UInt64 = 42
        for i in 0..<20_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let dt = 0.002 + 0.006 * Double(seed >> 11) / Double(1 << 53)
            truth = truth * Quaternion.exp(rate * dt)
            f.update(
                gyroRadps: rate, accelMps2: truth.conjugate.rotate(gravityUp),
                magUT: i % 10 == 0 ? truth.conjugate.rotate(earthField) : nil, dtS: dt)
        }
        #expect(f.orientation.angle(to: truth) < 0.2 * .pi / 180)
    }
}
