// SensorGate — Edge: a rolling-element bearing's defect frequencies from its geometry and shaft speed.

import Foundation

/// The geometry of a rolling-element bearing, and the defect frequencies that follow from it with the
/// standard kinematic formulas (no slip). World has the same geometry for its machine model; Edge keeps
/// its own so that it depends on nothing but SensorMath.
public struct BearingKinematics: Sendable, Hashable {
    /// The number of rolling elements n.
    public var rollingElements: Int
    /// The rolling element diameter d, mm.
    public var ballDiameterMm: Double
    /// The pitch diameter D, mm.
    public var pitchDiameterMm: Double
    /// The contact angle φ, degrees.
    public var contactAngleDeg: Double

    /// The SKF 6205-2RS JEM of the CWRU bearing data set's drive end: 9 balls of 0.3126 in (7.94 mm) on a
    /// 1.537 in (39.04 mm) pitch diameter, 0° contact angle.
    public static let skf6205 = BearingKinematics(
        rollingElements: 9, ballDiameterMm: 7.94, pitchDiameterMm: 39.04, contactAngleDeg: 0)

    /// Creates a geometry.
    /// - Parameters:
    ///   - rollingElements: n.
    ///   - ballDiameterMm: d.
    ///   - pitchDiameterMm: D.
    ///   - contactAngleDeg: φ.
    public init(rollingElements: Int, ballDiameterMm: Double, pitchDiameterMm: Double, contactAngleDeg: Double) {
        self.rollingElements = rollingElements
        self.ballDiameterMm = ballDiameterMm
        self.pitchDiameterMm = pitchDiameterMm
        self.contactAngleDeg = contactAngleDeg
    }

    private var ratio: Double { ballDiameterMm / pitchDiameterMm * cos(contactAngleDeg * Double.pi / 180) }

    /// The four defect frequencies at a shaft speed.
    /// - Parameter shaftHz: the shaft's rotation frequency f_r (rpm / 60).
    /// - Returns: BPFO = n/2·f_r·(1 − d/D cos φ), BPFI = n/2·f_r·(1 + d/D cos φ),
    ///   ball = 2·BSF = D/d·f_r·(1 − (d/D cos φ)²) (a ball defect strikes both races once per spin),
    ///   FTF (cage) = f_r/2·(1 − d/D cos φ).
    public func defectFrequencies(shaftHz: Double) -> BearingDefectValues {
        let n = Double(rollingElements)
        return BearingDefectValues(
            outerRace: n / 2 * shaftHz * (1 - ratio),
            innerRace: n / 2 * shaftHz * (1 + ratio),
            ball: pitchDiameterMm / ballDiameterMm * shaftHz * (1 - ratio * ratio),
            cage: shaftHz / 2 * (1 - ratio))
    }
}

/// One value per bearing defect site: a frequency (Hz) or a band's mean square, as the holder says.
public struct BearingDefectValues: Sendable, Hashable {
    /// Outer race (BPFO).
    public var outerRace: Double
    /// Inner race (BPFI).
    public var innerRace: Double
    /// Rolling element (twice the ball spin frequency).
    public var ball: Double
    /// Cage (FTF).
    public var cage: Double

    /// Creates the four values.
    /// - Parameters:
    ///   - outerRace: outer race.
    ///   - innerRace: inner race.
    ///   - ball: rolling element.
    ///   - cage: cage.
    public init(outerRace: Double, innerRace: Double, ball: Double, cage: Double) {
        self.outerRace = outerRace
        self.innerRace = innerRace
        self.ball = ball
        self.cage = cage
    }

    /// All zero.
    public static let zero = BearingDefectValues(outerRace: 0, innerRace: 0, ball: 0, cage: 0)
}
