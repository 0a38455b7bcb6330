// SensorGate — Edge: our deployment orientation filter.

import Foundation
import SensorMath

/// SensorGate's orientation filter. The gyroscope is integrated (bias removed) into an almost-inertial
/// frame; the accelerometer is low-pass filtered in that frame, where gravity stands still and external
/// accelerations average out, and sets the inclination; the magnetometer's horizontal component alone sets
/// the heading, so a magnetic error can never tilt the estimate. The gyroscope bias is learned at rest
/// (averaging) and in motion (from the corrections the accelerometer and magnetometer have to make).
/// Samples with an implausible acceleration norm and magnetometer samples whose norm or dip angle leave the
/// learned reference are rejected. Every gain follows from a time constant and the sample interval.
public struct SensorGateFilter: OrientationFilter, Sendable {
    /// Tuning, all as times, rates or ratios independent of the sampling rate.
    public struct Parameters: Sendable, Hashable {
        /// Time constant of the accelerometer low-pass in the almost-inertial frame, s.
        public var tauAccS = 3.0
        /// Time constant of the heading correction, s.
        public var tauMagS = 9.0
        /// Time constant of the motion bias estimator, s (0, the default, disables it: its observation, the
        /// inclination correction, lags behind the accelerometer low-pass, and under steady rotation the loop
        /// diverges; see docs/fusion.md).
        public var tauBiasMotionS = 0.0
        /// Averaging window of the rest bias estimator: the whole rest up to this long, then exponential, s.
        public var tauBiasRestS = 30.0
        /// Largest bias the estimators may reach, rad/s.
        public var biasClipRadps = 2.0 * .pi / 180
        /// Time constant of the rest detector's low-passes, s.
        public var tauRestS = 0.5
        /// Gyroscope deviation below which the IMU may be at rest, rad/s.
        public var restGyroRadps = 2.0 * .pi / 180
        /// Accelerometer deviation below which the IMU may be at rest, m/s².
        public var restAccelMps2 = 0.5
        /// How long both deviations must stay small before rest is declared, s.
        public var restMinS = 1.5
        /// Standard gravity, m/s².
        public var gravityMps2 = 9.81
        /// Deviation of the low-passed acceleration's norm from gravity beyond which the inclination is not
        /// corrected (external acceleration has not averaged out), m/s².
        public var accelRejectMps2 = 1.0
        /// Relative field-norm deviation from the reference beyond which the field counts as disturbed.
        public var magNormRatio = 0.1
        /// Dip-angle deviation from the reference beyond which the field counts as disturbed, rad.
        public var magDipRad = 10.0 * .pi / 180
        /// Time constant with which an undisturbed field refines the reference, s.
        public var tauMagRefS = 20.0
        /// How long a new, steady field must persist before it becomes the reference, s.
        public var magNewS = 20.0
        /// How long the field must be undisturbed again before it corrects the heading, s.
        public var magSettleS = 0.5

        /// The defaults: no per-recording tuning.
        public init() {}
    }

    /// The tuning in use.
    public let parameters: Parameters

    /// The gyroscope bias estimate, rad/s, IMU frame.
    public private(set) var bias = Vector3.zero
    /// Whether the IMU is at rest.
    public private(set) var atRest = false
    /// Whether the last sample's acceleration was rejected as external.
    public private(set) var accelerationRejected = false
    /// Whether the magnetic field is currently considered disturbed (heading is then gyroscope-only).
    public private(set) var magneticDisturbance = false
    /// The learned magnetic reference: field norm (µT) and dip angle (rad), zero before the first sample.
    public private(set) var magneticReference = (normUT: 0.0, dipRad: 0.0)
    /// The heading correction applied on top of the inclination-corrected orientation, rad.
    public private(set) var headingOffsetRad = 0.0

    private var gyroQuat = Quaternion.identity  // IMU → almost-inertial frame
    private var accelQuat = Quaternion.identity  // almost-inertial → inclination-corrected (6-axis) frame
    private var lowPass = ButterworthLowPass3()
    private var restGyro = Vector3.zero
    private var restAccel = Vector3.zero
    private var restS = 0.0
    private var restSum = Vector3.zero
    private var restCount = 0.0
    private var magElapsedS = 0.0
    private var magUndisturbedS = 0.0
    private var magCandidate = (normUT: 0.0, dipRad: 0.0)
    private var magCandidateS = 0.0
    private var magSeen = false
    private var initialised = false
    private var gains = Gains()

    /// Creates a filter.
    /// - Parameter parameters: tuning; the defaults suit any IMU.
    public init(parameters: Parameters = Parameters()) {
        self.parameters = parameters
    }

    /// The orientation without the magnetometer's heading (arbitrary but gyroscope-stable heading).
    public var orientation6: Quaternion { accelQuat * gyroQuat }

