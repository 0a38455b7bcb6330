// SensorGate — Edge: health features of a vibration channel, window by window.

import CKissFFT

/// Turns a vibration channel's samples into `VibrationFeatures`, one set per window (length and overlap
/// from the settings): acceleration RMS, peak, crest factor, kurtosis, velocity RMS, the amplitude
/// spectrum, energy in configured bands and in the bearing defect bands of the spectrum and of the
/// envelope spectrum.
///
/// Every buffer is allocated in `init`; `push` and `analyze` never allocate (copying `features` or a
/// spectrum out keeps a snapshot; the next window then writes to a fresh copy, which allocates once).
/// No I/O and no clock: time is the sample count. The FFT is kissfft's (single precision).
///
/// Spectral scaling, with X_k the FFT of the mean-removed window times the window function w:
/// - power P_k = c_k |X_k|² / (N Σw²), c_k = 2 except at DC and N/2 (1): the mean square in bin k, so a
///   band's energy is Σ P_k and Σ over all bins equals the window's mean square for white signals;
/// - amplitude A_k = c_k |X_k| / Σw: the peak amplitude of a sinusoid centred on bin k (for Hann Σw = N/2,
///   the amplitude correction factor 2);
/// - velocity RMS = √(Σ_band P_k / (2πf_k)²), integration by division by jω per bin.
///
/// The envelope spectrum demodulates `envelopeBandHz`: the band's bins of the unwindowed FFT, doubled and
/// without negative frequencies, give the analytic signal by inverse FFT; its magnitude minus its mean,
/// windowed, gives the envelope's power spectrum with the same scaling.
public final class VibrationAnalyzer {
    /// The settings in force.
    public let settings: VibrationSettings
    /// The features of the last complete window.
    public private(set) var features: VibrationFeatures
    /// The amplitude spectrum of the last window, m/s² per bin, bins 0…N/2 (frequency `frequencyHz(bin:)`).
    public private(set) var amplitudeSpectrumMps2: [Double]
    /// The envelope's amplitude spectrum of the last window, m/s² per bin.
    public private(set) var envelopeSpectrumMps2: [Double]
    /// How many windows have completed.
    public private(set) var windowCount = 0

    private let plan: FFTPlan
    private let windowCoefficients: [Double]
    private let windowSum: Double
    private let windowSquareSum: Double
    private let velocityBins: Range<Int>
    private let bandBins: [Range<Int>]
    private let envelopeBins: Range<Int>
    /// Defect band bins: site-major (outer, inner, ball, cage), `defectHarmonics` per site.
    private var defectBins: [Range<Int>]
    private var ring: [Double]
    private var block: [Double]
    private var power: [Double]
    private var ringNext = 0
    private var filled = 0
    private var sinceWindow = 0
    private var samples = 0

    /// Prepares an analyzer; all memory it will use is allocated here.
    /// - Parameter settings: the channel's settings.
    /// - Throws: `EdgeSettingsError` when a setting is out of range.
    public init(settings: VibrationSettings) throws(EdgeSettingsError) {
        try settings.validate()
        guard settings.envelopeBandHz.lowHz > 0 else {
            throw EdgeSettingsError(setting: "envelope-band-hz", problem: "the low edge must be above 0 Hz")
        }
        let count = settings.windowLength
        guard let plan = FFTPlan(count: count) else {
            throw EdgeSettingsError(setting: "window-length", problem: "kissfft cannot plan \(count) points")
        }
        self.settings = settings
        self.plan = plan
        windowCoefficients = settings.window.coefficients(count: count)
        windowSum = windowCoefficients.reduce(0, +)
        windowSquareSum = windowCoefficients.reduce(0) { $0 + $1 * $1 }
        let rate = settings.sampleRateHz
        velocityBins = settings.velocityBandHz.bins(count: count, rateHz: rate)
        bandBins = settings.bandsHz.map { $0.bins(count: count, rateHz: rate) }
        envelopeBins = settings.envelopeBandHz.bins(count: count, rateHz: rate)
        defectBins = [Range<Int>](repeating: 0..<0, count: 4 * settings.defectHarmonics)
        features = VibrationFeatures(bands: settings.bandsHz.count)
        amplitudeSpectrumMps2 = [Double](repeating: 0, count: count / 2 + 1)
        envelopeSpectrumMps2 = [Double](repeating: 0, count: count / 2 + 1)
        ring = [Double](repeating: 0, count: count)
        block = [Double](repeating: 0, count: count)
        power = [Double](repeating: 0, count: count / 2 + 1)
        setShaftSpeed(hz: settings.shaftHz)
    }

