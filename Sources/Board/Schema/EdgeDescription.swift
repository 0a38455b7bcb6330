// SensorGate — Board: what the gateway computes at the edge (docs/boards.md, "Edge processing").

import Edge
import SensorMath

/// One channel's `processing:` block: its `ChannelSettings`, where it was written.
public struct ChannelProcessingDescription: Sendable, Hashable {
    /// The channel's name, as the device's driver names it (`pressure`, `accel_x`, …).
    public var channel: String
    /// The settings (validated at load).
    public var settings: ChannelSettings
    /// Where the block is.
    public var location: SourceLocation
}

/// A device's `vibration:` block: health features over windows of its acceleration. The sample rate is
/// the device's, known when it is bound, so the settings are completed then (``settings(sampleRateHz:)``).
public struct VibrationDescription: Sendable, Hashable {
    /// The axes analysed, each on its own (`axes`, x/y/z). Default all three.
    public var axes: [Int] = [0, 1, 2]
    /// Samples per window (`window-length`). Default 4096.
    public var windowLength = 4096
    /// Share of a window kept for the next (`overlap`). Default 0.5.
    public var overlap = 0.5
    /// Taper (`window`: hann or rectangular). Default hann.
    public var window = WindowFunction.hann
    /// Velocity RMS band (`velocity-band-hz: [low, high]`). Default 10–1000 Hz, capped at rate/2.
    public var velocityBandHz: FrequencyBand?
    /// Bands whose energy is reported (`bands-hz: [[low, high], …]`). Default none.
    public var bandsHz: [FrequencyBand] = []
    /// Envelope band (`envelope-band-hz`). Default rate/6 – 0.4·rate.
    public var envelopeBandHz: FrequencyBand?
    /// Bearing (`bearing`: skf6205, or the world's bearing keys). Default none.
    public var bearing: BearingGeometry?
    /// Shaft speed, Hz (`shaft-hz`). Default 0 (no defect bands).
    public var shaftHz = 0.0
    /// Half-width of each defect band (`defect-band-width`). Default 0.03.
    public var defectBandHalfWidth = 0.03
    /// Harmonics per defect band (`defect-harmonics`). Default 3.
    public var defectHarmonics = 3
    /// Whether an anomaly detector watches the features and raises events (`anomaly`). Default true.
    public var anomaly = true
    /// The batch interval of the features stream (`interval`). Default 60 s.
    public var interval: Duration = .seconds(60)
    /// Where the block is.
    public var location: SourceLocation

    /// The analyzer's settings for a channel sampled at `sampleRateHz`.
    /// - Parameter sampleRateHz: the device's output data rate.
    /// - Returns: the settings (not yet validated: the bands may exceed the rate's Nyquist frequency).
    public func settings(sampleRateHz: Double) -> VibrationSettings {
        var settings = VibrationSettings(sampleRateHz: sampleRateHz)
        settings.windowLength = windowLength
        settings.overlap = overlap
        settings.window = window
        if let velocityBandHz {
            settings.velocityBandHz = velocityBandHz
        }
        settings.bandsHz = bandsHz
        if let envelopeBandHz { settings.envelopeBandHz = envelopeBandHz }
        settings.bearing = bearing
        settings.shaftHz = shaftHz
        settings.defectBandHalfWidth = defectBandHalfWidth
        settings.defectHarmonics = defectHarmonics
        return settings
    }
}

/// The orientation filter the gateway runs (`edge: orientation:`).
public enum OrientationFilterKind: String, Sendable, Hashable, CaseIterable {
    /// SensorGate's own filter (docs/fusion.md).
    case sensorgate
    /// Madgwick's gradient-descent filter.
    case madgwick
    /// Mahony's complementary filter.
    case mahony
}

/// `edge: orientation:`: attitude from an IMU (and a magnetometer), sent as its own stream.
public struct OrientationDescription: Sendable, Hashable {
    /// The device with the accelerometer and gyroscope (`imu`).
    public var imu: String
    /// The device with the magnetometer (`magnetometer`), or nil for 6 axes.
    public var magnetometer: String?
    /// The filter (`filter`). Default sensorgate.
    public var filter = OrientationFilterKind.sensorgate
    /// The magnetometer's calibration (`mag-hard-iron-ut`, `mag-soft-iron`, `mag-calibration`). Default:
    /// estimated online, no constants.
    public var magCalibration = MagnetometerCalibration()
    /// Output rate, Hz (`rate-hz`). Default 10.
    public var rateHz = 10.0
    /// Batch interval (`interval`). Default 10 s.
    public var interval: Duration = .seconds(10)
    /// Where the block is.
    public var location: SourceLocation
}

/// `edge: altitude:`: barometric altitude fused with vertical acceleration, sent as its own stream.
public struct AltitudeDescription: Sendable, Hashable {
    /// The device with the pressure channel (`barometer`).
    public var barometer: String
    /// Filter settings (`sea-level-pa`, `baro-noise-m`, `accel-noise-mps2`).
    public var settings = AltitudeFilter.Settings()
    /// Output rate, Hz (`rate-hz`). Default 5.
    public var rateHz = 5.0
    /// Batch interval (`interval`). Default 10 s.
    public var interval: Duration = .seconds(10)
    /// Where the block is.
    public var location: SourceLocation
}

/// The board's `edge:` section: the values derived from several devices. (A device's own `processing:`
/// and `vibration:` blocks sit in its `DeviceDescription`.) Empty by default.
public struct EdgeDescription: Sendable, Hashable {
    /// `edge: orientation:`.
    public var orientation: OrientationDescription?
    /// `edge: altitude:`.
    public var altitude: AltitudeDescription?
    /// No edge processing.
    public init() {}

    /// Whether anything is derived.
    public var isEmpty: Bool { orientation == nil && altitude == nil }
}
