// SensorGate — World: smooth random motion, as hand-held or machine-mounted gateways see it.

import Foundation
import SensorMath

/// Smooth random motion: roll, pitch and yaw, and a small translation, each a sum of sinusoids with
/// seeded frequencies below a bandwidth and seeded phases. Deterministic for a seed, smooth
/// (infinitely differentiable), and bounded.
public struct SmoothRandomMotion: MotionProfile {
    /// One sinusoid: amplitude, frequency in Hz, phase in radians.
    struct Tone: Sendable, Hashable {
        var amplitude: Double
        var frequencyHz: Double
        var phase: Double

        func value(_ t: Double) -> Double { amplitude * sin(2 * Double.pi * frequencyHz * t + phase) }
    }

    private let angles: [[Tone]]
    private let translation: [[Tone]]
    /// The orientation the angles are applied to.
    public let attitude: Quaternion

    /// Creates a motion.
    /// - Parameters:
    ///   - seed: the seed of frequencies and phases.
    ///   - amplitudeRad: the peak angle of each of roll, pitch and yaw, in radians. Default: 0.5.
    ///   - bandwidthHz: the highest frequency. Default: 1 Hz.
    ///   - translationM: the peak displacement per axis, in metres. Default: 0.05.
    ///   - attitude: the orientation at the centre of the motion. Default: level.
    public init(
        seed: UInt64, amplitudeRad: Double = 0.5, bandwidthHz: Double = 1, translationM: Double = 0.05,
        attitude: Quaternion = .identity
    ) {
        var state = seed ^ 0x6D6F_7469_6F6E_0001
        func unit() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) * 0x1p-53
        }
        func tones(_ peak: Double) -> [Tone] {
            // Four tones; amplitudes share the peak so the sum never exceeds it.
            (0..<4).map { _ in
                Tone(
                    amplitude: peak / 4, frequencyHz: bandwidthHz * (0.1 + 0.9 * unit()), phase: 2 * Double.pi * unit())
            }
        }
        angles = (0..<3).map { _ in tones(amplitudeRad) }
        translation = (0..<3).map { _ in tones(translationM) }
        self.attitude = attitude
    }

    /// attitude ⊗ euler(roll, pitch, yaw).
    public func orientation(at t: Double) -> Quaternion {
        let values = angles.map { axis in axis.reduce(0) { $0 + $1.value(t) } }
        return (attitude * Quaternion.euler(roll: values[0], pitch: values[1], yaw: values[2])).normalized
    }

    /// The translation.
    public func position(at t: Double) -> Vector3 {
        let values = translation.map { axis in axis.reduce(0) { $0 + $1.value(t) } }
        return Vector3(values[0], values[1], values[2])
    }

    /// The exact second derivative of the sinusoids.
    public func acceleration(at t: Double) -> Vector3 {
        let values = translation.map { axis in
            axis.reduce(0) { sum, tone in
                let omega = 2 * Double.pi * tone.frequencyHz
                return sum - omega * omega * tone.value(t)
            }
        }
        return Vector3(values[0], values[1], values[2])
    }
}
