// SensorGate — SensorMath: three-component vectors for motion, fields and forces.

import Foundation

/// A vector in three dimensions (m/s², rad/s, µT, … as the name using it says).
public struct Vector3: Sendable, Hashable, CustomStringConvertible {
    /// The x component.
    public var x: Double
    /// The y component.
    public var y: Double
    /// The z component.
    public var z: Double

    /// Creates a vector.
    /// - Parameters:
    ///   - x: the x component.
    ///   - y: the y component.
    ///   - z: the z component.
    public init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// The zero vector (computed: a stored static is initialised lazily, and the world's rest motion
    /// asks for it at every sample).
    public static var zero: Vector3 { Vector3(0, 0, 0) }

    /// The components as an array, x y z.
    public var components: [Double] { [x, y, z] }
    /// The Euclidean length.
    public var length: Double { (x * x + y * y + z * z).squareRoot() }
    /// The vector scaled to unit length, or zero for the zero vector.
    public var normalized: Vector3 { length > 0 ? self / length : .zero }

    /// `(x, y, z)`.
    public var description: String { "(\(x), \(y), \(z))" }

    /// The dot product.
    public func dot(_ other: Vector3) -> Double { x * other.x + y * other.y + z * other.z }
    /// The cross product.
    public func cross(_ other: Vector3) -> Vector3 {
        Vector3(y * other.z - z * other.y, z * other.x - x * other.z, x * other.y - y * other.x)
    }

    /// Component-wise sum.
    public static func + (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x + b.x, a.y + b.y, a.z + b.z) }
    /// Component-wise difference.
    public static func - (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x - b.x, a.y - b.y, a.z - b.z) }
    /// Negation.
    public static prefix func - (a: Vector3) -> Vector3 { Vector3(-a.x, -a.y, -a.z) }
    /// Scaling.
    public static func * (a: Vector3, s: Double) -> Vector3 { Vector3(a.x * s, a.y * s, a.z * s) }
    /// Scaling.
    public static func * (s: Double, a: Vector3) -> Vector3 { a * s }
    /// Division by a scalar.
    public static func / (a: Vector3, s: Double) -> Vector3 { Vector3(a.x / s, a.y / s, a.z / s) }
}
