// SensorGate — World: a road vehicle: speed changes, turns, hills.

import Foundation
import SensorMath

/// A vehicle driving on a road: its speed varies about a cruise speed, it turns (yaw rate a sum of
/// slow sinusoids), and the road climbs and falls. The body frame is x forward, y left, z up; the
/// vehicle pitches with the road grade. Longitudinal and centripetal accelerations follow exactly
/// from the profile.
public struct VehicleMotion: MotionProfile {
    /// The cruise speed in m/s.
    public var cruiseMps: Double
    /// The peak speed change about the cruise speed in m/s.
    public var speedSwingMps: Double
    /// The period of the speed changes in s.
    public var speedPeriodS: Double
    /// The peak yaw rate in rad/s.
    public var yawRateRadps: Double
    /// The period of the turns in s.
    public var turnPeriodS: Double
    /// The peak height change of the hills in m.
    public var hillHeightM: Double
    /// The period of the hills in s.
    public var hillPeriodS: Double

    /// Creates a vehicle motion; defaults describe a delivery van in town.
    /// - Parameters:
    ///   - cruiseMps: cruise speed. Default 12 m/s.
    ///   - speedSwingMps: speed swing. Default 4 m/s.
    ///   - speedPeriodS: speed period. Default 40 s.
    ///   - yawRateRadps: peak yaw rate. Default 0.2 rad/s.
    ///   - turnPeriodS: turn period. Default 30 s.
    ///   - hillHeightM: hill height. Default 10 m.
    ///   - hillPeriodS: hill period. Default 120 s.
    public init(
        cruiseMps: Double = 12, speedSwingMps: Double = 4, speedPeriodS: Double = 40, yawRateRadps: Double = 0.2,
        turnPeriodS: Double = 30, hillHeightM: Double = 10, hillPeriodS: Double = 120
    ) {
        self.cruiseMps = cruiseMps
        self.speedSwingMps = speedSwingMps
        self.speedPeriodS = speedPeriodS
        self.yawRateRadps = yawRateRadps
        self.turnPeriodS = turnPeriodS
        self.hillHeightM = hillHeightM
        self.hillPeriodS = hillPeriodS
    }

    private func heading(_ t: Double) -> Double {
        // ψ = ∫ r sin(2πt/T) dt = r T / 2π (1 − cos(2πt/T)); starts heading east.
        let w = 2 * Double.pi / turnPeriodS
        return yawRateRadps / w * (1 - cos(w * t))
    }

    private func speed(_ t: Double) -> Double {
        cruiseMps + speedSwingMps * sin(2 * Double.pi * t / speedPeriodS)
    }

    private func height(_ t: Double) -> Double {
        hillHeightM / 2 * (1 - cos(2 * Double.pi * t / hillPeriodS))
    }

    private func grade(_ t: Double) -> Double {
        let climb = hillHeightM / 2 * (2 * Double.pi / hillPeriodS) * sin(2 * Double.pi * t / hillPeriodS)
        return atan2(climb, max(speed(t), 0.1))
    }

    /// Yaw from the heading (x forward), pitched nose-up on a climb.
    public func orientation(at t: Double) -> Quaternion {
        Quaternion.euler(roll: 0, pitch: -grade(t), yaw: heading(t)).normalized
    }

    /// The hills' height, without integrating the horizontal path.
    public func height(at t: Double) -> Double { height(t) }

    /// The horizontal path, integrated numerically along the heading (Simpson's rule over 0.5 s
    /// steps), and the height of the hills.
    public func position(at t: Double) -> Vector3 {
        guard t > 0 else { return Vector3(0, 0, height(t)) }
        let steps = max(2, Int((t / 0.5).rounded(.up)) & ~1)
        let h = t / Double(steps)
        var east = 0.0
        var north = 0.0
        for index in 0...steps {
            let s = Double(index) * h
            let weight: Double = index == 0 || index == steps ? 1 : (index % 2 == 1 ? 4 : 2)
            east += weight * speed(s) * cos(heading(s))
            north += weight * speed(s) * sin(heading(s))
        }
        return Vector3(east * h / 3, north * h / 3, height(t))
    }

    /// Longitudinal (speed change) plus centripetal (speed × yaw rate) plus vertical acceleration.
    public func acceleration(at t: Double) -> Vector3 {
        let psi = heading(t)
        let v = speed(t)
        let dv = speedSwingMps * 2 * Double.pi / speedPeriodS * cos(2 * Double.pi * t / speedPeriodS)
        let r = yawRateRadps * sin(2 * Double.pi * t / turnPeriodS)
        let forward = Vector3(cos(psi), sin(psi), 0)
        let left = Vector3(-sin(psi), cos(psi), 0)
        let w = 2 * Double.pi / hillPeriodS
        let vertical = hillHeightM / 2 * w * w * cos(w * t)
        return forward * dv + left * (v * r) + Vector3(0, 0, vertical)
    }
}
