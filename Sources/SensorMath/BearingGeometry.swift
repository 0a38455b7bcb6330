// SensorGate — SensorMath: a rolling-element bearing's geometry and its defect frequencies, shared by
// the world's machine model and the edge's vibration features.

import Foundation

/// The geometry of a rolling-element bearing and the characteristic defect frequencies that follow
/// from it (the standard kinematic formulas, no slip).
public struct BearingGeometry: Sendable, Hashable {
    /// The number of rolling elements.
    public var rollingElements: Int
    /// The rolling element diameter d, in mm.
    public var ballDiameterMm: Double
    /// The pitch diameter D, in mm.
    public var pitchDiameterMm: Double
    /// The contact angle φ, in degrees.
    public var contactAngleDeg: Double

    /// The SKF 6205-2RS JEM deep-groove ball bearing of the CWRU bearing data set's drive end:
    /// 9 balls of 7.94 mm on a 39.04 mm pitch diameter, 0° contact angle.
    public static let skf6205 = BearingGeometry(
        rollingElements: 9, ballDiameterMm: 7.94, pitchDiameterMm: 39.04, contactAngleDeg: 0)

    /// Creates a geometry.
    /// - Parameters:
    ///   - rollingElements: number of balls or rollers.
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

    /// Ball pass frequency, outer race: n/2 · f_r · (1 − d/D·cos φ).
    /// - Parameter shaftHz: the shaft speed f_r.
    /// - Returns: Hz.
    public func bpfo(shaftHz: Double) -> Double { Double(rollingElements) / 2 * shaftHz * (1 - ratio) }
    /// Ball pass frequency, inner race: n/2 · f_r · (1 + d/D·cos φ).
    /// - Parameter shaftHz: the shaft speed f_r.
    /// - Returns: Hz.
    public func bpfi(shaftHz: Double) -> Double { Double(rollingElements) / 2 * shaftHz * (1 + ratio) }
    /// Ball spin frequency: D/(2d) · f_r · (1 − (d/D·cos φ)²).
    /// - Parameter shaftHz: the shaft speed f_r.
    /// - Returns: Hz.
    public func bsf(shaftHz: Double) -> Double {
        pitchDiameterMm / (2 * ballDiameterMm) * shaftHz * (1 - ratio * ratio)
    }
    /// Fundamental train (cage) frequency: f_r/2 · (1 − d/D·cos φ).
    /// - Parameter shaftHz: the shaft speed f_r.
    /// - Returns: Hz.
    public func ftf(shaftHz: Double) -> Double { shaftHz / 2 * (1 - ratio) }
}
