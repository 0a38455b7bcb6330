// SensorGate — World: the physical situation of a gateway, put together.

import Foundation
import SensorMath

/// The world a gateway sits in: how its body moves, the air around it, the Earth's field, magnetic
/// disturbances, and the machine its vibration sensors are mounted on. Everything is a pure function
/// of time in seconds from the start of the simulation.
public struct WorldModel: Sendable {
    /// Standard gravity, m/s² (the world uses it everywhere; local gravity differs by up to 0.3 %).
    public static let gravityMps2 = 9.80665
    /// The Earth's rotation rate, rad/s (sidereal).
    public static let earthRateRadps = 7.292_115e-5

    /// The body's motion.
    public var motion: any MotionProfile { didSet { rest = Self.restVectors(self) } }
    /// The air.
    public var atmosphere: Atmosphere
    /// The site's latitude in degrees (for the Earth's rotation as gyroscopes see it).
    public var latitudeDeg: Double {
        didSet {
            earthRateEnu = Self.earthRate(latitudeDeg: latitudeDeg)
            rest = Self.restVectors(self)
        }
    }
    /// The Earth's rotation in East-North-Up at the site, rad/s: worked out when the latitude is set,
    /// not at every gyroscope sample.
    private var earthRateEnu: Vector3
    /// The Earth's field at the site.
    public var earthField: EarthField { didSet { rest = Self.restVectors(self) } }
    /// Magnetic disturbances.
    public var disturbances: [MagneticDisturbance]
    /// The machine vibration sensors are mounted on, if any.
    public var machine: RotatingMachine?
    /// What the body reads when its motion is a ``RestMotion``: the same at every instant, so worked out
    /// once (when the motion, latitude or field is set) and not at every sample; nil for other motions.
    private var rest: RestVectors?

    /// The body-frame values of a world at rest, as the general functions give them.
    private struct RestVectors {
        var specificForce: Vector3
        var angularRate: Vector3
        var earthField: Vector3
        var heightM: Double
    }

    /// Creates a world; the default is a gateway at rest, level, at sea level in still air at 20 °C,
    /// at 52.5° N 13.4° E (the field of the IGRF dipole there).
    /// - Parameters:
    ///   - motion: the motion. Default rest.
    ///   - atmosphere: the air. Default standard.
    ///   - latitudeDeg: latitude. Default 52.5.
    ///   - earthField: the field. Default the dipole at 52.5° N 13.4° E.
    ///   - disturbances: disturbances. Default none.
    ///   - machine: the machine. Default none.
    public init(
        motion: any MotionProfile = RestMotion(), atmosphere: Atmosphere = Atmosphere(), latitudeDeg: Double = 52.5,
        earthField: EarthField = EarthField(latitudeDeg: 52.5, longitudeDeg: 13.4),
        disturbances: [MagneticDisturbance] = [], machine: RotatingMachine? = nil
    ) {
        self.motion = motion
        self.atmosphere = atmosphere
        self.latitudeDeg = latitudeDeg
        self.earthRateEnu = Self.earthRate(latitudeDeg: latitudeDeg)
        self.earthField = earthField
        self.disturbances = disturbances
        self.machine = machine
        self.rest = Self.restVectors(self)
    }

    /// Whether the body's motion is a ``RestMotion``: its specific force, angular rate, Earth field and
    /// height are then the same at every instant.
    public var isAtRest: Bool { rest != nil }

    /// The specific force on the body (what an ideal accelerometer reads), body frame, m/s²:
    /// Rᵀ · (a − g) with g = (0, 0, −9.80665) in East-North-Up, so a level body at rest reads +g on z.
    /// - Parameter t: seconds.
    /// - Returns: m/s².
    public func specificForce(at t: Double) -> Vector3 {
        if let rest { return rest.specificForce }
        return movingSpecificForce(at: t)
    }

    /// ``specificForce(at:)`` from the motion.
    private func movingSpecificForce(at t: Double) -> Vector3 {
        let enu = motion.acceleration(at: t) + Vector3(0, 0, Self.gravityMps2)
        return motion.orientation(at: t).conjugate.rotate(enu)
    }

    /// The angular rate an ideal gyroscope reads, body frame, rad/s: the body's rate plus the
    /// Earth's rotation.
    /// - Parameter t: seconds.
    /// - Returns: rad/s.
    public func angularRate(at t: Double) -> Vector3 {
        if let rest { return rest.angularRate }
        return movingAngularRate(at: t)
    }

    /// ``angularRate(at:)`` from the motion.
    private func movingAngularRate(at t: Double) -> Vector3 {
        motion.angularRate(at: t) + motion.orientation(at: t).conjugate.rotate(earthRateEnu)
    }

    /// The Earth's rotation in East-North-Up at `latitudeDeg`, rad/s.
    private static func earthRate(latitudeDeg: Double) -> Vector3 {
        let latitude = latitudeDeg * Double.pi / 180
        return Vector3(0, cos(latitude), sin(latitude)) * earthRateRadps
    }

    /// The magnetic field an ideal magnetometer reads, body frame, µT: the Earth's field turned into
    /// the body frame plus the disturbances active at `t`.
    /// - Parameter t: seconds.
    /// - Returns: µT.
    public func magneticField(at t: Double) -> Vector3 {
        var field = rest?.earthField ?? movingEarthField(at: t)
        for disturbance in disturbances where disturbance.startS <= t && t < disturbance.endS {
            field = field + disturbance.bodyMicrotesla
        }
        return field
    }

    /// The height of the body above the site, metres.
    /// - Parameter t: seconds.
    /// - Returns: m.
    public func height(at t: Double) -> Double { rest?.heightM ?? motion.height(at: t) }

    /// The Earth's field in the body frame from the motion, µT.
    private func movingEarthField(at t: Double) -> Vector3 {
        motion.orientation(at: t).conjugate.rotate(earthField.enuMicrotesla)
    }

    /// The rest values of `world`, when its motion is a ``RestMotion`` (every function of time is
    /// then constant, so evaluating them at 0 gives their value at every instant).
    private static func restVectors(_ world: WorldModel) -> RestVectors? {
        guard world.motion is RestMotion else { return nil }
        return RestVectors(
            specificForce: world.movingSpecificForce(at: 0), angularRate: world.movingAngularRate(at: 0),
            earthField: world.movingEarthField(at: 0), heightM: world.motion.height(at: 0))
    }
}
