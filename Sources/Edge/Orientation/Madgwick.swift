// SensorGate — Edge: Madgwick's gradient-descent filter (6- and 9-axis), a reference.

import Foundation
import SensorMath

/// Madgwick's filter: gyroscope integration pulled along the normalised gradient of the accelerometer (and
/// magnetometer) alignment error, with gain `beta`. S. O. H. Madgwick, "An efficient orientation filter for
/// inertial and inertial/magnetic sensor arrays", 2010. Internally North-West-Up, as in the paper.
public struct MadgwickFilter: OrientationFilter, Sendable {
    /// The gradient-descent gain with the magnetometer (the paper's 0.041).
    public var beta9: Double
    /// The gradient-descent gain without the magnetometer (the paper's 0.033).
    public var beta6: Double
    /// The orientation of the IMU in North-West-Up.
    private var q = Quaternion.identity
    private var initialised = false

    /// Creates a filter.
    /// - Parameters:
    ///   - beta9: gain for 9-axis updates.
    ///   - beta6: gain for 6-axis updates.
    public init(beta9: Double = 0.041, beta6: Double = 0.033) {
        self.beta9 = beta9
        self.beta6 = beta6
    }

    /// The ENU orientation (NWU turned by +90° about up).
    public var orientation: Quaternion {
        let c = 0.5.squareRoot()
        return Quaternion(w: c, x: 0, y: 0, z: c) * q
    }

    /// Feeds one sample (see ``OrientationFilter``).
    public mutating func update(gyroRadps g: Vector3, accelMps2: Vector3, magUT: Vector3?, dtS dt: Double) {
        if !initialised {
            let c = 0.5.squareRoot()
            q = Quaternion(w: c, x: 0, y: 0, z: -c) * OrientationMath.initial(accel: accelMps2, mag: magUT)
            initialised = true
            return
        }
        let (q0, q1, q2, q3) = (q.w, q.x, q.y, q.z)
        // Rate of change from the gyroscope: ½ q ⊗ (0, ω).
        var dw = 0.5 * (-q1 * g.x - q2 * g.y - q3 * g.z)
        var dx = 0.5 * (q0 * g.x + q2 * g.z - q3 * g.y)
        var dy = 0.5 * (q0 * g.y - q1 * g.z + q3 * g.x)
        var dz = 0.5 * (q0 * g.z + q1 * g.y - q2 * g.x)
        let an = accelMps2.length
        if an > 0 {
            let a = accelMps2 / an
            // Accelerometer objective f = q* ⊗ (0,0,1) ⊗ q − a and its Jacobian, as J^T f.
            let f0 = 2 * (q1 * q3 - q0 * q2) - a.x
            let f1 = 2 * (q0 * q1 + q2 * q3) - a.y
            let f2 = 2 * (0.5 - q1 * q1 - q2 * q2) - a.z
            var s0 = -2 * q2 * f0 + 2 * q1 * f1
            var s1 = 2 * q3 * f0 + 2 * q0 * f1 - 4 * q1 * f2
            var s2 = -2 * q0 * f0 + 2 * q3 * f1 - 4 * q2 * f2
            var s3 = 2 * q1 * f0 + 2 * q2 * f1
            var beta = beta6
            if let magUT, magUT.length > 0 {
                beta = beta9
                let m = magUT / magUT.length
                // The field in the earth frame, flattened onto the north–up plane.
                let h = q.rotate(m)
                let bx = (h.x * h.x + h.y * h.y).squareRoot()
                let bz = h.z
                let f3 = 2 * bx * (0.5 - q2 * q2 - q3 * q3) + 2 * bz * (q1 * q3 - q0 * q2) - m.x
                let f4 = 2 * bx * (q1 * q2 - q0 * q3) + 2 * bz * (q0 * q1 + q2 * q3) - m.y
                let f5 = 2 * bx * (q0 * q2 + q1 * q3) + 2 * bz * (0.5 - q1 * q1 - q2 * q2) - m.z
                s0 += -2 * bz * q2 * f3 + (-2 * bx * q3 + 2 * bz * q1) * f4 + 2 * bx * q2 * f5
                s1 += 2 * bz * q3 * f3 + (2 * bx * q2 + 2 * bz * q0) * f4 + (2 * bx * q3 - 4 * bz * q1) * f5
                s2 +=
                    (-4 * bx * q2 - 2 * bz * q0) * f3 + (2 * bx * q1 + 2 * bz * q3) * f4
                    + (2 * bx * q0 - 4 * bz * q2) * f5
                s3 += (-4 * bx * q3 + 2 * bz * q1) * f3 + (-2 * bx * q0 + 2 * bz * q2) * f4 + 2 * bx * q1 * f5
            }
            let sn = (s0 * s0 + s1 * s1 + s2 * s2 + s3 * s3).squareRoot()
            if sn > 0 {
                let k = beta / sn
                dw -= k * s0
                dx -= k * s1
                dy -= k * s2
                dz -= k * s3
            }
        }
        q = OrientationMath.normalize(Quaternion(w: q0 + dw * dt, x: q1 + dx * dt, y: q2 + dy * dt, z: q3 + dz * dt))
    }
}