    /// The estimate (IMU to ENU); the heading comes from the magnetometer once one has been seen.
    public var orientation: Quaternion { OrientationMath.heading(headingOffsetRad) * (accelQuat * gyroQuat) }

    /// Feeds one sample (see ``OrientationFilter``).
    public mutating func update(gyroRadps: Vector3, accelMps2: Vector3, magUT: Vector3?, dtS dt: Double) {
        if !initialised {
            initialise(accel: accelMps2, mag: magUT)
            return
        }
        guard dt > 0 else { return }
        if dt != gains.dt { gains = Gains(parameters, dt: dt) }

        // Gyroscope: strapdown integration into the almost-inertial frame.
        gyroQuat = OrientationMath.integrate(gyroQuat, rate: gyroRadps - bias, dt: dt)

        detectRest(gyro: gyroRadps, accel: accelMps2, dt: dt)

        // Accelerometer: low-pass in the almost-inertial frame, where gravity stands still and external
        // accelerations average out. While the average still deviates from gravity, it is not trusted.
        let filtered = lowPass.step(gyroQuat.rotate(accelMps2), gains.accel)
        let filteredNorm = filtered.length
        accelerationRejected = abs(filteredNorm - parameters.gravityMps2) > parameters.accelRejectMps2
        if !accelerationRejected && filteredNorm > 0 {
            let up = accelQuat.rotate(filtered) / filteredNorm
            let correction = OrientationMath.tilt(from: up)
            accelQuat = OrientationMath.normalize(correction * accelQuat)
            // Bias in motion: the inclination correction is the drift the bias caused, in the earth frame.
            if !atRest && gains.biasMotion > 0 {
                let body = (accelQuat * gyroQuat).conjugate.rotate(Vector3(2 * correction.x, 2 * correction.y, 0))
                adjustBias(by: body * -gains.biasMotion)
            }
        }

        magElapsedS += dt
        if let magUT {
            correctHeading(mag: magUT, dt: magElapsedS)
            magElapsedS = 0
        }
    }

    private mutating func initialise(accel: Vector3, mag: Vector3?) {
        guard accel.length > 0 else { return }
        let start = OrientationMath.initial(accel: accel, mag: mag)
        // The heading part goes to the heading offset, the tilt to the accelerometer correction.
        accelQuat = OrientationMath.tilt(from: accel.normalized)
        headingOffsetRad = mag == nil ? 0 : headingAngle(start * accelQuat.conjugate)
        gyroQuat = .identity
        lowPass.reset(to: accel)
        restGyro = .zero
        restAccel = accel
        if let mag {
            let earth = accelQuat.rotate(mag)
            let norm = earth.length
            magneticReference = (norm, asin(max(-1, min(1, earth.z / norm))))
            magSeen = norm > 0
        }
        initialised = true
    }

    private mutating func detectRest(gyro: Vector3, accel: Vector3, dt: Double) {
        let k = gains.rest
        restGyro = restGyro + (gyro - restGyro) * k
        restAccel = restAccel + (accel - restAccel) * k
        let dg = gyro - restGyro
        let da = accel - restAccel
        // A steady rotation is quiet too, so the mean rate must also be small enough to be a bias.
        let clip = parameters.biasClipRadps
        let quiet =
            restGyro.dot(restGyro) < 3 * clip * clip
            && dg.dot(dg) < parameters.restGyroRadps * parameters.restGyroRadps
            && da.dot(da) < parameters.restAccelMps2 * parameters.restAccelMps2
        if quiet {
            restS += dt
            restSum = restSum + gyro
            restCount += 1
        } else {
            restS = 0
            restSum = .zero
            restCount = 0
        }
        atRest = restS >= parameters.restMinS
        if atRest {
            // The mean over the whole rest so far; after tauBiasRestS, an exponential average of that length.
            if restS <= parameters.tauBiasRestS {
                adjustBias(by: restSum / restCount - bias)
            } else {
                adjustBias(by: (gyro - bias) * gains.biasRest)
            }
        }
    }

    private mutating func adjustBias(by change: Vector3) {
        let clip = parameters.biasClipRadps
        let b = bias + change
        bias = Vector3(max(-clip, min(clip, b.x)), max(-clip, min(clip, b.y)), max(-clip, min(clip, b.z)))
    }

