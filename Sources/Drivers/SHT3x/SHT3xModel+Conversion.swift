// SensorGate — Drivers: the SHT3x model's measurements: timing, inverse conversion, errors, noise.

import HAL
import HALSim

extension SHT3xModel: SensorModel {
    /// Temperature and humidity.
    public var quantities: [Quantity] { [.temperatureC, .humidityRH] }

    /// The specified range (§1: −40…125 °C, 0…100 %RH) and the tolerance of a reading: the part's
    /// own error (its trim; zero for a nominal part) plus half a code step (175/65535/2 °C,
    /// 100/65535/2 %RH), noise off.
    /// - Parameter quantity: which quantity.
    /// - Returns: lower and upper limits and the tolerance.
    public func sampleRange(_ quantity: Quantity) -> (lower: Double, upper: Double, epsilon: Double) {
        switch quantity {
        case .temperatureC:
            (-40, 125, abs(trims.temperatureOffsetC) + 175 / SHT3xConversion.divisor / 2 + 1e-9)
        case .humidityRH:
            (0, 100, abs(trims.humidityOffsetRH) + 100 / SHT3xConversion.divisor / 2 + 1e-9)
        default:
            (0, 0, 0)
        }
    }

    // MARK: - Timing

    /// Completes what has finished by now: a single-shot measurement becomes the output; a
    /// periodic acquisition puts its latest completed result in the data memory (older unfetched
    /// results are overwritten, as the chip keeps one).
    public func update() {
        let now = clock.now()
        switch activity {
        case .idle:
            break
        case .singleShot(let repeatability, let end, _):
            guard now >= end else { return }
            output = measure(at: end, repeatability).bytes
            activity = .idle
        case .periodic(let repeatability, let rate, let start, let latched):
            let duration = repeatability.typicalMeasurementTime
            let sinceFirstEnd = (now - start) - duration
            guard sinceFirstEnd >= .zero else { return }
            let completed = Int(sinceFirstEnd.nanoseconds / max(rate.period.nanoseconds, 1)) + 1
            guard completed > latched else { return }
            let end = start + rate.period * (completed - 1) + duration
            dataMemory = measure(at: end, repeatability)
            activity = .periodic(repeatability, rate, start: start, latched: completed)
        }
    }

    // MARK: - Conversion

    /// One measurement at `instant`: the physical values then, plus the part's errors and (when on)
    /// noise, through the inverse of the datasheet conversion (§4.13), clipped to the code range.
    private func measure(at instant: MonotonicInstant, _ repeatability: SHT3xRepeatability) -> SHT3xRawSample {
        measurementCount += 1
        let temperature =
            (inputs.sample(.temperatureC, at: instant).first ?? 0) + trims.temperatureOffsetC
            + noisy(repeatability.temperatureRepeatabilityC / 3)
        let humidity =
            (inputs.sample(.humidityRH, at: instant).first ?? 0) + trims.humidityOffsetRH
            + noisy(repeatability.humidityRepeatabilityRH / 3)
        let sT = InverseConversion.nearestCode(target: temperature, codeBits: 16, resolution: 16) {
            SHT3xConversion.temperatureC(UInt16(truncatingIfNeeded: $0))
        }
        let sRH = InverseConversion.nearestCode(target: humidity, codeBits: 16, resolution: 16) {
            SHT3xConversion.humidityRH(UInt16(truncatingIfNeeded: $0))
        }
        return SHT3xRawSample(temperature: UInt16(truncatingIfNeeded: sT), humidity: UInt16(truncatingIfNeeded: sRH))
    }

    /// Gaussian noise of `sigma` when noise is on, else 0.
    private func noisy(_ sigma: Double) -> Double {
        guard noise else { return 0 }
        var generator = noiseGenerator ?? SplitMix64(seed: noiseSeed)
        let gaussian = generator.nextGaussian()
        noiseGenerator = generator
        return sigma * gaussian
    }
}
