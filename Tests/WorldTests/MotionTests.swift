// SensorGate — World tests: motion profiles give consistent orientation, rate and specific force.

import Foundation
import SensorMath
import Testing
import World

@Suite struct MotionTests {
    private let g = 9.80665

    @Test func aLevelBodyAtRestFeelsOneGUpAndTheEarthsRotation() {
        let world = WorldModel()
        let force = world.specificForce(at: 12.5)
        #expect(force == Vector3(0, 0, g))
        let rate = world.angularRate(at: 3)
        // 7.292e-5 rad/s: north component cos(52.5°), up component sin(52.5°).
        #expect(abs(rate.y - 7.292_115e-5 * cos(52.5 * Double.pi / 180)) < 1e-12)
        #expect(abs(rate.z - 7.292_115e-5 * sin(52.5 * Double.pi / 180)) < 1e-12)
        #expect(world.magneticField(at: 0) == world.earthField.enuMicrotesla)
    }

    @Test func aQuarterTurnAboutXPutsGravityOnY() {
        // Body y turns up: the accelerometer's y axis then reads +g.
        let motion = RestMotion(attitude: Quaternion(axis: Vector3(1, 0, 0), angle: Double.pi / 2))
        let force = WorldModel(motion: motion).specificForce(at: 0)
        #expect(abs(force.x) < 1e-12 && abs(force.y - g) < 1e-12 && abs(force.z) < 1e-12)
    }

    @Test func axisRotationTurnsAtItsRate() {
        let motion = AxisRotation(axis: Vector3(0, 0, 2), rateRadps: 0.5)
        #expect(motion.angularRate(at: 1) == Vector3(0, 0, 0.5))
        let quarter = motion.orientation(at: Double.pi)  // 0.5 rad/s × π s = π/2
        let east = quarter.rotate(Vector3(1, 0, 0))
        #expect(abs(east.x) < 1e-12 && abs(east.y - 1) < 1e-12)
    }

    /// Integrating the rate reproduces the orientation: what a perfect gyroscope-only filter would do.
    @Test(arguments: [0 as UInt64, 7, 42])
    func integratingTheRateOfSmoothRandomMotionReproducesItsOrientation(_ seed: UInt64) {
        let motion = SmoothRandomMotion(seed: seed, amplitudeRad: 0.8, bandwidthHz: 2)
        var estimate = motion.orientation(at: 0)
        let step = 1e-3
        for index in 0..<10_000 {
            let t = Double(index) * step
            // Midpoint rule.
            let rate = motion.angularRate(at: t + step / 2)
            estimate = (estimate * Quaternion.exp(rate * step)).normalized
        }
        // Finite differences and the midpoint rule leave about 1e-5 rad after 10 s; a frame or sign
        // error would leave radians.
        #expect(estimate.angle(to: motion.orientation(at: 10)) < 1e-4)
    }

    @Test func smoothRandomMotionDiffersBySeedAndRepeatsForASeed() {
        let a = SmoothRandomMotion(seed: 1)
        #expect(a.orientation(at: 3.3) == SmoothRandomMotion(seed: 1).orientation(at: 3.3))
        #expect(a.orientation(at: 3.3) != SmoothRandomMotion(seed: 2).orientation(at: 3.3))
    }

    @Test func aVehicleFeelsItsSpeedChangeAndTheCentripetalAcceleration() {
        let vehicle = VehicleMotion(hillHeightM: 0)
        // At t = 7.5 s (a quarter of the 30 s turn period) the yaw rate peaks at 0.2 rad/s; the speed
        // is 12 + 4 sin(2π·7.5/40).
        let t = 7.5
        let speed = 12 + 4 * sin(2 * Double.pi * t / 40)
        let world = WorldModel(motion: vehicle)
        let force = world.specificForce(at: t)
        // Body y points left: centripetal v·r to the left in a left turn.
        #expect(abs(force.y - speed * 0.2) < 1e-9)
        #expect(abs(force.x - 4 * 2 * Double.pi / 40 * cos(2 * Double.pi * t / 40)) < 1e-9)
        #expect(abs(force.z - g) < 1e-9)
        #expect(abs(world.angularRate(at: t).z - 0.2 - 7.292_115e-5 * sin(52.5 * Double.pi / 180)) < 1e-6)
        // The analytic acceleration agrees with the numerically differentiated path.
        let numeric =
            (vehicle.position(at: t + 0.5) - 2 * vehicle.position(at: t) + vehicle.position(at: t - 0.5)) / 0.25
        #expect((numeric - vehicle.acceleration(at: t)).length < 0.05)
    }

