// SensorGate — Drivers: the BMP280/BME280 model's conversions: timing, inverse compensation, noise.

import HAL
import HALSim

/// Gaussian measurement noise for ``BMP280Model``, from a seeded generator (the same seed gives the
/// same sequence on every run).
public struct BMP280Noise: Sendable, Hashable {
    /// RMS pressure noise in Pa (the BMP280 datasheet gives 1.3 Pa at x1 without filter).
    public var pressurePa: Double
    /// RMS temperature noise in °C.
    public var temperatureC: Double
    /// RMS humidity noise in %RH.
    public var humidityRH: Double
    /// The generator seed.
    public var seed: UInt64

    /// Creates a noise description.
    /// - Parameters:
    ///   - pressurePa: RMS pressure noise in Pa.
    ///   - temperatureC: RMS temperature noise in °C.
    ///   - humidityRH: RMS humidity noise in %RH.
    ///   - seed: the generator seed.
    public init(pressurePa: Double, temperatureC: Double, humidityRH: Double, seed: UInt64 = 1) {
        self.pressurePa = pressurePa
        self.temperatureC = temperatureC
        self.humidityRH = humidityRH
        self.seed = seed
    }
}

extension BMP280Model: SensorModel {
    /// Pressure and temperature, and humidity on the BME280.
    public var quantities: [Quantity] {
        variant.hasHumidity ? [.pressurePa, .temperatureC, .humidityRH] : [.pressurePa, .temperatureC]
    }

    /// The value of a scalar quantity at `instant`, clipped to the operating range.
    private func physical(_ quantity: Quantity, at instant: MonotonicInstant) -> Double {
        let range = sampleRange(quantity)
        return min(max(inputs.sample(quantity, at: instant).first ?? 0, range.lower), range.upper)
    }

    /// The operating range (BMP280 table 1: 300…1100 hPa, −40…85 °C; BME280: 0…100 %RH) and the
    /// tolerance of a compensated reading. The model inverts the exact integer compensation, so the
    /// error is half a code step plus the output's rounding: temperature 0.0025 °C (half a 16-bit
    /// step, 0.005 °C at x1) + 0.005 °C rounding, within 0.01 °C; pressure half a step of about
    /// 0.16 Pa × 2^(20 − bits) (2.62 Pa at 16 bits, BMP280 table 4) + 1/256 Pa, given as a full step
    /// for the sensitivity's spread over the range; humidity half a step of dig_H2/65536 %RH plus
    /// 1/1024 %RH, within 0.01 %RH for the default trims.
    /// - Parameter quantity: which quantity.
    /// - Returns: lower and upper limits and the tolerance.
    public func sampleRange(_ quantity: Quantity) -> (lower: Double, upper: Double, epsilon: Double) {
        switch quantity {
        case .pressurePa:
            let bits = resolutionBits(BMP280Oversampling.decode(controlMeasurement >> 2))
            return (30_000, 110_000, 0.16 * Double(1 << (20 - bits)) + 0.01)
        case .temperatureC:
            return (-40, 85, 0.01)
        case .humidityRH:
            return (0, 100, 0.01)
        default:
            return (0, 0, 0)
        }
    }

    // MARK: - Timing

    /// Whether a conversion is running now (status.measuring).
    var isMeasuring: Bool {
        let now = clock.now()
        switch schedule {
        case .idle:
            return false
        case .forced(let end):
            return now < end
        case .normal(let start, let measure, let standby, _):
            let period = (measure + standby).nanoseconds
            return period > 0 && (now - start).nanoseconds % period < measure.nanoseconds
        }
    }

    /// Starts the schedule ctrl_meas asks for.
    func startSchedule() {
        let settings = currentSettings()
        let measure = settings.typicalMeasurementTime(for: variant)
        switch settings.mode {
        case .sleep:
            schedule = .idle
        case .forced:
            schedule = .forced(end: clock.now() + measure)
        case .normal:
            let standby = Duration.nanoseconds(Int64(settings.standbyMilliseconds * 1_000_000))
            schedule = .normal(start: clock.now(), measure: measure, standby: standby, latched: 0)
        }
    }

    /// Completes the conversions that have finished by now, each sampling the world at its own end
    /// and passing through the IIR filter (at most the last 512 of a long gap: older ones no longer
    /// show through any filter coefficient).
    public func update() {
        let now = clock.now()
        switch schedule {
        case .idle:
            break
        case .forced(let end):
            guard now >= end else { return }
            latchConversion(at: end)
            controlMeasurement &= 0xFC
            schedule = .idle
        case .normal(let start, let measure, let standby, let latched):
            let elapsed = (now - start).nanoseconds - measure.nanoseconds
            let period = max((measure + standby).nanoseconds, 1)
            guard elapsed >= 0 else { return }
            let completed = Int(elapsed / period) + 1
            guard completed > latched else { return }
            for index in max(latched + 1, completed - 511)...completed {
                latchConversion(at: start + measure + .nanoseconds(period * Int64(index - 1)))
            }
            schedule = .normal(start: start, measure: measure, standby: standby, latched: completed)
        }
    }

