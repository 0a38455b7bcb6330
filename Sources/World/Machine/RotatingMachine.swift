// SensorGate — World: the vibration of a rotating machine at a bearing housing.

import Foundation
import SensorMath

/// Where a bearing is damaged.
public enum BearingDefectSite: String, Sendable, Hashable, CaseIterable {
    /// A spall on the outer race: impacts at BPFO, steady in amplitude.
    case outerRace = "outer-race"
    /// A spall on the inner race: impacts at BPFI, modulated by the shaft as the defect passes the load zone.
    case innerRace = "inner-race"
    /// A damaged rolling element: impacts at 2 × BSF (it strikes both races), modulated at FTF.
    case ball
    /// A damaged cage: a component at FTF.
    case cage
}

/// A bearing defect that starts at a time and grows.
public struct BearingDefect: Sendable, Hashable {
    /// Where it is.
    public var site: BearingDefectSite
    /// When it starts, in seconds.
    public var onsetS: Double
    /// The peak acceleration of one impact at onset, m/s².
    public var initialPeakMps2: Double
    /// How fast the impacts grow: the peak is multiplied by (1 + growth) per hour. Default 0.
    public var growthPerHour: Double

    /// Creates a defect.
    /// - Parameters:
    ///   - site: where.
    ///   - onsetS: when it starts.
    ///   - initialPeakMps2: the impact peak at onset.
    ///   - growthPerHour: the relative growth per hour.
    public init(site: BearingDefectSite, onsetS: Double, initialPeakMps2: Double, growthPerHour: Double = 0) {
        self.site = site
        self.onsetS = onsetS
        self.initialPeakMps2 = initialPeakMps2
        self.growthPerHour = growthPerHour
    }

    /// The impact peak at `t`, or 0 before onset.
    /// - Parameter t: seconds.
    /// - Returns: m/s².
    public func peak(at t: Double) -> Double {
        guard t >= onsetS else { return 0 }
        return initialPeakMps2 * pow(1 + growthPerHour, (t - onsetS) / 3600)
    }
}

/// A rotating machine seen by an accelerometer on its bearing housing: imbalance at 1×, misalignment
/// at 2× (and axially), bearing defects as trains of impacts ringing a structural resonance, and
/// broadband noise. The output is in the sensor's mounting axes: x and y radial (90° apart), z axial.
public struct RotatingMachine: Sendable, Hashable {
    /// The shaft speed in Hz (1797 rpm = 29.95 Hz in the CWRU data).
    public var shaftHz: Double
    /// The imbalance: radial acceleration amplitude at 1×, m/s².
    public var imbalanceMps2: Double
    /// The misalignment: radial amplitude at 2× and axial amplitude at 1× and 2×, m/s².
    public var misalignmentMps2: Double
    /// The bearing.
    public var bearing: BearingGeometry
    /// Defects, each with its own onset and growth.
    public var defects: [BearingDefect]
    /// The structural resonance the impacts ring, Hz.
    public var resonanceHz: Double
    /// The decay time constant of the ringing, s.
    public var ringDecayS: Double
    /// Broadband noise, RMS m/s² over 0…`noiseBandwidthHz`.
    public var noiseRmsMps2: Double
    /// The bandwidth of the broadband noise, Hz.
    public var noiseBandwidthHz: Double
    /// The noise seed.
    public var seed: UInt64

    /// Creates a machine; defaults describe a healthy 2 hp motor at 1797 rpm.
    /// - Parameters:
    ///   - shaftHz: shaft speed. Default 29.95 Hz.
    ///   - imbalanceMps2: imbalance amplitude. Default 0.5 m/s².
    ///   - misalignmentMps2: misalignment amplitude. Default 0.2 m/s².
    ///   - bearing: geometry. Default SKF 6205.
    ///   - defects: defects. Default none.
    ///   - resonanceHz: resonance. Default 3000 Hz.
    ///   - ringDecayS: ring decay. Default 1 ms.
    ///   - noiseRmsMps2: broadband RMS. Default 0.05 m/s².
    ///   - noiseBandwidthHz: noise bandwidth. Default 5000 Hz.
    ///   - seed: noise seed. Default 1.
    public init(
        shaftHz: Double = 29.95, imbalanceMps2: Double = 0.5, misalignmentMps2: Double = 0.2,
        bearing: BearingGeometry = .skf6205, defects: [BearingDefect] = [], resonanceHz: Double = 3000,
        ringDecayS: Double = 0.001, noiseRmsMps2: Double = 0.05, noiseBandwidthHz: Double = 5000, seed: UInt64 = 1
    ) {
        self.shaftHz = shaftHz
        self.imbalanceMps2 = imbalanceMps2
        self.misalignmentMps2 = misalignmentMps2
        self.bearing = bearing
        self.defects = defects
        self.resonanceHz = resonanceHz
        self.ringDecayS = ringDecayS
        self.noiseRmsMps2 = noiseRmsMps2
        self.noiseBandwidthHz = noiseBandwidthHz
        self.seed = seed
    }

