// SensorGate — World: how a body moves, as pure functions of time.

import Foundation
import SensorMath

/// A motion of the gateway's body: orientation and position as functions of time, from which the
/// angular rate and the acceleration follow. Every function is pure, so chips sampling at different
/// instants see one consistent motion.
public protocol MotionProfile: Sendable {
    /// The orientation at `t` seconds: rotates body-frame vectors into East-North-Up.
    /// - Parameter t: seconds since the start of the world.
    /// - Returns: a unit quaternion.
    func orientation(at t: Double) -> Quaternion
    /// The position at `t` seconds in metres, East-North-Up from the starting point (z is height).
    /// - Parameter t: seconds since the start of the world.
    /// - Returns: the position.
    func position(at t: Double) -> Vector3
    /// The angular rate in the body frame in rad/s.
    /// - Parameter t: seconds since the start of the world.
    /// - Returns: the rate.
    func angularRate(at t: Double) -> Vector3
    /// The kinematic acceleration in East-North-Up, m/s² (gravity not included).
    /// - Parameter t: seconds since the start of the world.
    /// - Returns: the acceleration.
    func acceleration(at t: Double) -> Vector3
    /// The height above the starting point in metres (what barometers see); the position's z.
    /// - Parameter t: seconds since the start of the world.
    /// - Returns: the height.
    func height(at t: Double) -> Double
}

extension MotionProfile {
    /// The position's z.
    public func height(at t: Double) -> Double { position(at: t).z }

    /// The body rate from the orientation's derivative, ω = 2 · vec(q* ⊗ q̇), by central differences
    /// over ±50 µs (accurate to about 1e-9 rad/s for the smooth profiles here).
    public func angularRate(at t: Double) -> Vector3 {
        let h = 5e-5
        let before = orientation(at: t - h)
        var after = orientation(at: t + h)
        // Keep both on the same hemisphere so the difference is the short way round.
        if before.w * after.w + before.x * after.x + before.y * after.y + before.z * after.z < 0 {
            after = Quaternion(w: -after.w, x: -after.x, y: -after.y, z: -after.z)
        }
        let q = orientation(at: t)
        let derivative = Quaternion(
            w: (after.w - before.w) / (2 * h), x: (after.x - before.x) / (2 * h), y: (after.y - before.y) / (2 * h),
            z: (after.z - before.z) / (2 * h))
        var product = q.conjugate * derivative
        if q.w * before.w + q.x * before.x + q.y * before.y + q.z * before.z < 0 {
            product = Quaternion(w: -product.w, x: -product.x, y: -product.y, z: -product.z)
        }
        return Vector3(2 * product.x, 2 * product.y, 2 * product.z)
    }

    /// The acceleration from the position's second derivative by central differences over ±1 ms.
    public func acceleration(at t: Double) -> Vector3 {
        let h = 1e-3
        return (position(at: t + h) - 2 * position(at: t) + position(at: t - h)) / (h * h)
    }
}

/// The body at rest in a fixed orientation.
public struct RestMotion: MotionProfile {
    /// The orientation held.
    public var attitude: Quaternion

    /// Creates a rest.
    /// - Parameter attitude: the orientation. Default: level, x east, y north, z up.
    public init(attitude: Quaternion = .identity) { self.attitude = attitude }

    /// The fixed orientation.
    public func orientation(at t: Double) -> Quaternion { attitude }
    /// The origin.
    public func position(at t: Double) -> Vector3 { .zero }
    /// Zero.
    public func angularRate(at t: Double) -> Vector3 { .zero }
    /// Zero.
    public func acceleration(at t: Double) -> Vector3 { .zero }
}

/// A constant-rate rotation about a body axis, starting from an orientation.
public struct AxisRotation: MotionProfile {
    /// The starting orientation.
    public var attitude: Quaternion
    /// The body axis.
    public var axis: Vector3
    /// The rate in rad/s.
    public var rateRadps: Double

    /// Creates a rotation.
    /// - Parameters:
    ///   - attitude: the orientation at t = 0.
    ///   - axis: the body axis (normalised here).
    ///   - rateRadps: the rate in rad/s.
    public init(attitude: Quaternion = .identity, axis: Vector3, rateRadps: Double) {
        self.attitude = attitude
        self.axis = axis.normalized
        self.rateRadps = rateRadps
    }

    /// attitude ⊗ exp(axis · rate · t).
    public func orientation(at t: Double) -> Quaternion {
        (attitude * Quaternion(axis: axis, angle: rateRadps * t)).normalized
    }
    /// The origin.
    public func position(at t: Double) -> Vector3 { .zero }
    /// axis · rate, exactly.
    public func angularRate(at t: Double) -> Vector3 { axis * rateRadps }
    /// Zero.
    public func acceleration(at t: Double) -> Vector3 { .zero }
}
