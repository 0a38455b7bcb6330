// SensorGate — Edge: altitude and vertical velocity from a barometer and a vertical accelerometer.

import Foundation
import SensorMath

/// A four-state Kalman filter: altitude h (m), vertical velocity v (m/s), accelerometer bias b_a (m/s²) and
/// the barometer's slow error b_p (m; weather, temperature drift). Vertical acceleration drives the
/// prediction, `predict` at the IMU's rate; pressure altitude h + b_p corrects it, `correct` at the
/// barometer's (any, slower) rate. b_p is a first-order Gauss–Markov process (it decays to zero with
/// `baroBiasTauS`), so the barometer's slow wander goes into b_p while the accelerometer holds the fast
/// motion. A pressure whose innovation is beyond `gateSigma` standard deviations is rejected (a gust, a
/// door slam) unless `maxRejections` in a row were, then it is taken (the filter was wrong, not the sensor).
/// Pure: no I/O, no clock, no allocation.
public struct AltitudeFilter: Sendable {
    /// Noise and time-constant settings, with defaults for a MEMS barometer (BMP280 / MS5611 class)
    /// and a MEMS accelerometer at 50–1000 Hz.
    public struct Settings: Sendable, Hashable {
        /// White noise of the vertical acceleration after gravity removal, m/s² (sensor noise plus the
        /// orientation's tilt error times g). Default 0.3.
        public var accelNoiseMps2 = 0.3
        /// Random walk of the accelerometer bias, m/s² per √s. Default 0.005.
        public var accelBiasWalk = 0.005
        /// Initial uncertainty of the accelerometer bias, m/s². Default 0.2.
        public var accelBiasInitialMps2 = 0.2
        /// White noise of one pressure altitude, m (BMP280 at ×16 oversampling ≈ 0.2 Pa ≈ 0.02 m; default
        /// allows for turbulence). Default 0.3.
        public var baroNoiseM = 0.3
        /// Standard deviation of the barometer's slow error, m. Default 2.
        public var baroBiasSigmaM = 2.0
        /// Correlation time of the barometer's slow error, s. Default 600.
        public var baroBiasTauS = 600.0
        /// Sea-level pressure for pressure altitude, Pa (QNH; the altitude is relative to it), until a
        /// reference station's arrives (``AltitudeFilter/setSeaLevelPressure(_:)``). Default 101 325.
        public var seaLevelPa = StandardAtmosphere.seaLevelPa
        /// Innovation gate in standard deviations. Default 5.
        public var gateSigma = 5.0
        /// Rejections in a row after which a pressure is taken anyway. Default 10.
        public var maxRejections = 10

        /// The defaults.
        public init() {}
    }

    /// The settings in force.
    public let settings: Settings
    /// Altitude above sea level (per `seaLevelPa`), m.
    public private(set) var altitudeM = 0.0
    /// Vertical velocity, up positive, m/s.
    public private(set) var verticalVelocityMps = 0.0
    /// The accelerometer's vertical bias estimate, m/s².
    public private(set) var accelBiasMps2 = 0.0
    /// The barometer's slow error estimate, m (pressure altitude − altitude).
    public private(set) var baroBiasM = 0.0
    /// Whether a pressure has initialised the filter.
    public private(set) var initialised = false
    /// Pressures rejected by the gate so far.
    public private(set) var rejectedPressures = 0
    /// The last innovation (pressure altitude − predicted), m.
    public private(set) var lastInnovationM = 0.0
    /// The sea-level pressure (QNH) pressure altitudes are computed with, Pa: the settings' until
    /// ``setSeaLevelPressure(_:)`` gives another.
    public private(set) var seaLevelPa: Double
    private var lastPressurePa: Double?

    private var p = Matrix4.zero
    private var rejectionsInARow = 0
    /// The last step's length and the barometer bias's decay over it, e^(−dt/τ).
    private var decay = (dtS: Double.nan, phi: 1.0)

    /// A filter waiting for its first pressure.
    /// - Parameter settings: noise settings.
    public init(settings: Settings = Settings()) {
        self.settings = settings
        seaLevelPa = settings.seaLevelPa
    }

    /// Takes a new sea-level pressure (QNH, from a reference station) for every pressure from now on.
    /// The altitude moves by what the change does to the last pressure's altitude, so a new reference
    /// is not mistaken for motion or for the barometer's own slow error. Ignored when not finite or ≤ 0.
    /// - Parameter pa: the sea-level pressure, Pa.
    public mutating func setSeaLevelPressure(_ pa: Double) {
        guard pa.isFinite, pa > 0 else { return }
        if initialised, let last = lastPressurePa {
            altitudeM +=
                StandardAtmosphere.altitudeM(pressurePa: last, seaLevelPa: pa)
                - StandardAtmosphere.altitudeM(pressurePa: last, seaLevelPa: seaLevelPa)
        }
        seaLevelPa = pa
    }

    /// The altitude's standard deviation, m.
    public var altitudeSigmaM: Double { p[0, 0].squareRoot() }
    /// The vertical velocity's standard deviation, m/s.
    public var velocitySigmaMps: Double { p[1, 1].squareRoot() }