    /// The vibration acceleration at `t` in the mounting axes, m/s².
    /// - Parameter t: seconds.
    /// - Returns: x, y radial and z axial.
    public func vibration(at t: Double) -> Vector3 {
        let shaft = 2 * Double.pi * shaftHz * t
        var radialX = imbalanceMps2 * cos(shaft) + misalignmentMps2 * cos(2 * shaft)
        var radialY = imbalanceMps2 * sin(shaft) + misalignmentMps2 * sin(2 * shaft)
        let axial = misalignmentMps2 * (cos(shaft) + 0.5 * cos(2 * shaft))
        for defect in defects {
            let impacts = impactSignal(defect, t)
            // The load zone is below the shaft: impacts show mostly on the vertical (x) axis.
            radialX += impacts
            radialY += 0.3 * impacts
        }
        let noise = Vector3(
            BandLimitedNoise.value(seed: seed, channel: 0, t: t, bandwidthHz: noiseBandwidthHz),
            BandLimitedNoise.value(seed: seed, channel: 1, t: t, bandwidthHz: noiseBandwidthHz),
            BandLimitedNoise.value(seed: seed, channel: 2, t: t, bandwidthHz: noiseBandwidthHz))
        return Vector3(radialX, radialY, axial) + noise * noiseRmsMps2
    }

    /// The defect frequency that a site's impacts repeat at.
    /// - Parameter site: the site.
    /// - Returns: Hz.
    public func defectFrequency(_ site: BearingDefectSite) -> Double {
        switch site {
        case .outerRace: bearing.bpfo(shaftHz: shaftHz)
        case .innerRace: bearing.bpfi(shaftHz: shaftHz)
        case .ball: 2 * bearing.bsf(shaftHz: shaftHz)
        case .cage: bearing.ftf(shaftHz: shaftHz)
        }
    }

    /// The ringing of the impacts of one defect at `t`: each impact at k / f_d starts a decaying
    /// sinusoid at the resonance; impacts older than eight decay times are negligible and skipped.
    private func impactSignal(_ defect: BearingDefect, _ t: Double) -> Double {
        let peak = defect.peak(at: t)
        guard peak > 0 else { return 0 }
        let frequency = defectFrequency(defect.site)
        if defect.site == .cage { return peak * sin(2 * Double.pi * frequency * t) }
        let period = 1 / frequency
        let newest = (t / period).rounded(.down)
        var sum = 0.0
        var k = newest
        while k >= 0 {
            let impactTime = k * period
            let age = t - impactTime
            if age > 8 * ringDecayS || impactTime < defect.onsetS { break }
            var amplitude = peak
            switch defect.site {
            case .innerRace:
                amplitude *= 0.5 * (1 + cos(2 * Double.pi * shaftHz * impactTime))
            case .ball:
                amplitude *= 0.5 * (1 + cos(2 * Double.pi * bearing.ftf(shaftHz: shaftHz) * impactTime))
            case .outerRace, .cage:
                break
            }
            sum += amplitude * exp(-age / ringDecayS) * sin(2 * Double.pi * resonanceHz * age)
            k -= 1
        }
        return sum
    }
}

/// Deterministic band-limited Gaussian noise as a pure function of time: independent normal values
/// on a grid at twice the bandwidth, joined by cosine interpolation. The same seed, channel and time
/// give the same value, whichever chip asks and in whatever order.
public enum BandLimitedNoise {
    /// The noise at `t`, unit RMS at the grid points.
    /// - Parameters:
    ///   - seed: the seed.
    ///   - channel: a channel number, for independent streams.
    ///   - t: seconds.
    ///   - bandwidthHz: the bandwidth.
    /// - Returns: the value.
    public static func value(seed: UInt64, channel: UInt64, t: Double, bandwidthHz: Double) -> Double {
        let rate = 2 * bandwidthHz
        let position = t * rate
        let index = position.rounded(.down)
        let fraction = position - index
        let a = gaussian(seed: seed, channel: channel, index: Int64(index))
        let b = gaussian(seed: seed, channel: channel, index: Int64(index) + 1)
        let weight = (1 - cos(Double.pi * fraction)) / 2
        return a + (b - a) * weight
    }

    /// A standard normal value for one grid point, from a hash of seed, channel and index.
    /// - Parameters:
    ///   - seed: the seed.
    ///   - channel: the channel.
    ///   - index: the grid index.
    /// - Returns: the value.
    public static func gaussian(seed: UInt64, channel: UInt64, index: Int64) -> Double {
        func mix(_ value: UInt64) -> UInt64 {
            var z = value &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let base = mix(seed ^ mix(channel ^ mix(UInt64(bitPattern: index))))
        let u1 = max(Double(base >> 11) * 0x1p-53, 0x1p-53)
        let u2 = Double(mix(base) >> 11) * 0x1p-53
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
