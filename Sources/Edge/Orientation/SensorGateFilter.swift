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
        /// Time constant of the heading correction, s. Long enough to average the magnetometer's
        /// orientation-dependent errors, short enough that a bias error of 0.01–0.02 °/s drifts < 0.25°.
        public var tauMagS = 12.0
        /// Standard deviation of the bias before anything is known, rad/s.
        public var biasSigmaInitRadps = 0.5 * .pi / 180
        /// Time over which the bias may wander by 0.1°/s (its random walk), s.
        public var biasForgettingS = 100.0
        /// Standard deviation the bias estimate settles to under continuous motion, rad/s (sets how strongly
        /// the inclination corrections pull on it: they also carry gyroscope scale and misalignment errors and
        /// residual external accelerations, so they are a weak observation; 0 turns motion estimation off).
        public var biasSigmaMotionRadps = 0.2 * .pi / 180
        /// Standard deviation the bias estimate settles to at rest, rad/s (a MEMS gyroscope's mean over a
        /// rest of a few seconds is good to about 0.005 °/s).
        public var biasSigmaRestRadps = 0.01 * .pi / 180
        /// Weight of the zero pseudo-observation of the unobservable vertical bias component, relative to a
        /// motion observation.
        public var biasVerticalWeight = 1e-4
        /// Standard deviation a stream of magnetometer heading corrections holds the bias estimate to, rad/s
        /// (they observe the vertical component the inclination cannot see; 0 turns this off). Weaker than a
        /// rest: the corrections also carry the calibration's orientation-dependent residue. Only an
        /// undisturbed field that has corrected the heading for ``biasHeadingSettleS`` teaches the bias.
        public var biasSigmaHeadingRadps = 0.1 * .pi / 180
        /// How long the field must have corrected the heading since it was last disturbed before it teaches the
        /// bias, s (the heading's catch-up after a disturbance is not a bias; three heading time constants).
        public var biasHeadingSettleS = 36.0
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
        /// Largest angle the low-passed accelerometer direction may turn during a rest, rad. A rest must hold
        /// the gravity direction still: a slow rotation (a gateway swaying at 1°/s) passes the deviation and
        /// mean-rate tests above, and its rate would be learnt as bias. 0.1° lets through rotations about a
        /// horizontal axis slower than about 0.07°/s over restMinS; at rest the low-passed direction's noise is
        /// some thousandths of a degree (estimated from an LSM6DSO's noise at 833 Hz).
        public var restTurnRad = 0.1 * .pi / 180
        /// Largest change of the low-passed gyroscope during a rest, rad/s. A bias stands still; a slow turn
        /// about the vertical, which leaves gravity where it is, speeds up or slows down (at rest the low-passed
        /// rate's noise is about 0.003°/s, estimated from an LSM6DSO's 3.8 mdps/√Hz at 833 Hz).
        public var restRateChangeRadps = 0.1 * .pi / 180
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
    public var bias: Vector3 { biasEstimator.bias }
    /// The standard deviation of the bias estimate (largest axis), rad/s.
    public var biasSigmaRadps: Double {
        let p = biasEstimator.covariance
        return max(p.xx, p.yy, p.zz).squareRoot()
    }
    /// Whether the IMU is at rest.
    public private(set) var atRest = false
    /// Whether the last sample's acceleration was rejected as external.
    public private(set) var accelerationRejected = false
    /// Whether the magnetic field is currently considered disturbed (heading is then gyroscope-only).
    public private(set) var magneticDisturbance = false
    /// The learned magnetic reference: field norm (µT) and dip angle (rad), zero before the first sample.
    public var magneticReference: (normUT: Double, dipRad: Double) {
        (magRefNormUT, atan2(magRefDip.sin, magRefDip.cos))
    }
    /// The heading correction applied on top of the inclination-corrected orientation, rad.
    public private(set) var headingOffsetRad = 0.0

    private var gyroQuat = Quaternion.identity  // IMU → almost-inertial frame
    private var accelQuat = Quaternion.identity  // almost-inertial → inclination-corrected (6-axis) frame
    private var lowPass = ButterworthLowPass3()
    private var restGyro = Vector3.zero
    private var restAccel = Vector3.zero
    private var restAnchor = Vector3.zero  // the low-passed accelerometer when the current quiet spell began
    private var restRateAnchor = Vector3.zero  // … and the low-passed gyroscope
    private var restS = 0.0
    private var biasEstimator: GyroBiasEstimator
    private var biasElapsedS = 0.0
    private var magElapsedS = 0.0
    private var magUndisturbedS = 0.0
    private var magCandidate = (normUT: 0.0, dipRad: 0.0)
    private var magRefNormUT = 0.0
    private var magRefDip = (cos: 1.0, sin: 0.0)  // the reference dip angle as a unit vector
    private var magDipLimitSin = 0.0  // sin(magDipRad), for comparisons without arc functions
    private var headingHalf = (cos: 1.0, sin: 0.0)  // cos and sin of headingOffsetRad / 2
    private var magCandidateS = 0.0
    private var headingModel = Vector3.zero  // the heading correction's low-pass of R's third row
    private var headingPredicted = 0.0  // … and of (R·b̂)_z
    private var headingModelS = 0.0  // how long the heading model has run
    private var headingSettleS = 0.0  // how long it must run before it teaches the bias
    private var magSeen = false
    private var initialised = false
    private var gains = Gains()

    /// Creates a filter.
    /// - Parameter parameters: tuning; the defaults suit any IMU.
    public init(parameters: Parameters = Parameters()) {
        self.parameters = parameters
        biasEstimator = GyroBiasEstimator(initialSigmaRadps: parameters.biasSigmaInitRadps)
        magDipLimitSin = sin(parameters.magDipRad)
    }

    /// The orientation without the magnetometer's heading (arbitrary but gyroscope-stable heading).
    public var orientation6: Quaternion { accelQuat * gyroQuat }

    /// The estimate (IMU to ENU); the heading comes from the magnetometer once one has been seen.
    public var orientation: Quaternion {
        Quaternion(w: headingHalf.cos, x: 0, y: 0, z: headingHalf.sin) * (accelQuat * gyroQuat)
    }

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
        var correctionRate = Vector3.zero
        if !accelerationRejected && filteredNorm > 0 {
            let up = accelQuat.rotate(filtered) / filteredNorm
            accelQuat = OrientationMath.normalize(OrientationMath.tilt(from: up) * accelQuat)
            // The correction as a rotation vector per second (earth frame): for the small angles here,
            // (up.y, −up.x, 0) is the axis times the sine of the angle, and the sine is the angle.
            correctionRate = Vector3(up.y, -up.x, 0) / dt
        }
        estimateBias(correctionRate: correctionRate, dt: dt)

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
        setHeading(mag == nil ? 0 : headingAngle(start * accelQuat.conjugate))
        gyroQuat = .identity
        lowPass.reset(to: accel)
        restGyro = .zero
        restAccel = accel
        biasEstimator.resetModel(rotation: accelQuat)
        if let mag {
            let earth = accelQuat.rotate(mag)
            let norm = earth.length
            if norm > 0 {
                let horizontal = (earth.x * earth.x + earth.y * earth.y).squareRoot()
                setReference(normUT: norm, dip: (horizontal / norm, earth.z / norm))
                restartHeadingModel(settleS: 0)
                magSeen = true
            }
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
        var quiet =
            restGyro.dot(restGyro) < 3 * clip * clip
            && dg.dot(dg) < parameters.restGyroRadps * parameters.restGyroRadps
            && da.dot(da) < parameters.restAccelMps2 * parameters.restAccelMps2
        // And since the quiet spell began, the gravity direction must stand still (sine of the turn, by the
        // cross product, against the sine of the bound) and the mean rate must not change.
        if quiet && restS > 0 {
            let turn = restAnchor.cross(restAccel)
            let change = restGyro - restRateAnchor
            let limit = parameters.restRateChangeRadps
            quiet =
                turn.dot(turn) <= gains.restTurnSin2 * restAnchor.dot(restAnchor) * restAccel.dot(restAccel)
                && change.dot(change) <= limit * limit
        }
        if quiet && restS == 0 {
            restAnchor = restAccel
            restRateAnchor = restGyro
        }
        restS = quiet ? restS + dt : 0
        atRest = restS >= parameters.restMinS
    }

    /// The bias Kalman filter. The low-passes of its motion model run on every sample; the update itself runs
    /// once per ``biasUpdateIntervalS`` (far above the 3 s low-pass's bandwidth, so nothing is lost, and the
    /// 3×3 algebra stays off the per-sample path), with the random walk of the whole interval. At rest the
    /// low-passed gyroscope observes the bias, in motion the inclination correction does (through the
    /// low-passed model, see ``GyroBiasEstimator``); a sample whose acceleration was rejected observes nothing.
    private mutating func estimateBias(correctionRate: Vector3, dt: Double) {
        let model = biasEstimator.filterModel(rotation: accelQuat * gyroQuat, coefficients: gains.accel)
        biasElapsedS += dt
        guard biasElapsedS >= Self.biasUpdateIntervalS else { return }
        let v = gains.biasVariancePerS * biasElapsedS
        biasElapsedS = 0
        biasEstimator.predict(variance: v, limit: gains.biasP0)
        // Observation noise that holds the estimate's variance at σ² under a stream of observations (the
        // steady state of P⁺ = (P + V)W/(P + V + W) is σ² for W = σ⁴/V + σ²).
        func noise(_ sigma2: Double) -> Double { sigma2 * sigma2 / v + sigma2 }
        let clip = parameters.biasClipRadps
        if atRest {
            biasEstimator.updateRest(meanRate: restGyro, noise: noise(gains.biasRestSigma2), clip: clip)
        } else if !accelerationRejected && gains.biasMotionSigma2 > 0 {
            let w = noise(gains.biasMotionSigma2)
            biasEstimator.updateMotion(
                correctionRate: correctionRate, model: model.model, predicted: model.predicted,
                noise: w, verticalNoise: w / max(parameters.biasVerticalWeight, 1e-12), clip: clip)
        }
    }

    /// How often the bias Kalman filter updates, s (at most once per sample).
    static let biasUpdateIntervalS = 0.02

    private mutating func setReference(normUT: Double, dip: (cos: Double, sin: Double)) {
        magRefNormUT = normUT
        magRefDip = dip
    }

    private mutating func correctHeading(mag: Vector3, dt: Double) {
        let earth = (accelQuat * gyroQuat).rotate(mag)
        let horizontal = (earth.x * earth.x + earth.y * earth.y).squareRoot()
        let norm = (horizontal * horizontal + earth.z * earth.z).squareRoot()
        guard norm > 0 else { return }
        let dip = (cos: horizontal / norm, sin: earth.z / norm)
        if !magSeen {
            setReference(normUT: norm, dip: dip)
            setHeading(atan2(earth.x, earth.y))
            restartHeadingModel(settleS: 0)
            magSeen = true
            return
        }
        // The dip deviation from the reference: its sine (cross product) and the sign of its cosine.
        let dipDeviationSin = dip.sin * magRefDip.cos - dip.cos * magRefDip.sin
        let dipDeviationCos = dip.cos * magRefDip.cos + dip.sin * magRefDip.sin
        let steady =
            abs(norm - magRefNormUT) < parameters.magNormRatio * magRefNormUT
            && abs(dipDeviationSin) < magDipLimitSin && dipDeviationCos > 0
        if steady {
            magUndisturbedS += dt
            magCandidateS = 0
            let k = dt == gains.dt ? gains.magRef : 1 - exp(-dt / parameters.tauMagRefS)
            // Refine the reference: the norm, and the dip turned by the same fraction of its deviation.
            magRefNormUT += (norm - magRefNormUT) * k
            let c = magRefDip.cos - k * dipDeviationSin * magRefDip.sin
            let sn = magRefDip.sin + k * dipDeviationSin * magRefDip.cos
            let n = 1 / (c * c + sn * sn).squareRoot()
            magRefDip = (c * n, sn * n)
        } else {
            magUndisturbedS = 0
            trackNewField(norm: norm, dipRad: atan2(earth.z, horizontal), dt: dt)
            restartHeadingModel(settleS: parameters.biasHeadingSettleS)
        }
        magneticDisturbance = magUndisturbedS < parameters.magSettleS
        guard !magneticDisturbance else { return }
        // Heading error: the field's horizontal heading minus the offset, as one angle (one atan2).
        let (hc, hs) = headingHalf
        let cosOffset = hc * hc - hs * hs
        let sinOffset = 2 * hc * hs
        let error = atan2(earth.x * cosOffset - earth.y * sinOffset, earth.y * cosOffset + earth.x * sinOffset)
        let gain = dt == gains.dt ? gains.mag : 1 - exp(-dt / parameters.tauMagS)
        let step = error * gain
        headingOffsetRad = OrientationMath.wrap(headingOffsetRad + step)
        observeVerticalBias(correctionRate: step / dt, gain: gain, dt: dt)
        // Turn the half-angle pair by step/2; small steps (the rule: a fraction dt/tauMagS of the error) use a
        // series exact to double precision instead of a sine and cosine.
        let h = step / 2
        let h2 = h * h
        let (c, sn) =
            h2 < 1e-6 ? (1 - h2 / 2 + h2 * h2 / 24, h * (1 - h2 / 6 + h2 * h2 / 120)) : (cos(h), sin(h))
        let w = hc * c - hs * sn
        let z = hs * c + hc * sn
        let n = 1 / (w * w + z * z).squareRoot()
        headingHalf = (w * n, z * n)
    }

    /// The heading correction as an observation of the bias (mostly its vertical component). The correction
    /// follows the heading drift `(R·(b − b̂))_z` through the same first-order low-pass as the heading, so the
    /// model is low-passed alike, from a zero state when the heading is set or resumes after a disturbance (the
    /// correction then starts from zero too, up to the catch-up a disturbance leaves, which the settling time
    /// waits out). At rest the rest observation is the stronger one and this one is skipped.
    private mutating func observeVerticalBias(correctionRate: Double, gain: Double, dt: Double) {
        let r = Matrix3(accelQuat * gyroQuat)
        let row = Vector3(r.m20, r.m21, r.m22)
        headingModel = headingModel + (row - headingModel) * gain
        headingPredicted += (row.dot(bias) - headingPredicted) * gain
        headingModelS += dt
        let sigma2 = gains.biasHeadingSigma2
        guard headingModelS >= headingSettleS, !atRest, sigma2 > 0 else { return }
        let v = gains.biasVariancePerS * dt
        biasEstimator.updateHeading(
            correctionRate: correctionRate, model: headingModel, predicted: headingPredicted,
            noise: sigma2 * sigma2 / v + sigma2, clip: parameters.biasClipRadps)
    }

    private mutating func restartHeadingModel(settleS: Double) {
        headingModel = .zero
        headingPredicted = 0
        headingModelS = 0
        headingSettleS = settleS
    }

    private mutating func setHeading(_ angle: Double) {
        headingOffsetRad = angle
        headingHalf = (cos(angle / 2), sin(angle / 2))
    }

    /// A different field that stays put for magNewS becomes the new reference (a magnet that stays where it
    /// is, or a move into another building).
    private mutating func trackNewField(norm: Double, dipRad dip: Double, dt: Double) {
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
            setReference(normUT: magCandidate.normUT, dip: (cos(magCandidate.dipRad), sin(magCandidate.dipRad)))
            magCandidateS = 0
            magUndisturbedS = parameters.magSettleS
        }
    }

    private func headingAngle(_ q: Quaternion) -> Double { 2 * atan2(q.z, q.w) }
}

