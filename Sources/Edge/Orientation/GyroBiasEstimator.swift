// SensorGate — Edge: the gyroscope bias estimator of our orientation filter (a three-state Kalman filter).

import Foundation
import SensorMath

/// Estimates the gyroscope bias (rad/s, IMU frame) from two kinds of observation:
///
/// - At rest, the low-passed gyroscope reading itself (observation matrix the identity).
/// - In motion, the rate at which the accelerometer has to correct the inclination. That correction comes out
///   of a low-pass in the almost-inertial frame, so it is a *filtered* picture of the drift `R·(b − b̂)` the bias
///   error caused (R: IMU to earth). The observation model is passed through the same low-pass: the filter
///   keeps `LP(R)` and `LP(R·b̂)`, and the observation `LP(R·b̂) − correction` is modelled as `LP(R)·b`. Without
///   this, the observation lags the model and the loop diverges under steady rotation.
///
/// The vertical earth component of the bias is not observable from the inclination; it gets a pseudo-observation
/// of zero with a very small weight that only keeps its variance bounded.
struct GyroBiasEstimator: Sendable {
    /// The bias estimate, rad/s.
    private(set) var bias = Vector3.zero
    /// The estimate's covariance, (rad/s)², symmetric (upper triangle kept).
    private(set) var covariance: SymmetricMatrix3

    private var rotationLowPass = ButterworthLowPass9()
    private var predictedLowPass = ButterworthLowPass3()

    /// Starts with no bias and the given initial standard deviation, rad/s.
    init(initialSigmaRadps: Double) {
        covariance = .diagonal(initialSigmaRadps * initialSigmaRadps)
    }

    /// Grows the variance by `variance` per axis (the bias random walk over one sample), but not beyond `limit`.
    mutating func predict(variance: Double, limit: Double) {
        if covariance.xx < limit { covariance.xx += variance }
        if covariance.yy < limit { covariance.yy += variance }
        if covariance.zz < limit { covariance.zz += variance }
    }

    /// Advances the low-passes of the motion observation model by one sample. Call on every sample that
    /// corrects the inclination, with `rotation` the IMU-to-earth orientation after the correction.
    /// - Returns: `LP(R)` and `LP(R·b̂)` for ``updateMotion``.
    mutating func filterModel(
        rotation: Quaternion, coefficients c: ButterworthLowPass3.Coefficients
    ) -> (model: Matrix3, predicted: Vector3) {
        let r = Matrix3(rotation)
        let predicted = predictedLowPass.step(r * bias, c)
        return (rotationLowPass.step(r, c), predicted)
    }

    /// Restarts the motion model's low-passes (after a rest, when the model was not filtered).
    mutating func resetModel(rotation: Quaternion) {
        let r = Matrix3(rotation)
        rotationLowPass.reset(to: r)
        predictedLowPass.reset(to: r * bias)
    }

    /// Motion update. `correctionRate` is the inclination correction of this sample divided by the sample
    /// interval (earth frame, rad/s, its z is ignored).
    mutating func updateMotion(
        correctionRate: Vector3, model: Matrix3, predicted: Vector3, noise: Double, verticalNoise: Double,
        clip: Double
    ) {
        let modelled = model * bias
        let innovation = Vector3(
            predicted.x - correctionRate.x - modelled.x, predicted.y - correctionRate.y - modelled.y, -modelled.z)
        update(innovation: innovation, model: model, noise: Vector3(noise, noise, verticalNoise), clip: clip)
    }

    /// Heading update, the magnetometer's observation of the vertical bias (the one the inclination cannot see).
    /// `correctionRate` is the heading correction of this magnetometer sample divided by its interval (earth z,
    /// rad/s); it comes out of a first-order low-pass, so, as in ``updateMotion``, `model` is that low-pass of
    /// R's third row and `predicted` that of `(R·b̂)_z`, and `predicted − correctionRate` is modelled as
    /// `model·b`. A scalar observation: no matrix inverse.
    mutating func updateHeading(
        correctionRate: Double, model h: Vector3, predicted: Double, noise: Double, clip: Double
    ) {
        let e = max(-clip, min(clip, predicted - correctionRate - h.dot(bias)))
        let p = covariance.matrix
        let pht = p * h  // P hᵀ
        let s = h.dot(pht) + noise
        guard s > 0, s.isFinite else { return }
        let k = pht / s
        let b = bias + k * e
        bias = Vector3(max(-clip, min(clip, b.x)), max(-clip, min(clip, b.y)), max(-clip, min(clip, b.z)))
        // P − k (h P); h P is (P hᵀ)ᵀ for a symmetric P.
        covariance = SymmetricMatrix3(
            xx: p.m00 - k.x * pht.x, xy: p.m01 - k.x * pht.y, xz: p.m02 - k.x * pht.z,
            yy: p.m11 - k.y * pht.y, yz: p.m12 - k.y * pht.z, zz: p.m22 - k.z * pht.z)
    }

