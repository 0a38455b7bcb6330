// SensorGate — World: the Earth's magnetic field at a place.

import Foundation
import SensorMath

/// The Earth's main field at a location, in East-North-Up microtesla.
///
/// Either from the dipole terms of IGRF-13 at epoch 2020 (g₁⁰ −29 404.8 nT, g₁¹ −1 450.9 nT,
/// h₁¹ 4 652.5 nT) — a tilted dipole, within about 10–20 % of the full model in intensity and a few
/// degrees in direction at mid latitudes — or from a declination, inclination and intensity taken from
/// a full model (for example NOAA's WMM calculator) for the site.
public struct EarthField: Sendable, Hashable {
    /// The field in East-North-Up, µT.
    public let enuMicrotesla: Vector3

    /// The field of the IGRF-13 dipole at a geodetic position on the surface (spherical Earth).
    /// - Parameters:
    ///   - latitudeDeg: latitude in degrees, north positive.
    ///   - longitudeDeg: longitude in degrees, east positive.
    public init(latitudeDeg: Double, longitudeDeg: Double) {
        let g10 = -29_404.8
        let g11 = -1_450.9
        let h11 = 4_652.5
        let colatitude = (90 - latitudeDeg) * Double.pi / 180
        let longitude = longitudeDeg * Double.pi / 180
        let horizontalTerm = g11 * cos(longitude) + h11 * sin(longitude)
        let radial = 2 * (g10 * cos(colatitude) + horizontalTerm * sin(colatitude))
        let theta = g10 * sin(colatitude) - horizontalTerm * cos(colatitude)
        let phi = g11 * sin(longitude) - h11 * cos(longitude)
        // North = −B_θ, East = B_φ, Down = −B_r; nT to µT.
        enuMicrotesla = Vector3(phi / 1000, -theta / 1000, radial / 1000)
    }

    /// The field from its declination (east of true north), inclination (down from horizontal) and
    /// total intensity.
    /// - Parameters:
    ///   - declinationDeg: declination in degrees.
    ///   - inclinationDeg: inclination in degrees.
    ///   - intensityMicrotesla: total intensity in µT.
    public init(declinationDeg: Double, inclinationDeg: Double, intensityMicrotesla: Double) {
        let d = declinationDeg * Double.pi / 180
        let i = inclinationDeg * Double.pi / 180
        let horizontal = intensityMicrotesla * cos(i)
        enuMicrotesla = Vector3(horizontal * sin(d), horizontal * cos(d), -intensityMicrotesla * sin(i))
    }

    /// The declination in degrees (east positive).
    public var declinationDeg: Double { atan2(enuMicrotesla.x, enuMicrotesla.y) * 180 / Double.pi }
    /// The inclination in degrees (down positive).
    public var inclinationDeg: Double {
        let horizontal = (enuMicrotesla.x * enuMicrotesla.x + enuMicrotesla.y * enuMicrotesla.y).squareRoot()
        return atan2(-enuMicrotesla.z, horizontal) * 180 / Double.pi
    }
}

/// A magnetic disturbance near the gateway: a field added in the body frame during a time window
/// (a magnet, a motor, steel close by).
public struct MagneticDisturbance: Sendable, Hashable {
    /// When it starts, in seconds.
    public var startS: Double
    /// When it ends, in seconds.
    public var endS: Double
    /// The added field in the body frame, µT.
    public var bodyMicrotesla: Vector3

    /// Creates a disturbance.
    /// - Parameters:
    ///   - startS: start in seconds.
    ///   - endS: end in seconds.
    ///   - bodyMicrotesla: the added field in µT.
    public init(startS: Double, endS: Double, bodyMicrotesla: Vector3) {
        self.startS = startS
        self.endS = endS
        self.bodyMicrotesla = bodyMicrotesla
    }
}