    @Test func aVehiclesHeightIsItsPositionsHeightWithoutThePath() {
        let vehicle = VehicleMotion()
        for t in [0.0, 17, 60, 3600] { #expect(vehicle.height(at: t) == vehicle.position(at: t).z) }
        #expect(vehicle.height(at: 60) == 10)  // the top of a 10 m hill, half a 120 s period in
    }

    @Test func timelineSegmentsContinueWhereTheLastEnded() {
        let timeline = MotionTimeline(segments: [
            .init(start: 0, profile: RestMotion()),
            .init(start: 10, profile: AxisRotation(axis: Vector3(0, 0, 1), rateRadps: Double.pi / 20)),
            .init(start: 20, profile: AxisRotation(axis: Vector3(1, 0, 0), rateRadps: 0.1)),
        ])
        #expect(timeline.orientation(at: 5) == .identity)
        // After 10 s at π/20 rad/s the body has turned 90° about z and the next segment starts there.
        let turned = Quaternion(axis: Vector3(0, 0, 1), angle: Double.pi / 2)
        #expect(timeline.orientation(at: 20).angle(to: turned) < 1e-9)
        #expect(timeline.orientation(at: 20 - 1e-9).angle(to: timeline.orientation(at: 20)) < 1e-6)
        #expect(timeline.angularRate(at: 25) == Vector3(0.1, 0, 0))
    }
}

@Suite struct RestWorldTests {
    private let tilt = Quaternion(axis: Vector3(1, 2, -0.5), angle: 0.7)

    private func close(_ a: Vector3, _ b: Vector3) -> Bool {
        abs(a.x - b.x) < 1e-9 && abs(a.y - b.y) < 1e-9 && abs(a.z - b.z) < 1e-9
    }

    @Test func aWorldAtRestReadsWhatAStillRotationReadsAtEveryInstant() {
        let resting = WorldModel(motion: RestMotion(attitude: tilt), latitudeDeg: 47)
        let still = WorldModel(
            motion: AxisRotation(attitude: tilt, axis: Vector3(0, 0, 1), rateRadps: 0), latitudeDeg: 47)
        for t in [0, 0.000_312_5, 17.25, 86_399.999] {
            #expect(close(resting.specificForce(at: t), still.specificForce(at: t)), "t = \(t)")
            #expect(close(resting.angularRate(at: t), still.angularRate(at: t)), "t = \(t)")
            #expect(close(resting.magneticField(at: t), still.magneticField(at: t)), "t = \(t)")
            #expect(resting.height(at: t) == 0)
        }
    }

    @Test func changingTheLatitudeFieldOrMotionOfARestingWorldTakesEffect() {
        var world = WorldModel(motion: RestMotion(attitude: tilt))
        let rate = world.angularRate(at: 5)
        world.latitudeDeg = -33.9
        #expect(
            world.angularRate(at: 5)
                == WorldModel(motion: RestMotion(attitude: tilt), latitudeDeg: -33.9).angularRate(at: 5))
        #expect(world.angularRate(at: 5) != rate)

        let field = EarthField(latitudeDeg: -33.9, longitudeDeg: 18.4)
        world.earthField = field
        let expected = WorldModel(motion: RestMotion(attitude: tilt), latitudeDeg: -33.9, earthField: field)
        #expect(world.magneticField(at: 5) == expected.magneticField(at: 5))

        world.motion = AxisRotation(attitude: tilt, axis: Vector3(0, 1, 0), rateRadps: 0.5)
        #expect(!close(world.specificForce(at: 0), world.specificForce(at: 1)))
        world.motion = RestMotion()
        #expect(world.specificForce(at: 1) == Vector3(0, 0, 9.80665))
    }
}