    /// Rest update: `meanRate` is the low-passed gyroscope reading, rad/s.
    mutating func updateRest(meanRate: Vector3, noise: Double, clip: Double) {
        update(innovation: meanRate - bias, model: .identity, noise: Vector3(noise, noise, noise), clip: clip)
    }

    /// The Kalman update `K = P Hᵀ (H P Hᵀ + W)⁻¹`, `b += K e`, `P −= K H P`, with the innovation and the
    /// result clipped to ±clip per axis.
    private mutating func update(innovation: Vector3, model h: Matrix3, noise: Vector3, clip: Double) {
        let e = Vector3(
            max(-clip, min(clip, innovation.x)), max(-clip, min(clip, innovation.y)),
            max(-clip, min(clip, innovation.z)))
        let p = covariance.matrix
        let pht = p * h.transposed  // P Hᵀ
        var s = h * pht  // H P Hᵀ + W
        s.m00 += noise.x
        s.m11 += noise.y
        s.m22 += noise.z
        guard let sInv = s.inverse else { return }
        let k = pht * sInv
        let b = bias + k * e
        bias = Vector3(max(-clip, min(clip, b.x)), max(-clip, min(clip, b.y)), max(-clip, min(clip, b.z)))
        covariance = SymmetricMatrix3(p - k * (h * p))
    }
}

/// A 3×3 matrix, row-major, for the bias estimator.
struct Matrix3: Sendable {
    var m00, m01, m02, m10, m11, m12, m20, m21, m22: Double

    static let identity = Matrix3(m00: 1, m01: 0, m02: 0, m10: 0, m11: 1, m12: 0, m20: 0, m21: 0, m22: 1)

    init(
        m00: Double, m01: Double, m02: Double, m10: Double, m11: Double, m12: Double, m20: Double, m21: Double,
        m22: Double
    ) {
        (self.m00, self.m01, self.m02) = (m00, m01, m02)
        (self.m10, self.m11, self.m12) = (m10, m11, m12)
        (self.m20, self.m21, self.m22) = (m20, m21, m22)
    }

    /// The rotation matrix of a unit quaternion (rotates vectors like `q.rotate`).
    init(_ q: Quaternion) {
        let (w, x, y, z) = (q.w, q.x, q.y, q.z)
        self.init(
            m00: 1 - 2 * (y * y + z * z), m01: 2 * (x * y - w * z), m02: 2 * (x * z + w * y),
            m10: 2 * (x * y + w * z), m11: 1 - 2 * (x * x + z * z), m12: 2 * (y * z - w * x),
            m20: 2 * (x * z - w * y), m21: 2 * (y * z + w * x), m22: 1 - 2 * (x * x + y * y))
    }

    var transposed: Matrix3 {
        Matrix3(m00: m00, m01: m10, m02: m20, m10: m01, m11: m11, m12: m21, m20: m02, m21: m12, m22: m22)
    }

    /// The inverse, or nil when the matrix is singular.
    var inverse: Matrix3? {
        let c00 = m11 * m22 - m12 * m21
        let c01 = m12 * m20 - m10 * m22
        let c02 = m10 * m21 - m11 * m20
        let det = m00 * c00 + m01 * c01 + m02 * c02
        guard det != 0, det.isFinite else { return nil }
        let d = 1 / det
        return Matrix3(
            m00: c00 * d, m01: (m02 * m21 - m01 * m22) * d, m02: (m01 * m12 - m02 * m11) * d,
            m10: c01 * d, m11: (m00 * m22 - m02 * m20) * d, m12: (m02 * m10 - m00 * m12) * d,
            m20: c02 * d, m21: (m01 * m20 - m00 * m21) * d, m22: (m00 * m11 - m01 * m10) * d)
    }

