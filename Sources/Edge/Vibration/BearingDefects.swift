// SensorGate — Edge: a rolling-element bearing's defect frequencies from its geometry and shaft speed.

import SensorMath

extension BearingGeometry {
    /// The four defect frequencies at a shaft speed, as the vibration features band them.
    /// - Parameter shaftHz: the shaft's rotation frequency f_r (rpm / 60).
    /// - Returns: BPFO, BPFI, ball = 2·BSF (a ball defect strikes both races once per spin), FTF (cage).
    public func defectFrequencies(shaftHz: Double) -> BearingDefectValues {
        BearingDefectValues(
            outerRace: bpfo(shaftHz: shaftHz), innerRace: bpfi(shaftHz: shaftHz), ball: 2 * bsf(shaftHz: shaftHz),
            cage: ftf(shaftHz: shaftHz))
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