    /// The centre frequency of a bin, Hz.
    /// - Parameter bin: 0…N/2.
    /// - Returns: bin · rate / N.
    public func frequencyHz(bin: Int) -> Double { Double(bin) * settings.sampleRateHz / Double(settings.windowLength) }

    /// Moves the defect bands to a new shaft speed (from a tachometer or the drive), from the next window on.
    /// Negative or non-finite speeds turn the defect bands off.
    /// - Parameter hz: the shaft's rotation frequency.
    public func setShaftSpeed(hz: Double) {
        let empty: Range<Int> = 0..<0
        guard let bearing = settings.bearing, hz.isFinite, hz > 0 else {
            for i in defectBins.indices { defectBins[i] = empty }
            return
        }
        let f = bearing.defectFrequencies(shaftHz: hz)
        let h = settings.defectHarmonics
        let width = settings.defectBandHalfWidth
        for site in 0..<4 {
            for harmonic in 1...h {
                let fundamental =
                    switch site {
                    case 0: f.outerRace
                    case 1: f.innerRace
                    case 2: f.ball
                    default: f.cage
                    }
                let centre = fundamental * Double(harmonic)
                defectBins[site * h + harmonic - 1] = FrequencyBand(
                    lowHz: centre * (1 - width), highHz: centre * (1 + width)
                ).bins(count: settings.windowLength, rateHz: settings.sampleRateHz)
            }
        }
    }

    /// Forgets the samples of the window in progress (after a gap in the stream).
    public func reset() {
        ringNext = 0
        filled = 0
        sinceWindow = 0
    }

    /// Feeds one sample.
    /// - Parameter accelerationMps2: the acceleration, m/s².
    /// - Returns: true when this sample completed a window; `features` and the spectra then hold it.
    @discardableResult
    public func push(_ accelerationMps2: Double) -> Bool {
        let count = settings.windowLength
        ring[ringNext] = accelerationMps2
        ringNext = ringNext == count - 1 ? 0 : ringNext + 1
        samples += 1
        sinceWindow += 1
        if filled < count {
            filled += 1
            guard filled == count else { return false }
        } else if sinceWindow < settings.hopLength {
            return false
        }
        // The ring's oldest sample is at ringNext.
        block.withUnsafeMutableBufferPointer { out in
            ring.withUnsafeBufferPointer { ring in
                let head = count - ringNext
                for i in 0..<head { out[i] = ring[ringNext + i] }
                for i in 0..<ringNext { out[head + i] = ring[i] }
            }
        }
        sinceWindow = 0
        compute(endSample: samples)
        return true
    }

    /// Analyses one whole window directly (outside the stream; the window in progress is kept).
    /// - Parameter window: exactly `windowLength` accelerations, m/s², oldest first.
    /// - Returns: false (and nothing computed) when the length is wrong.
    @discardableResult
    public func analyze(_ window: [Double]) -> Bool {
        guard window.count == settings.windowLength else { return false }
        block.withUnsafeMutableBufferPointer { out in
            for i in window.indices { out[i] = window[i] }
        }
        compute(endSample: samples)
        return true
    }

