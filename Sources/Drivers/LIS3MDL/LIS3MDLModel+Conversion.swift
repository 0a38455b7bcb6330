// SensorGate — Drivers: the LIS3MDL model's conversions: schedule, inverse conversion, errors, noise.

import HAL
import HALSim

extension LIS3MDLModel: SensorModel {
    /// The magnetic flux density and the temperature.
    public var quantities: [Quantity] { [.magUT, .temperatureC] }

    /// The full scale of the current CTRL_REG2 (±4…±16 gauss = ±400…±1600 µT) and the operating
    /// range −40…85 °C, with the tolerance of a reading, noise off: half an LSB, plus this part's
    /// own errors (zero for a nominal part): the largest offset at the current temperature and the
    /// largest sensitivity error over the full scale. Temperature: half an LSB, 1/16 °C.
    /// - Parameter quantity: which quantity.
    /// - Returns: lower and upper limits and the tolerance.
    public func sampleRange(_ quantity: Quantity) -> (lower: Double, upper: Double, epsilon: Double) {
        switch quantity {
        case .magUT:
            let scale = fullScale
            let limit = scale.gauss * LIS3MDLConversion.microteslaPerGauss
            let offset = offsets(at: inputs.sample(.temperatureC, at: clock.now()).first ?? 25).map(abs).max() ?? 0
            let gain = trims.sensitivityError.map(abs).max() ?? 0
            return (-limit, limit, scale.microteslaPerLSB / 2 + offset + gain * (limit + offset) + 1e-9)
        case .temperatureC:
            return (-40, 85, 0.5 / LIS3MDLConversion.temperatureLSBPerC + 1e-9)
        default:
            return (0, 0, 0)
        }
    }

    /// The full scale CTRL_REG2 selects.
    var fullScale: LIS3MDLFullScale { LIS3MDLFullScale(rawValue: control[1] >> 5 & 0x03) ?? .gauss4 }

    // MARK: - Schedule

    /// The output period CTRL_REG1 and CTRL_REG3 select: FAST_ODR by OM, LP forcing 0.625 Hz, else DO.
    var period: Duration {
        let performance = LIS3MDLPerformance(rawValue: control[0] >> 5 & 0x03) ?? .lowPower
        let hertz: Double
        if control[0] & 0x02 != 0 {
            hertz = performance.fastDataRateHz
        } else if control[2] & 0x20 != 0 {
            hertz = 0.625
        } else {
            hertz = 0.625 * Double(1 << Int(control[0] >> 2 & 0x07))
        }
        return .nanoseconds(Int64((1e9 / hertz).rounded(.up)))
    }

    /// A control register was written: restart the schedule its MD bits ask for.
    func controlChanged(_ register: UInt8) {
        guard register != LIS3MDLRegister.control5 else { return }
        let now = clock.now()
        switch control[2] & 0x03 {
        case 0b00:
            schedule = .continuous(start: now, period: period, done: 0)
        case 0b01 where register == LIS3MDLRegister.control3:
            let xy = LIS3MDLPerformance(rawValue: control[0] >> 5 & 0x03) ?? .lowPower
            let z = LIS3MDLPerformance(rawValue: control[3] >> 2 & 0x03) ?? .lowPower
            schedule = .single(end: now + max(xy.conversionTime, z.conversionTime))
        case 0b01:
            break
        default:
            schedule = .idle
        }
    }

    /// When the next conversion ends (DRDY may rise then), or nil when idle or nothing is wired.
    public var nextEventInstant: MonotonicInstant? {
        guard interrupt != nil else { return nil }
        return scheduledEnd
    }

