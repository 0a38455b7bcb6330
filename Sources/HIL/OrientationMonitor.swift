// SensorGate — HIL: the orientation an edge filter estimates from the IMU, against the world's truth.

import Edge
import Foundation
import SensorMath
import World

/// Runs the Mahony filter (docs/fusion.md) on an IMU's readings, with the latest magnetometer reading
/// turned into the IMU's axes, and measures the angle between its estimate (corrected for the site's
/// declination, as a deployment configures it) and the world's orientation of the IMU.
///
/// A magnetometer part reads the field plus a hard-iron offset of tens of µT, which a deployment
/// calibrates once when it is installed. The monitor does the same: during the first half of the
/// settling time it runs without the magnetometer and averages the difference between its readings and
/// the world's field in the IMU's axes; from then on it feeds the filter the readings less that offset.
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
    private var calibratedFromS = 0.0
    private var offsetSum = Vector3.zero
    private var offsetCount = 0
    private var hardIron: Vector3?
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
        calibratedFromS = t + settleS / 2
        offsetSum = .zero
        offsetCount = 0
        hardIron = nil
    }

    /// A magnetometer reading at `t` seconds in its chip's axes (`axes` relative to the body), µT.
    mutating func magnetometer(at t: Double, _ components: [Double], axes: Quaternion) {
        guard components.count == 3 else { return }
        let body = axes.rotate(Vector3(components[0], components[1], components[2]))
        let reading = imuAxes.conjugate.rotate(body)
        if t < calibratedFromS {
            let truth = (world.motion.orientation(at: t) * imuAxes).conjugate.rotate(world.earthField.enuMicrotesla)
            offsetSum = offsetSum + (reading - truth)
            offsetCount += 1
            return
        }
        if hardIron == nil { hardIron = offsetCount > 0 ? offsetSum / Double(offsetCount) : .zero }
        mag = reading - (hardIron ?? .zero)
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
