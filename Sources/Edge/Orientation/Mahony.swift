// SensorGate — Edge: Mahony's nonlinear complementary filter (6- and 9-axis), a reference.

import Foundation
import SensorMath

/// Mahony's explicit complementary filter: a proportional-integral correction of the gyroscope by the
/// cross product of measured and predicted directions. R. Mahony, T. Hamel, J.-M. Pflimlin, "Nonlinear
/// complementary filters on the special orthogonal group", IEEE TAC 53(5), 2008.
public struct MahonyFilter: OrientationFilter, Sendable {
    /// Proportional gain, 1/s.
    public var kp: Double
    /// Integral gain (bias estimation), 1/s².
    public var ki: Double
    /// The integral term: the filter's gyroscope bias estimate, rad/s.
    public private(set) var bias = Vector3.zero
    /// The current estimate (IMU to ENU).
    public private(set) var orientation = Quaternion.identity
    private var initialised = false

    /// Creates a filter.
    /// - Parameters:
    ///   - kp: proportional gain.
    ///   - ki: integral gain.
    public init(kp: Double = 1.0, ki: Double = 0.3) {
        self.kp = kp
        self.ki = ki
    }

    /// Feeds one sample (see ``OrientationFilter``).
    public mutating func update(gyroRadps: Vector3, accelMps2: Vector3, magUT: Vector3?, dtS dt: Double) {
        if !initialised {
            orientation = OrientationMath.initial(accel: accelMps2, mag: magUT)
            initialised = true
            return
        }
        let q = orientation
        var error = Vector3.zero
        let an = accelMps2.length
        if an > 0 {
            // Predicted up direction in the IMU frame.
            let v = Vector3(2 * (q.x * q.z - q.w * q.y), 2 * (q.w * q.x + q.y * q.z), 1 - 2 * (q.x * q.x + q.y * q.y))
            error = (accelMps2 / an).cross(v)
            if let magUT, magUT.length > 0 {
                let m = magUT / magUT.length
                let h = q.rotate(m)
                let b = Vector3(0, (h.x * h.x + h.y * h.y).squareRoot(), h.z)
                let w = q.conjugate.rotate(b)
                error = error + m.cross(w)
            }
        }
        bias = bias - ki * dt * error
        let rate = gyroRadps - bias + kp * error
        orientation = OrientationMath.integrate(q, rate: rate, dt: dt)
    }
}