    /// How long after a step in the physical value a reading is within the sweep's epsilon: with the
    /// IIR filter on, 30 × coefficient conversions ((1 − 1/c)^(30c) < 10⁻¹³); else none.
    public func settlingTime() -> Duration {
        let settings = currentSettings()
        let coefficient = settings.filter.coefficient
        guard coefficient > 1 else { return .zero }
        let measure = settings.typicalMeasurementTime(for: variant)
        let standby = Duration.nanoseconds(Int64(settings.standbyMilliseconds * 1_000_000))
        return (measure + standby) * (30 * coefficient)
    }

    /// The settings the control registers hold now.
    private func currentSettings() -> BMP280Settings {
        let table = variant.standbyTableMilliseconds
        return BMP280Settings(
            pressureOversampling: .decode(controlMeasurement >> 2),
            temperatureOversampling: .decode(controlMeasurement >> 5),
            humidityOversampling: .decode(effectiveHumidityControl),
            filter: BMP280Filter(rawValue: min((config >> 2) & 7, 4)) ?? .x16,
            standbyMilliseconds: table[Int(config >> 5)], mode: .decode(controlMeasurement))
    }

    // MARK: - Conversion

    /// The resolution of a pressure or temperature code: 16 + (osrs − 1) bits, or 20 bits on the
    /// BME280 with the IIR filter on (BME280 table 17).
    private func resolutionBits(_ oversampling: BMP280Oversampling) -> Int {
        if variant.hasHumidity, config & 0x1C != 0 { return 20 }
        return oversampling == .skipped ? 20 : oversampling.resolutionBits
    }

    /// Converts the physical values at `instant` to raw codes through the inverse of the integer
    /// compensation, then through the IIR filter on pressure and temperature (BMP280 §3.3.3:
    /// filtered = (previous · (c − 1) + new) / c; the first value after the filter is written passes
    /// unchanged).
    private func latchConversion(at instant: MonotonicInstant) {
        conversionCount += 1
        let settings = currentSettings()
        let temperature = noisy(physical(.temperatureC, at: instant), noise?.temperatureC)
        let adcT = InverseConversion.nearestCode(
            target: temperature, codeBits: 20, resolution: resolutionBits(.decode(controlMeasurement >> 5)),
            hint: searchHints.temperature
        ) {
            Double(calibration.compensateTemperature(adcT: $0).centidegreesC) / 100
        }
        let tFine = calibration.compensateTemperature(adcT: adcT).tFine
        let pressure = noisy(physical(.pressurePa, at: instant), noise?.pressurePa)
        let adcP = InverseConversion.nearestCode(
            target: pressure, codeBits: 20, resolution: resolutionBits(settings.pressureOversampling),
            hint: searchHints.pressure
        ) {
            // Signed, so that codes past 0 Pa (which wrap in the unsigned result) keep the order.
            Double(Int32(bitPattern: calibration.compensatePressure(adcP: $0, tFine: tFine))) / 256
        }
        searchHints.temperature = adcT
        searchHints.pressure = adcP
        let (filteredP, filteredT) = filter(pressure: adcP, temperature: adcT, coefficient: settings.filter.coefficient)
        var sample = BMP280RawSample(
            pressure: settings.pressureOversampling == .skipped ? 0x80000 : filteredP,
            temperature: settings.temperatureOversampling == .skipped ? 0x80000 : filteredT, humidity: nil)
        if variant.hasHumidity {
            let humidity = noisy(physical(.humidityRH, at: instant), noise?.humidityRH)
            let adcH = InverseConversion.nearestCode(
                target: humidity, codeBits: 16, resolution: 16, hint: searchHints.humidity
            ) {
                Double(calibration.compensateHumidity(adcH: $0, tFine: tFine)) / 1024
            }
            searchHints.humidity = adcH
            sample.humidity = settings.humidityOversampling == .skipped ? 0x8000 : adcH
        }
        data = sample
    }

    /// One step of the IIR filter on the 20-bit codes.
    private func filter(pressure: Int32, temperature: Int32, coefficient: Int) -> (Int32, Int32) {
        guard coefficient > 1, let previous = filterState else {
            filterState = (Double(pressure), Double(temperature))
            return (pressure, temperature)
        }
        let c = Double(coefficient)
        let next = ((previous.0 * (c - 1) + Double(pressure)) / c, (previous.1 * (c - 1) + Double(temperature)) / c)
        filterState = next
        return (Int32(next.0.rounded()), Int32(next.1.rounded()))
    }

    /// `value` plus Gaussian noise of `rms`, or `value` alone.
    private func noisy(_ value: Double, _ rms: Double?) -> Double {
        guard let rms, rms > 0, let seed = noise?.seed else { return value }
        var generator = noiseGenerator ?? SplitMix64(seed: seed)
        let gaussian = generator.nextGaussian()
        noiseGenerator = generator
        return value + rms * gaussian
    }
}
