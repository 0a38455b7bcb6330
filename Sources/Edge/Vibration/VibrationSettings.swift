// SensorGate — Edge: what a vibration channel's health features are computed over.

import SensorMath

/// Settings of a `VibrationAnalyzer`, one per vibration channel. Defaults suit a 12 kHz accelerometer on a
/// machine running at 10–100 Hz; every field maps to a key of the channel's `vibration:` block in the board file.
public struct VibrationSettings: Sendable, Hashable {
    /// The sample rate, Hz (`rate-hz`; no default: it is the channel's).
    public var sampleRateHz: Double
    /// Samples per window N (`window-length`), even, at least 16. Default 4096 (0.34 s, 2.93 Hz bins at 12 kHz).
    public var windowLength: Int = 4096
    /// The fraction of a window shared with the next one (`overlap`), 0 ≤ overlap < 1. Default 0.5.
    public var overlap: Double = 0.5
    /// The taper before the FFT (`window`). Default Hann.
    public var window: WindowFunction = .hann
    /// The band of the velocity RMS (`velocity-band-hz`). Default 10–1000 Hz (ISO 10816 / 20816), the top
    /// lowered to rate/2 for channels sampled below 2 kHz.
    public var velocityBandHz: FrequencyBand
    /// Bands whose energy (mean square of the acceleration, (m/s²)²) is reported (`bands-hz`). Default none.
    public var bandsHz: [FrequencyBand] = []
    /// The band demodulated for the envelope spectrum (`envelope-band-hz`): the structural resonance that
    /// bearing impacts excite. Default rate/6 to 0.4·rate (2–4.8 kHz at 12 kHz).
    public var envelopeBandHz: FrequencyBand
    /// The bearing whose defect bands are reported (`bearing`). Default none.
    public var bearing: BearingGeometry?
    /// The shaft speed, Hz (`shaft-hz`); the analyzer's `setShaftSpeed` follows a tachometer. Default 0 (none).
    public var shaftHz: Double = 0
    /// The half-width of each defect band relative to its centre (`defect-band-width`). Default 0.03
    /// (±3 %: slip and speed error of a few per cent).
    public var defectBandHalfWidth: Double = 0.03
    /// Harmonics of each defect frequency summed into its band (`defect-harmonics`), 1…16. Default 3.
    public var defectHarmonics: Int = 3

    /// Settings with the defaults for a channel sampled at `sampleRateHz`.
    /// - Parameter sampleRateHz: the channel's sample rate.
    public init(sampleRateHz: Double) {
        self.sampleRateHz = sampleRateHz
        velocityBandHz = FrequencyBand(lowHz: 10, highHz: min(1000, sampleRateHz / 2))
        envelopeBandHz = FrequencyBand(lowHz: sampleRateHz / 6, highHz: 0.4 * sampleRateHz)
    }

    /// Samples between the starts of two windows: N − round(overlap·N), at least 1.
    public var hopLength: Int { max(windowLength - Int((overlap * Double(windowLength)).rounded()), 1) }

    /// Checks every field.
    /// - Throws: `EdgeSettingsError` naming the first field out of range.
    public func validate() throws(EdgeSettingsError) {
        let nyquist = sampleRateHz / 2
        guard sampleRateHz.isFinite, sampleRateHz > 0 else {
            throw EdgeSettingsError(setting: "rate-hz", problem: "\(sampleRateHz) must be a positive number")
        }
        guard windowLength >= 16, windowLength % 2 == 0, windowLength <= 1 << 22 else {
            throw EdgeSettingsError(
                setting: "window-length", problem: "\(windowLength) must be even, 16…4194304 (e.g. 4096)")
        }
        guard overlap >= 0, overlap < 1 else {
            throw EdgeSettingsError(setting: "overlap", problem: "\(overlap) must be in 0 ≤ overlap < 1 (e.g. 0.5)")
        }
        for (name, band) in [("velocity-band-hz", velocityBandHz), ("envelope-band-hz", envelopeBandHz)]
            + bandsHz.map({
                ("bands-hz", $0)
            })
        {
            guard band.lowHz.isFinite, band.highHz.isFinite, band.lowHz >= 0, band.lowHz < band.highHz,
                band.highHz <= nyquist
            else {
                throw EdgeSettingsError(
                    setting: name, problem: "\(band) must satisfy 0 ≤ low < high ≤ rate/2 = \(nyquist) Hz")
            }
        }
        guard velocityBandHz.lowHz > 0 else {
            throw EdgeSettingsError(setting: "velocity-band-hz", problem: "the low edge must be above 0 Hz (e.g. 10)")
        }
        guard shaftHz.isFinite, shaftHz >= 0 else {
            throw EdgeSettingsError(setting: "shaft-hz", problem: "\(shaftHz) must be 0 or a positive number")
        }
        guard defectBandHalfWidth > 0, defectBandHalfWidth < 0.5 else {
            throw EdgeSettingsError(
                setting: "defect-band-width", problem: "\(defectBandHalfWidth) must be in 0 < w < 0.5 (e.g. 0.03)")
        }
        guard (1...16).contains(defectHarmonics) else {
            throw EdgeSettingsError(setting: "defect-harmonics", problem: "\(defectHarmonics) must be 1…16")
        }
        if let bearing {
            guard bearing.rollingElements > 0, bearing.ballDiameterMm > 0,
                bearing.pitchDiameterMm > bearing.ballDiameterMm, abs(bearing.contactAngleDeg) < 90
            else {
                throw EdgeSettingsError(
                    setting: "bearing", problem: "needs n > 0, 0 < d < D and |contact angle| < 90°")
            }
        }
    }
}
