// SensorGate — Drivers: the ADXL345 model's conversion: trims, offsets, noise, quantisation and range.

import HAL
import HALSim

extension ADXL345Model: SensorModel {
    /// Acceleration, x y z in the chip's axes.
    public var quantities: [Quantity] { [.accelMps2] }

    /// The acceleration this part reads without clipping on any axis, given its trims, the offset
    /// registers and the range, and the tolerance of a reading converted with the typical sensitivity:
    /// half a code step (one LSB, two where the LSB is always 0 at 1600 and 3200 Hz) plus this part's
    /// worst error over that range (sensitivity error and drift times the largest value, plus its 0 g
    /// output and the offset registers). Noise is assumed off.
    /// - Parameter quantity: `accelMps2`; other quantities give an empty range.
    /// - Returns: lower and upper limits and the tolerance, in m/s².
    public func sampleRange(_ quantity: Quantity) -> (lower: Double, upper: Double, epsilon: Double) {
        guard quantity == .accelMps2 else { return (0, 0, 0) }
        let settings = currentSettings
        let gravity = ADXL345Settings.standardGravity
        let lsb = 1 / Double(settings.lsbPerG)
        let step = Double(codeStep(settings))
        let limit = Double(1 << (settings.resolutionBits - 1))
        let temperature = inputs.setValues[.temperatureC]?.first ?? 25
        var lower = -Double.infinity
        var upper = Double.infinity
        var gains: [Double] = []
        var biases: [Double] = []
        for axis in 0..<3 {
            let gain = gainFactor(axis: axis, temperature: temperature)
            let bias = biasG(axis: axis)
            upper = min(upper, ((limit - step) * lsb - bias) / gain)
            lower = max(lower, (-limit * lsb - bias) / gain)
            gains.append(gain)
            biases.append(bias)
        }
        let largest = max(abs(lower), abs(upper))
        let error = zip(gains, biases).map { abs($0 - 1) * largest + abs($1) }.max() ?? 0
        return (lower * gravity, upper * gravity, (step / 2 * lsb + error) * gravity + 1e-9)
    }

    // MARK: - Conversion

    /// One sample at `instant`: the input there, this part's gain, 0 g output and noise, the offset
    /// registers (15.6 mg/LSB, four full-resolution LSBs), then the code of the current resolution and
    /// range, rounded and clipped.
    /// - Parameters:
    ///   - instant: when the sample is taken.
    ///   - constants: ``conversionConstants()``, made once for the samples of one catch-up (registers,
    ///     trims and noise do not change between them).
    ///   - generator: the noise generator, held by the caller for the catch-up (``noiseGenerator``);
    ///     made from the noise seed at the first noisy sample.
    func convert(
        at instant: MonotonicInstant, _ constants: ADXL345ConversionConstants, noise generator: inout SplitMix64?
    ) -> ADXL345RawSample {
        let scale = constants.scale
        let acceleration = storedInputs.sample(.accelMps2, at: instant)
        // A part whose sensitivity drifts has a gain per sample, at the temperature then.
        var gains = constants.gains
        if trims.sensitivityDriftPercentPerC != 0 {
            let temperature = storedInputs.sample(.temperatureC, at: instant).first ?? 25
            gains = SensorComponents(
                gainFactor(axis: 0, temperature: temperature), gainFactor(axis: 1, temperature: temperature),
                gainFactor(axis: 2, temperature: temperature))
        }
        // The noise of x, y and z, drawn in that order.
        var draws = SensorComponents<Double>(0, 0, 0)
        if scale.rmsG != nil {
            var drawn = generator ?? SplitMix64(seed: noise?.seed ?? 1)
            draws = SensorComponents(drawn.nextGaussian(), drawn.nextGaussian(), drawn.nextGaussian())
            generator = drawn
        }
        // Axis by axis, without an array of codes.
        func code(_ axis: Int) -> Int16 {
            let input = axis < acceleration.count ? acceleration[axis] : 0
            var gees = input / ADXL345Settings.standardGravity * gains[axis]
            gees += constants.zeroGOutputG[axis]
            if let rms = scale.rmsG { gees += rms[axis] * draws[axis] }
            return quantise(gees * 256 + constants.offsetCodes[axis], scale)
        }
        let x = code(0)
        let y = code(1)
        return ADXL345RawSample(x: x, y: y, z: code(2))
    }

