// SensorGate — HIL: the orientation an edge filter estimates from the IMU, against the world's truth.

import Edge
import Foundation
import SensorMath
import World

/// Runs the Mahony filter (docs/fusion.md) on an IMU's readings, with the latest magnetometer reading
/// turned into the IMU's axes, and measures the angle between its estimate (corrected for the site's
/// declination, as a deployment configures it) and the world's orientation of the IMU.
struct OrientationMonitor {
    let world: WorldModel
    /// The IMU's axes relative to the body.
    let imuAxes: Quaternion
    /// Magnetic north to true north: a turn about Up by minus the declination.
    let declination: Quaternion
    let settleS: Double
    private var filter = MahonyFilter()
    private var lastS: Double?
    private var mag: Vector3?
    private var settledFromS = 0.0
    private var count = 0
    /// The largest error after settling, degrees.
    private(set) var maxErrorDeg = 0.0
    /// When it happened.
    private(set) var maxErrorAtS = 0.0
    /// Error over time, degrees.
    private(set) var series: Series

    init(world: WorldModel, imuAxes: Quaternion, settleS: Double, stepS: Double) {
        self.world = world
        self.imuAxes = imuAxes
        self.settleS = settleS
        let field = world.earthField.enuMicrotesla
        declination = Quaternion(axis: Vector3(0, 0, 1), angle: -atan2(field.x, field.y))
        series = Series(stepS: stepS)
    }

    /// A gateway (re)started at `t`: the filter starts over and settles again.
    mutating func restart(at t: Double) {
        filter = MahonyFilter()
        lastS = nil
        mag = nil
        settledFromS = t + settleS
    }

    /// A magnetometer reading in its chip's axes (`axes` relative to the body), µT.
    mutating func magnetometer(_ components: [Double], axes: Quaternion) {
        guard components.count == 3 else { return }
        let body = axes.rotate(Vector3(components[0], components[1], components[2]))
        mag = imuAxes.conjugate.rotate(body)
    }

    /// An IMU reading at `t` seconds.
    mutating func imu(at t: Double, accel: [Double], gyro: [Double]) {
        guard accel.count == 3, gyro.count == 3 else { return }
        let dt = lastS.map { t - $0 } ?? 0
        lastS = t
        guard dt >= 0, dt < 1 else { return }
        filter.update(
            gyroRadps: Vector3(gyro[0], gyro[1], gyro[2]), accelMps2: Vector3(accel[0], accel[1], accel[2]),
            magUT: mag, dtS: dt)
        count += 1
        guard t >= settledFromS, count % 8 == 0 || series.wants(t) else { return }
        let truth = world.motion.orientation(at: t) * imuAxes
        let estimate = declination * filter.orientation
        let errorDeg = estimate.angle(to: truth) * 180 / Double.pi
        if errorDeg > maxErrorDeg {
            maxErrorDeg = errorDeg
            maxErrorAtS = t
        }
        series.add(t, [errorDeg])
    }
}
