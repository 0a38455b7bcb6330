// SensorGate — Edge: the health features of one vibration window.

/// What one window of a vibration channel says about the machine. Acceleration features are taken after
/// removing the window's mean (a sensor's offset and gravity are not vibration).
public struct VibrationFeatures: Sendable, Hashable {
    /// The channel's sample count at the end of this window (its last sample is number `endSample − 1`);
    /// the caller turns it into a timestamp.
    public var endSample: Int = 0
    /// RMS acceleration, m/s².
    public var rmsMps2: Double = 0
    /// Largest |acceleration − mean|, m/s².
    public var peakMps2: Double = 0
    /// Peak / RMS (0 for a silent window). About 1.4 for a sinusoid, 3–4 for Gaussian noise, higher with impacts.
    public var crestFactor: Double = 0
    /// Pearson kurtosis m₄/m₂² (3 for Gaussian noise, 1.5 for a sinusoid, higher with impacts; 0 when silent).
    public var kurtosis: Double = 0
    /// RMS velocity in the velocity band, mm/s, by integrating the spectrum: Σ P_k / (2πf_k)².
    public var velocityRmsMmps: Double = 0
    /// Mean square acceleration in each configured band, (m/s²)², in the order of the settings.
    public var bandMeanSquare: [Double] = []
    /// Mean square acceleration in each defect band (all harmonics summed), (m/s²)²; zero without a
    /// bearing or shaft speed.
    public var defectMeanSquare: BearingDefectValues = .zero
    /// The same bands in the envelope spectrum, (m/s²)².
    public var envelopeDefectMeanSquare: BearingDefectValues = .zero
    /// The envelope's mean square without its mean, (m/s²)²: the defect bands divided by it give the
    /// share of the envelope's modulation at each defect frequency.
    public var envelopeMeanSquare: Double = 0

    /// Zero features with room for `bands` band energies.
    /// - Parameter bands: the number of configured bands.
    public init(bands: Int) {
        bandMeanSquare = [Double](repeating: 0, count: bands)
    }
}
