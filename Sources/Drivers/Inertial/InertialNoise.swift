// SensorGate — Drivers: seeded white noise for accelerometer/gyroscope models.

import HAL
import HALSim

/// Seeded Gaussian noise for inertial models: the same seed gives the same sequence on every run.
public struct InertialNoise: Sendable {
    private var generator: SplitMix64

    /// Creates a noise source.
    /// - Parameter seed: the instance seed (nil: a fixed default).
    public init(seed: UInt64?) {
        generator = SplitMix64(seed: (seed ?? 1) ^ 0x6E6F_6973_656E_6F69)
    }

    /// One sample of zero-mean noise.
    /// - Parameter rms: the standard deviation.
    /// - Returns: the noise value.
    public mutating func sample(rms: Double) -> Double {
        guard rms > 0 else { return 0 }
        return rms * generator.nextGaussian()
    }

    /// The RMS noise of a white-noise density over a bandwidth: density × √bandwidth.
    /// - Parameters:
    ///   - density: the noise density per √Hz.
    ///   - bandwidthHz: the effective bandwidth.
    /// - Returns: the RMS noise in the density's unit.
    public static func rms(density: Double, bandwidthHz: Double) -> Double {
        density * max(bandwidthHz, 0).squareRoot()
    }
}