/// The gains for one sample interval, recomputed only when the interval changes.
private struct Gains: Sendable {
    var dt = -1.0
    var accel = ButterworthLowPass3.Coefficients(b0: 1, b1: 0, b2: 0, a1: 0, a2: 0)
    var rest = 0.0
    var restTurnSin2 = 0.0  // sin² of the largest turn of the gravity direction during a rest
    var biasVariancePerS = 0.0  // bias random walk, (rad/s)² per second
    var biasP0 = 0.0  // initial (and largest) bias variance
    var biasMotionSigma2 = 0.0  // steady-state variances of the bias estimate in motion and at rest
    var biasRestSigma2 = 0.0
    var biasHeadingSigma2 = 0.0
    var mag = 0.0
    var magRef = 0.0

    init() {}

    init(_ p: SensorGateFilter.Parameters, dt: Double) {
        self.dt = dt
        accel = .init(tau: p.tauAccS, dt: dt)
        rest = 1 - exp(-dt / p.tauRestS)
        restTurnSin2 = sin(p.restTurnRad) * sin(p.restTurnRad)
        // The bias wanders by 0.1°/s over biasForgettingS.
        let wander = 0.1 * Double.pi / 180
        biasVariancePerS = wander * wander / p.biasForgettingS
        biasP0 = p.biasSigmaInitRadps * p.biasSigmaInitRadps
        biasMotionSigma2 = p.biasSigmaMotionRadps * p.biasSigmaMotionRadps
        biasRestSigma2 = p.biasSigmaRestRadps * p.biasSigmaRestRadps
        biasHeadingSigma2 = p.biasSigmaHeadingRadps * p.biasSigmaHeadingRadps
        mag = 1 - exp(-dt / p.tauMagS)
        magRef = 1 - exp(-dt / p.tauMagRefS)
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