    private func compute(endSample: Int) {
        let n = settings.windowLength
        windowCount += 1
        features.endSample = endSample
        // Time domain, on the mean-removed block (kept in `block` for the spectra).
        let moments = block.withUnsafeMutableBufferPointer { x in
            var sum = 0.0
            for i in 0..<n { sum += x[i] }
            let mean = sum / Double(n)
            var m2 = 0.0
            var m4 = 0.0
            var peak = 0.0
            for i in 0..<n {
                let d = x[i] - mean
                x[i] = d
                let d2 = d * d
                m2 += d2
                m4 += d2 * d2
                peak = max(peak, abs(d))
            }
            return (m2 / Double(n), m4 / Double(n), peak)
        }
        let rms = moments.0.squareRoot()
        features.rmsMps2 = rms
        features.peakMps2 = moments.2
        features.crestFactor = rms > 0 ? moments.2 / rms : 0
        features.kurtosis = moments.0 > 0 ? moments.1 / (moments.0 * moments.0) : 0

        // The windowed spectrum.
        loadWindowed(block)
        plan.forwardReal()
        spectrumToPower(amplitude: &amplitudeSpectrumMps2)
        let rateOverN = settings.sampleRateHz / Double(n)
        features.velocityRmsMmps = power.withUnsafeBufferPointer { p in
            var sum = 0.0
            for k in velocityBins {
                let omega = 2 * Double.pi * Double(k) * rateOverN
                sum += p[k] / (omega * omega)
            }
            return sum.squareRoot() * 1000
        }
        for (index, bins) in bandBins.enumerated() { features.bandMeanSquare[index] = bandSum(bins) }
        features.defectMeanSquare = defectSums()

        // The envelope: analytic signal of the band, from the unwindowed spectrum.
        block.withUnsafeBufferPointer { x in
            for i in 0..<n { plan.realInput[i] = Float(x[i]) }
        }
        plan.forwardReal()
        for k in 0..<n { plan.complexInput[k] = kiss_fft_cpx(r: 0, i: 0) }
        for k in envelopeBins {
            plan.complexInput[k] = kiss_fft_cpx(r: 2 * plan.spectrum[k].r, i: 2 * plan.spectrum[k].i)
        }
        plan.inverseComplex()
        block.withUnsafeMutableBufferPointer { e in
            let scale = 1 / Double(n)
            var sum = 0.0
            for i in 0..<n {
                let z = plan.complexOutput[i]
                let re = Double(z.r)
                let im = Double(z.i)
                e[i] = (re * re + im * im).squareRoot() * scale
                sum += e[i]
            }
            let mean = sum / Double(n)
            for i in 0..<n { e[i] -= mean }
        }
        loadWindowed(block)
        plan.forwardReal()
        spectrumToPower(amplitude: &envelopeSpectrumMps2)
        features.envelopeDefectMeanSquare = defectSums()
        features.envelopeMeanSquare = bandSum(1..<(n / 2 + 1))
    }

    /// realInput ← Float(x · w).
    private func loadWindowed(_ x: [Double]) {
        x.withUnsafeBufferPointer { x in
            windowCoefficients.withUnsafeBufferPointer { w in
                for i in 0..<x.count { plan.realInput[i] = Float(x[i] * w[i]) }
            }
        }
    }

    /// power ← P_k and `amplitude` ← A_k from the plan's spectrum.
    private func spectrumToPower(amplitude: inout [Double]) {
        let half = settings.windowLength / 2
        let powerScale = 1 / (Double(settings.windowLength) * windowSquareSum)
        let amplitudeScale = 1 / windowSum
        power.withUnsafeMutableBufferPointer { p in
            amplitude.withUnsafeMutableBufferPointer { a in
                for k in 0...half {
                    let re = Double(plan.spectrum[k].r)
                    let im = Double(plan.spectrum[k].i)
                    let c = k == 0 || k == half ? 1.0 : 2.0
                    let m2 = re * re + im * im
                    p[k] = c * m2 * powerScale
                    a[k] = c * m2.squareRoot() * amplitudeScale
                }
            }
        }
    }

    private func bandSum(_ bins: Range<Int>) -> Double {
        power.withUnsafeBufferPointer { p in
            var sum = 0.0
            for k in bins { sum += p[k] }
            return sum
        }
    }

    private func defectSums() -> BearingDefectValues {
        let h = settings.defectHarmonics
        var sums = (0.0, 0.0, 0.0, 0.0)
        for harmonic in 0..<h {
            sums.0 += bandSum(defectBins[harmonic])
            sums.1 += bandSum(defectBins[h + harmonic])
            sums.2 += bandSum(defectBins[2 * h + harmonic])
            sums.3 += bandSum(defectBins[3 * h + harmonic])
        }
        return BearingDefectValues(outerRace: sums.0, innerRace: sums.1, ball: sums.2, cage: sums.3)
    }
}