    private mutating func correctHeading(mag: Vector3, dt: Double) {
        let q6 = accelQuat * gyroQuat
        let earth = q6.rotate(mag)
        let horizontal = (earth.x * earth.x + earth.y * earth.y).squareRoot()
        let norm = (horizontal * horizontal + earth.z * earth.z).squareRoot()
        guard norm > 0 else { return }
        let dip = atan2(earth.z, horizontal)
        if !magSeen {
            magneticReference = (norm, dip)
            headingOffsetRad = atan2(earth.x, earth.y)
            magSeen = true
            return
        }
        let ref = magneticReference
        let steady =
            abs(norm - ref.normUT) < parameters.magNormRatio * ref.normUT
            && abs(dip - ref.dipRad) < parameters.magDipRad
        if steady {
            magUndisturbedS += dt
            magCandidateS = 0
            let k = 1 - exp(-dt / parameters.tauMagRefS)
            magneticReference = (ref.normUT + (norm - ref.normUT) * k, ref.dipRad + (dip - ref.dipRad) * k)
        } else {
            magUndisturbedS = 0
            // A different field that stays put long enough becomes the new reference.
            let cand = magCandidate
            if magCandidateS > 0 && abs(norm - cand.normUT) < parameters.magNormRatio * cand.normUT
                && abs(dip - cand.dipRad) < parameters.magDipRad
            {
                magCandidateS += dt
                let k = 1 - exp(-dt / 1.0)
                magCandidate = (cand.normUT + (norm - cand.normUT) * k, cand.dipRad + (dip - cand.dipRad) * k)
            } else {
                magCandidate = (norm, dip)
                magCandidateS = dt
            }
            if magCandidateS >= parameters.magNewS {
                magneticReference = magCandidate
                magCandidateS = 0
                magUndisturbedS = parameters.magSettleS
            }
        }
        magneticDisturbance = magUndisturbedS < parameters.magSettleS
        guard !magneticDisturbance else { return }
        let error = OrientationMath.wrap(atan2(earth.x, earth.y) - headingOffsetRad)
        let step = error * (dt == gains.dt ? gains.mag : 1 - exp(-dt / parameters.tauMagS))
        headingOffsetRad = OrientationMath.wrap(headingOffsetRad + step)
        if !atRest && gains.biasMotion > 0 {
            // The heading correction is the vertical drift the bias caused.
            let body = q6.conjugate.rotate(Vector3(0, 0, step))
            adjustBias(by: body * -gains.biasMotion)
        }
    }

    private func headingAngle(_ q: Quaternion) -> Double { 2 * atan2(q.z, q.w) }
}

/// The gains for one sample interval, recomputed only when the interval changes.
private struct Gains: Sendable {
    var dt = -1.0
    var accel = ButterworthLowPass3.Coefficients(b0: 1, b1: 0, b2: 0, a1: 0, a2: 0)
    var rest = 0.0
    var biasRest = 0.0
    var biasMotion = 0.0  // per radian of correction: 1/τ
    var mag = 0.0

    init() {}

    init(_ p: SensorGateFilter.Parameters, dt: Double) {
        self.dt = dt
        accel = .init(tau: p.tauAccS, dt: dt)
        rest = 1 - exp(-dt / p.tauRestS)
        biasRest = dt / p.tauBiasRestS
        biasMotion = p.tauBiasMotionS > 0 ? 1 / p.tauBiasMotionS : 0
        mag = 1 - exp(-dt / p.tauMagS)
    }
}

/// A second-order Butterworth low-pass on three channels (transposed direct form II).
struct ButterworthLowPass3: Sendable {
    /// Filter coefficients for one sample interval.
    struct Coefficients: Sendable {
        var b0: Double
        var b1: Double
        var b2: Double
        var a1: Double
        var a2: Double

        init(b0: Double, b1: Double, b2: Double, a1: Double, a2: Double) {
            (self.b0, self.b1, self.b2, self.a1, self.a2) = (b0, b1, b2, a1, a2)
        }

        /// Cut-off √2/(2πτ) (so that the step response's time constant is about τ), bilinear transform.
        init(tau: Double, dt: Double) {
            let fc = 2.0.squareRoot() / (2 * .pi * tau)
            let c = tan(.pi * fc * dt)
            let d = c * c + 2.0.squareRoot() * c + 1
            b0 = c * c / d
            b1 = 2 * b0
            b2 = b0
            a1 = 2 * (c * c - 1) / d
            a2 = (1 - 2.0.squareRoot() * c + c * c) / d
        }
    }

    private var s0 = Vector3.zero
    private var s1 = Vector3.zero
    private var primed = false

    /// Sets the state as if `value` had been the input forever.
    mutating func reset(to value: Vector3) {
        s0 = value
        s1 = .zero
        primed = false
    }

    /// Filters one sample.
    mutating func step(_ x: Vector3, _ c: Coefficients) -> Vector3 {
        if !primed {
            // Steady state for the current coefficients.
            let y0 = s0
            s0 = y0 * (1 - c.b0)
            s1 = y0 * (c.b2 - c.a2)
            primed = true
        }
        let y = x * c.b0 + s0
        s0 = x * c.b1 - y * c.a1 + s1
        s1 = x * c.b2 - y * c.a2
        return y
    }
}
