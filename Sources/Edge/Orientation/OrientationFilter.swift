// SensorGate — Edge: the common face of every orientation filter, and helpers they share.

import Foundation
import SensorMath

/// An attitude and heading reference: gyroscope, accelerometer and (optionally) magnetometer samples in,
/// orientation out. Pure state: no I/O and no clock; time enters only as the sample interval.
public protocol OrientationFilter {
    /// Feeds one sample. The first call initialises the orientation from the accelerometer (and the
    /// magnetometer when given) without integrating the gyroscope.
    /// - Parameters:
    ///   - gyroRadps: angular rate in the IMU frame, rad/s.
    ///   - accelMps2: specific force in the IMU frame, m/s² (about +9.81 upwards at rest).
    ///   - magUT: magnetic field in the IMU frame, µT, or nil when no magnetometer sample came with this one.
    ///   - dtS: seconds since the previous sample.
    mutating func update(gyroRadps: Vector3, accelMps2: Vector3, magUT: Vector3?, dtS: Double)

    /// The estimate: the unit quaternion (scalar first) that rotates IMU-frame vectors into East-North-Up.
    var orientation: Quaternion { get }
}

/// Helpers shared by the filters.
enum OrientationMath {
    /// The orientation that makes `accel` point up and, with `mag`, the field's horizontal part point north.
    /// Without a magnetometer the heading is whatever the smallest tilting rotation gives.
    static func initial(accel: Vector3, mag: Vector3?) -> Quaternion {
        let up = accel.normalized
        guard up.length > 0 else { return .identity }
        if let mag {
            let east = mag.cross(up).normalized
            if east.length > 0 {
                let north = up.cross(east)
                return fromRows(east, north, up)
            }
        }
        return tilt(from: up)
    }

    /// The smallest rotation taking the unit vector `v` onto +z.
    static func tilt(from v: Vector3) -> Quaternion {
        let w = ((v.z + 1) / 2).squareRoot()
        guard w > 1e-6 else { return Quaternion(w: 0, x: 1, y: 0, z: 0) }
        return Quaternion(w: w, x: v.y / (2 * w), y: -v.x / (2 * w), z: 0)
    }

    /// The quaternion of the rotation matrix with the given rows (Shepperd's method).
    static func fromRows(_ r0: Vector3, _ r1: Vector3, _ r2: Vector3) -> Quaternion {
        let trace = r0.x + r1.y + r2.z
        if trace > 0 {
            let s = 2 * (trace + 1).squareRoot()
            return Quaternion(w: s / 4, x: (r2.y - r1.z) / s, y: (r0.z - r2.x) / s, z: (r1.x - r0.y) / s)
        } else if r0.x > r1.y && r0.x > r2.z {
            let s = 2 * (1 + r0.x - r1.y - r2.z).squareRoot()
            return Quaternion(w: (r2.y - r1.z) / s, x: s / 4, y: (r0.y + r1.x) / s, z: (r0.z + r2.x) / s)
        } else if r1.y > r2.z {
            let s = 2 * (1 + r1.y - r0.x - r2.z).squareRoot()
            return Quaternion(w: (r0.z - r2.x) / s, x: (r0.y + r1.x) / s, y: s / 4, z: (r1.z + r2.y) / s)
        } else {
            let s = 2 * (1 + r2.z - r0.x - r1.y).squareRoot()
            return Quaternion(w: (r1.x - r0.y) / s, x: (r0.z + r2.x) / s, y: (r1.z + r2.y) / s, z: s / 4)
        }
    }

    /// `q ⊗ exp(ω dt)`: integrates a constant body rate exactly over `dt`, renormalised. Small angles use a
    /// series that is exact to double precision, so the common case needs no sine or cosine.
    @inline(__always)
    static func integrate(_ q: Quaternion, rate: Vector3, dt: Double) -> Quaternion {
        let theta2 = (rate.x * rate.x + rate.y * rate.y + rate.z * rate.z) * dt * dt
        let c: Double
        let s: Double  // sin(θ/2)/θ · dt, the factor on the rate
        if theta2 < 0.01 {
            let h2 = theta2 / 4
            c = 1 - h2 / 2 + h2 * h2 / 24 - h2 * h2 * h2 / 720
            s = (0.5 - h2 / 12 + h2 * h2 / 240 - h2 * h2 * h2 / 10080) * dt
        } else {
            let theta = theta2.squareRoot()
            c = cos(theta / 2)
            s = sin(theta / 2) / theta * dt
        }
        let d = Quaternion(w: c, x: rate.x * s, y: rate.y * s, z: rate.z * s)
        return normalize(q * d)
    }

    /// Scales to unit norm (no check for zero; filter quaternions never are).
    @inline(__always)
    static func normalize(_ q: Quaternion) -> Quaternion {
        let n = 1 / (q.w * q.w + q.x * q.x + q.y * q.y + q.z * q.z).squareRoot()
        return Quaternion(w: q.w * n, x: q.x * n, y: q.y * n, z: q.z * n)
    }

    /// The rotation by `angle` about the vertical axis.
    @inline(__always)
    static func heading(_ angle: Double) -> Quaternion {
        Quaternion(w: cos(angle / 2), x: 0, y: 0, z: sin(angle / 2))
    }

    /// `angle` wrapped into (−π, π].
    @inline(__always)
    static func wrap(_ angle: Double) -> Double {
        var a = angle
        while a > .pi { a -= 2 * .pi }
        while a <= -.pi { a += 2 * .pi }
        return a
    }
}