    /// Advances by `dtS` with a vertical acceleration (earth frame, gravity removed, up positive).
    /// Ignored before the first pressure, and for dt ≤ 0 or non-finite input.
    /// - Parameters:
    ///   - verticalAccelMps2: a_up, e.g. from `verticalAcceleration(accelMps2:orientation:)`.
    ///   - dtS: seconds since the previous prediction.
    public mutating func predict(verticalAccelMps2: Double, dtS: Double) {
        guard initialised, dtS > 0, dtS.isFinite, verticalAccelMps2.isFinite else { return }
        let dt = dtS
        let a = verticalAccelMps2 - accelBiasMps2
        altitudeM += verticalVelocityMps * dt + 0.5 * a * dt * dt
        verticalVelocityMps += a * dt
        // The decay over a step the same as the last one's is the last one's (an IMU's steps repeat).
        if dt != decay.dtS { decay = (dt, exp(-dt / settings.baroBiasTauS)) }
        let phi = decay.phi
        baroBiasM *= phi
        // F = [[1, dt, −dt²/2, 0], [0, 1, −dt, 0], [0, 0, 1, 0], [0, 0, 0, φ]]
        var next = p.transitioned(dt: dt, phi: phi)
        let qa = settings.accelNoiseMps2 * settings.accelNoiseMps2
        next[0, 0] += qa * dt * dt * dt * dt / 4
        next[0, 1] += qa * dt * dt * dt / 2
        next[1, 0] += qa * dt * dt * dt / 2
        next[1, 1] += qa * dt * dt
        next[2, 2] += settings.accelBiasWalk * settings.accelBiasWalk * dt
        next[3, 3] += settings.baroBiasSigmaM * settings.baroBiasSigmaM * (1 - phi * phi)
        p = next
    }

    /// Corrects with one pressure. The first one initialises the altitude (velocity 0, biases 0).
    /// - Parameter pressurePa: the barometer's pressure.
    /// - Returns: false when the pressure was rejected (non-finite, ≤ 0, or outside the gate).
    @discardableResult
    public mutating func correct(pressurePa: Double) -> Bool {
        guard pressurePa.isFinite, pressurePa > 0 else { return false }
        lastPressurePa = pressurePa
        let z = StandardAtmosphere.altitudeM(pressurePa: pressurePa, seaLevelPa: seaLevelPa)
        guard initialised else {
            altitudeM = z
            initialised = true
            p = .zero
            p[0, 0] = settings.baroNoiseM * settings.baroNoiseM
            p[1, 1] = 1
            p[2, 2] = settings.accelBiasInitialMps2 * settings.accelBiasInitialMps2
            p[3, 3] = settings.baroBiasSigmaM * settings.baroBiasSigmaM
            p[0, 3] = -p[3, 3]  // the first reading is h + b_p: h and b_p start anti-correlated
            p[3, 0] = -p[3, 3]
            p[0, 0] += p[3, 3]
            return true
        }
        // H = [1, 0, 0, 1]
        let innovation = z - (altitudeM + baroBiasM)
        let ph = (p[0, 0] + p[0, 3], p[1, 0] + p[1, 3], p[2, 0] + p[2, 3], p[3, 0] + p[3, 3])
        let s = ph.0 + ph.3 + settings.baroNoiseM * settings.baroNoiseM
        lastInnovationM = innovation
        if innovation * innovation > settings.gateSigma * settings.gateSigma * s,
            rejectionsInARow < settings.maxRejections
        {
            rejectionsInARow += 1
            rejectedPressures += 1
            return false
        }
        rejectionsInARow = 0
        let k = (ph.0 / s, ph.1 / s, ph.2 / s, ph.3 / s)
        altitudeM += k.0 * innovation
        verticalVelocityMps += k.1 * innovation
        accelBiasMps2 += k.2 * innovation
        baroBiasM += k.3 * innovation
        // P ← P − K·(H·P), symmetrised; H·P = (P·Hᵀ)ᵀ as P is symmetric.
        for r in 0..<4 {
            for c in 0..<4 { p[r, c] -= Self.component(k, r) * Self.component(ph, c) }
        }
        p.symmetrise()
        return true
    }

    @inline(__always)
    private static func component(_ v: (Double, Double, Double, Double), _ i: Int) -> Double {
        switch i {
        case 0: v.0
        case 1: v.1
        case 2: v.2
        default: v.3
        }
    }
}

/// The vertical (up) component of the acceleration with gravity removed: the orientation rotates the
/// IMU-frame specific force into East-North-Up, and g is subtracted from its up component.
/// - Parameters:
///   - accelMps2: the accelerometer's specific force in the IMU frame (about +g up at rest).
///   - orientation: IMU to ENU, as the orientation filters give it.
///   - gravityMps2: local gravity, default 9.80665.
/// - Returns: a_up, m/s².
public func verticalAcceleration(accelMps2: Vector3, orientation: Quaternion, gravityMps2: Double = 9.80665) -> Double {
    orientation.rotate(accelMps2).z - gravityMps2
}
