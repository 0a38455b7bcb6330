// SensorGate — SensorMath: unit quaternions for orientations (scalar first, Hamilton convention).

import Foundation

/// A quaternion w + xi + yj + zk. As an orientation it rotates body-frame vectors into the
/// East-North-Up frame: v_enu = q ⊗ v_body ⊗ q*.
public struct Quaternion: Sendable, Hashable, CustomStringConvertible {
    /// The scalar part.
    public var w: Double
    /// The i component.
    public var x: Double
    /// The j component.
    public var y: Double
    /// The k component.
    public var z: Double

    /// Creates a quaternion.
    /// - Parameters:
    ///   - w: scalar part.
    ///   - x: i.
    ///   - y: j.
    ///   - z: k.
    public init(w: Double, x: Double, y: Double, z: Double) {
        self.w = w
        self.x = x
        self.y = y
        self.z = z
    }

    /// No rotation.
    public static let identity = Quaternion(w: 1, x: 0, y: 0, z: 0)

    /// The rotation by `angle` radians about `axis` (right hand).
    /// - Parameters:
    ///   - axis: the axis (need not be unit length; zero gives the identity).
    ///   - angle: the angle in radians.
    public init(axis: Vector3, angle: Double) {
        let unit = axis.normalized
        let half = angle / 2
        let s = sin(half)
        self.init(w: cos(half), x: unit.x * s, y: unit.y * s, z: unit.z * s)
    }

    /// The rotation of a rotation vector (axis times angle in radians), exact for any size.
    /// - Parameter vector: the rotation vector.
    /// - Returns: the quaternion.
    public static func exp(_ vector: Vector3) -> Quaternion {
        let angle = vector.length
        return angle < 1e-12
            ? Quaternion(w: 1, x: vector.x / 2, y: vector.y / 2, z: vector.z / 2).normalized
            : Quaternion(axis: vector, angle: angle)
    }

    /// From Tait–Bryan angles, applied yaw (about z), then pitch (about the new y), then roll (about
    /// the new x), all in radians.
    /// - Parameters:
    ///   - roll: about x.
    ///   - pitch: about y.
    ///   - yaw: about z.
    /// - Returns: the quaternion.
    public static func euler(roll: Double, pitch: Double, yaw: Double) -> Quaternion {
        Quaternion(axis: Vector3(0, 0, 1), angle: yaw) * Quaternion(axis: Vector3(0, 1, 0), angle: pitch)
            * Quaternion(axis: Vector3(1, 0, 0), angle: roll)
    }

    /// The norm.
    public var norm: Double { (w * w + x * x + y * y + z * z).squareRoot() }
    /// Scaled to unit norm.
    public var normalized: Quaternion {
        let n = norm
        return n > 0 ? Quaternion(w: w / n, x: x / n, y: y / n, z: z / n) : .identity
    }
    /// The conjugate, which for a unit quaternion is the inverse rotation.
    public var conjugate: Quaternion { Quaternion(w: w, x: -x, y: -y, z: -z) }

    /// `(w, x, y, z)`.
    public var description: String { "(\(w), \(x), \(y), \(z))" }

    /// The Hamilton product: the rotation `b` followed by `a` when both rotate vectors.
    public static func * (a: Quaternion, b: Quaternion) -> Quaternion {
        Quaternion(
            w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
            x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
            y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
            z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w)
    }

    /// Rotates a vector: q ⊗ v ⊗ q*.
    /// - Parameter v: the vector.
    /// - Returns: the rotated vector.
    public func rotate(_ v: Vector3) -> Vector3 {
        let u = Vector3(x, y, z)
        let t = 2 * u.cross(v)
        return v + w * t + u.cross(t)
    }

    /// The angle in radians between this orientation and another (0…π).
    /// - Parameter other: the other orientation.
    /// - Returns: the angle of the rotation taking one to the other.
    public func angle(to other: Quaternion) -> Double {
        let d = abs(w * other.w + x * other.x + y * other.y + z * other.z)
        return 2 * acos(min(1, d))
    }
}