    /// The constants of a conversion while the registers, trims and noise stay as they are now: the
    /// scale, and per axis the gain at 25 °C, the 0 g output in g and the offset register in
    /// full-resolution codes (each the same expression a sample would otherwise evaluate).
    func conversionConstants() -> ADXL345ConversionConstants {
        func axes(_ value: (Int) -> Double) -> SensorComponents<Double> {
            SensorComponents(value(0), value(1), value(2))
        }
        return ADXL345ConversionConstants(
            scale: conversionScale(), gains: axes { gainFactor(axis: $0, temperature: 25) },
            zeroGOutputG: axes { trims.offsetMilliG[$0] / 1000 }, offsetCodes: axes { Double(offsets[$0]) * 4 })
    }

    /// The conversion's constants for the registers and noise as they are now: made again only when
    /// BW_RATE, DATA_FORMAT or the noise changed since the last sample (a conversion at 3200 Hz would
    /// otherwise decode the settings and the noise table at every sample).
    private func conversionScale() -> ADXL345ConversionScale {
        let key = ADXL345ConversionScale.Key(dataRate: dataRate, dataFormat: dataFormat, noise: noise)
        if let cached = cachedScale, cached.key == key { return cached }
        let settings = currentSettings
        let made = ADXL345ConversionScale(
            key: key, codesPerFullResolutionCode: Double(settings.lsbPerG) / 256,
            step: ReciprocalDivisor(Double(codeStep(settings))),
            limit: Double(1 << (settings.resolutionBits - 1)), rmsG: noise?.rmsG(settings))
        cachedScale = made
        return made
    }

    /// A full-resolution code (256 LSB/g, fractional) as the code of the current settings.
    private func quantise(_ fullResolutionCode: Double, _ scale: ADXL345ConversionScale) -> Int16 {
        let code = fullResolutionCode * scale.codesPerFullResolutionCode
        guard code.isFinite else { return 0 }
        return Int16(
            min(
                max(scale.step.roundedQuotient(code) * scale.step.divisor, -scale.limit),
                scale.limit - scale.step.divisor))
    }

    /// The step between codes: 2 at 1600 and 3200 Hz in full resolution or ±2 g 10-bit mode, where the
    /// LSB is always 0 ("Data Formatting of Upper Data Rates"); else 1.
    private func codeStep(_ settings: ADXL345Settings) -> Int {
        let fast = settings.dataRate == .hz1600 || settings.dataRate == .hz3200
        return fast && (settings.fullResolution || settings.range == .g2) ? 2 : 1
    }

    /// This part's sensitivity relative to the typical one on `axis` at `temperature`.
    private func gainFactor(axis: Int, temperature: Double) -> Double {
        1 + (trims.sensitivityErrorPercent[axis] + trims.sensitivityDriftPercentPerC * (temperature - 25)) / 100
    }

    /// This part's 0 g output plus the offset register on `axis`, in g.
    private func biasG(axis: Int) -> Double {
        trims.offsetMilliG[axis] / 1000 + Double(offsets[axis]) * 4 / 256
    }
}

/// What a conversion needs of the settings: the code scale, step and limit of the resolution and range,
/// and the noise per axis.
struct ADXL345ConversionScale {
    /// The register bytes and noise the scale was made for.
    struct Key: Equatable {
        /// BW_RATE.
        var dataRate: UInt8
        /// DATA_FORMAT.
        var dataFormat: UInt8
        /// The noise setting.
        var noise: ADXL345Noise?
    }

    /// The state it was made for.
    var key: Key
    /// Codes of the current resolution and range per full-resolution (256 LSB/g) code.
    var codesPerFullResolutionCode: Double
    /// The step between codes (2 where the LSB is always 0), with its reciprocal.
    var step: ReciprocalDivisor
    /// The code magnitude the range clips at: 2^(bits − 1).
    var limit: Double
    /// The rms noise of X, Y and Z in g, or nil without noise.
    var rmsG: SensorComponents<Double>?
}

/// What every conversion of one catch-up shares (``ADXL345Model/conversionConstants()``).
struct ADXL345ConversionConstants {
    /// The scale of the current resolution, range and noise.
    var scale: ADXL345ConversionScale
    /// Per axis, this part's sensitivity relative to the typical one at 25 °C.
    var gains: SensorComponents<Double>
    /// Per axis, this part's 0 g output in g.
    var zeroGOutputG: SensorComponents<Double>
    /// Per axis, the offset register in full-resolution codes (four per LSB).
    var offsetCodes: SensorComponents<Double>
}