    static func * (a: Matrix3, v: Vector3) -> Vector3 {
        Vector3(
            a.m00 * v.x + a.m01 * v.y + a.m02 * v.z, a.m10 * v.x + a.m11 * v.y + a.m12 * v.z,
            a.m20 * v.x + a.m21 * v.y + a.m22 * v.z)
    }

    static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        Matrix3(
            m00: a.m00 * b.m00 + a.m01 * b.m10 + a.m02 * b.m20, m01: a.m00 * b.m01 + a.m01 * b.m11 + a.m02 * b.m21,
            m02: a.m00 * b.m02 + a.m01 * b.m12 + a.m02 * b.m22,
            m10: a.m10 * b.m00 + a.m11 * b.m10 + a.m12 * b.m20, m11: a.m10 * b.m01 + a.m11 * b.m11 + a.m12 * b.m21,
            m12: a.m10 * b.m02 + a.m11 * b.m12 + a.m12 * b.m22,
            m20: a.m20 * b.m00 + a.m21 * b.m10 + a.m22 * b.m20, m21: a.m20 * b.m01 + a.m21 * b.m11 + a.m22 * b.m21,
            m22: a.m20 * b.m02 + a.m21 * b.m12 + a.m22 * b.m22)
    }

    static func - (a: Matrix3, b: Matrix3) -> Matrix3 {
        Matrix3(
            m00: a.m00 - b.m00, m01: a.m01 - b.m01, m02: a.m02 - b.m02, m10: a.m10 - b.m10, m11: a.m11 - b.m11,
            m12: a.m12 - b.m12, m20: a.m20 - b.m20, m21: a.m21 - b.m21, m22: a.m22 - b.m22)
    }
}

/// A symmetric 3×3 matrix (the six distinct entries).
struct SymmetricMatrix3: Sendable {
    var xx, xy, xz, yy, yz, zz: Double

    static func diagonal(_ d: Double) -> SymmetricMatrix3 {
        SymmetricMatrix3(xx: d, xy: 0, xz: 0, yy: d, yz: 0, zz: d)
    }

    init(xx: Double, xy: Double, xz: Double, yy: Double, yz: Double, zz: Double) {
        (self.xx, self.xy, self.xz, self.yy, self.yz, self.zz) = (xx, xy, xz, yy, yz, zz)
    }

    /// The symmetric part of `m`.
    init(_ m: Matrix3) {
        self.init(
            xx: m.m00, xy: (m.m01 + m.m10) / 2, xz: (m.m02 + m.m20) / 2, yy: m.m11, yz: (m.m12 + m.m21) / 2,
            zz: m.m22)
    }

    var matrix: Matrix3 { Matrix3(m00: xx, m01: xy, m02: xz, m10: xy, m11: yy, m12: yz, m20: xz, m21: yz, m22: zz) }
}

/// The second-order Butterworth low-pass on the nine entries of a matrix.
struct ButterworthLowPass9: Sendable {
    private var rows = (ButterworthLowPass3(), ButterworthLowPass3(), ButterworthLowPass3())

    mutating func reset(to m: Matrix3) {
        rows.0.reset(to: Vector3(m.m00, m.m01, m.m02))
        rows.1.reset(to: Vector3(m.m10, m.m11, m.m12))
        rows.2.reset(to: Vector3(m.m20, m.m21, m.m22))
    }

    mutating func step(_ m: Matrix3, _ c: ButterworthLowPass3.Coefficients) -> Matrix3 {
        let r0 = rows.0.step(Vector3(m.m00, m.m01, m.m02), c)
        let r1 = rows.1.step(Vector3(m.m10, m.m11, m.m12), c)
        let r2 = rows.2.step(Vector3(m.m20, m.m21, m.m22), c)
        return Matrix3(
            m00: r0.x, m01: r0.y, m02: r0.z, m10: r1.x, m11: r1.y, m12: r1.z, m20: r2.x, m21: r2.y, m22: r2.z)
    }
}