    /// Latches the conversions that have finished by now (each sampled at its own instant; of a
    /// long gap only the last 64 are converted, the earlier ones only set the overrun bits).
    public func update() {
        let now = clock.now()
        switch schedule {
        case .idle:
            break
        case .single(let end):
            guard now >= end else { return }
            convert(at: end)
            control[2] |= 0x03
            schedule = .idle
        case .continuous(let start, let period, let done):
            let due = Int((now - start).nanoseconds / max(period.nanoseconds, 1))
            guard due > done else { return }
            if due - done > 64 { markOverrun() }
            for tick in max(done + 1, due - 63)...due { convert(at: start + period * tick) }
            schedule = .continuous(start: start, period: period, done: due)
        }
        drivePins()
    }

    // MARK: - Conversion

    /// One conversion at `instant`: the flux density plus offsets, times (1 + sensitivity error),
    /// plus noise, quantised and clipped to 16 bits at the current full scale; the temperature at
    /// 8 LSB/°C around 25 °C when TEMP_EN is set.
    private func convert(at instant: MonotonicInstant) {
        conversionCount += 1
        let field = inputs.sample(.magUT, at: instant)
        let temperature = inputs.sample(.temperatureC, at: instant).first ?? 25
        let scale = fullScale
        let drift = trims.offsetDriftUTPerC * (temperature - LIS3MDLConversion.temperatureZeroC)
        var overflow = false
        var magnetic = SensorComponents<Int16>()
        for axis in 0..<3 {
            // Table 3, RN: 3.2 mgauss RMS on X and Y, 4.1 mgauss on Z (ultra-high-performance mode; the
            // datasheet gives no other mode's figure).
            let sigma = axis == 2 ? 0.41 : 0.32
            let zeroGauss = trims.hardIronUT[axis] + drift
            let value = (field[axis] + zeroGauss) * (1 + trims.sensitivityError[axis]) + noisy(sigma)
            let exact = value / scale.microteslaPerLSB
            overflow = overflow || abs(exact) > Double(Int16.max)
            magnetic.append(Int16(InverseConversion.linearCode(value, scale: scale.microteslaPerLSB)))
        }
        let code =
            control[0] & 0x80 != 0
            ? Int16(
                InverseConversion.linearCode(
                    temperature - LIS3MDLConversion.temperatureZeroC, scale: 1 / LIS3MDLConversion.temperatureLSBPerC))
            : nil
        deliver(magnetic: magnetic, temperature: code)
        evaluateThresholds(magnetic, overflow: overflow)
    }

    /// The zero-gauss offsets at `temperature` in µT: the trims plus their drift from 25 °C.
    func offsets(at temperature: Double) -> [Double] {
        trims.hardIronUT.map { $0 + trims.offsetDriftUTPerC * (temperature - LIS3MDLConversion.temperatureZeroC) }
    }

    /// Puts a conversion into the output registers, or holds it while BDU waits for a high byte.
    private func deliver(magnetic: SensorComponents<Int16>, temperature: Int16?) {
        if control[4] & LIS3MDLRegister.blockDataUpdate != 0, !awaitingHigh.isEmpty {
            heldSample = (magnetic, temperature ?? heldSample?.temperature)
        } else {
            setOutput(magnetic)
            if let temperature { temperatureOutput = temperature }
        }
        newDataAvailable()
    }

    /// Releases a held conversion once BDU has seen every pair's high byte.
    func releaseHeldSample() {
        guard awaitingHigh.isEmpty, let held = heldSample else { return }
        setOutput(held.magnetic)
        if let temperature = held.temperature { temperatureOutput = temperature }
        heldSample = nil
    }

    /// Copies X, Y, Z into the output registers in place (no new array).
    private func setOutput(_ magnetic: SensorComponents<Int16>) {
        for axis in 0..<min(3, magnetic.count, output.count) { output[axis] = magnetic[axis] }
    }

    /// Gaussian noise of `sigma` µT when noise is on, else 0.
    private func noisy(_ sigma: Double) -> Double {
        guard noise else { return 0 }
        var generator = noiseGenerator ?? SplitMix64(seed: noiseSeed)
        let gaussian = generator.nextGaussian()
        noiseGenerator = generator
        return sigma * gaussian
    }
}
