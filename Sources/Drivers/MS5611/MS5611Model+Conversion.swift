// SensorGate — Drivers: the MS5611 model's conversions: inverse compensation, noise, ranges.

import HAL
import HALSim

extension MS5611Model: SensorModel {
    /// Pressure and temperature.
    public var quantities: [Quantity] { [.pressurePa, .temperatureC] }

    /// The operating range (datasheet: 10…1200 mbar, −40…85 °C) and the tolerance of a compensated
    /// reading. The model inverts the driver's integer compensation over 24-bit codes, so the error is
    /// the output's quantisation: temperature in 0.01 °C steps (a D2 code moves TEMP by about
    /// C6/2²³ ≈ 0.0034 of a step, so every step is reachable): half a step plus rounding, within
    /// 0.01 °C; pressure in 1 Pa steps (a D1 code moves P by SENS/2³⁶ ≈ 0.02 Pa): half a step plus
    /// rounding, within 1 Pa.
    /// - Parameter quantity: which quantity.
    /// - Returns: lower and upper limits and the tolerance.
    public func sampleRange(_ quantity: Quantity) -> (lower: Double, upper: Double, epsilon: Double) {
        switch quantity {
        case .pressurePa: (1_000, 120_000, 1)
        case .temperatureC: (-40, 85, 0.01)
        default: (0, 0, 0)
        }
    }

    /// The value of a scalar quantity at `time`, clipped to the operating range.
    private func physical(_ quantity: Quantity, at time: MonotonicInstant) -> Double {
        let range = sampleRange(quantity)
        return min(max(inputs.sample(quantity, at: time).first ?? 0, range.lower), range.upper)
    }

    // MARK: - Conversion

    /// The code a finished conversion delivers: the physical values at its end, converted through the
    /// inverse of the compensation; halved when the conversion was spoiled. Never 0, which the chip
    /// reserves for "no result".
    func result(of conversion: Conversion) -> Int32 {
        let temperature = physical(.temperatureC, at: conversion.end)
        var code: Int32
        if conversion.pressure {
            // The bridge sees the true temperature; the pressure carries the ratio's noise.
            let d2 = temperatureCode(temperature)
            let pressure = noisy(physical(.pressurePa, at: conversion.end), conversion.oversampling.pressureNoisePa)
            code = InverseConversion.nearestCode(target: pressure, codeBits: 24, resolution: 24) {
                Double(calibration.compensate(d1: $0, d2: d2).pressure)
            }
        } else {
            code = temperatureCode(noisy(temperature, conversion.oversampling.temperatureNoiseC))
        }
        if conversion.spoiled { code >>= 1 }
        return max(code, 1)
    }

    /// The D2 code whose compensated temperature is nearest `celsius`.
    private func temperatureCode(_ celsius: Double) -> Int32 {
        InverseConversion.nearestCode(target: celsius, codeBits: 24, resolution: 24) {
            Double(calibration.compensate(d1: 0, d2: $0).temperature) / 100
        }
    }

    /// `value` plus Gaussian noise of `rms`, or `value` alone when noise is off.
    private func noisy(_ value: Double, _ rms: Double) -> Double {
        guard let seed = noiseSeed, rms > 0 else { return value }
        var generator = noiseGenerator ?? SplitMix64(seed: seed)
        let gaussian = generator.nextGaussian()
        noiseGenerator = generator
        return value + rms * gaussian
    }
}
