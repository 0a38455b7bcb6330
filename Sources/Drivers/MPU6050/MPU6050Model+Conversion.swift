// SensorGate — Drivers: the MPU-6050 model's samples: sample clock, inverse conversion, offsets and noise.

import HAL
import HALSim

extension MPU6050Model: SensorModel {
    /// The production spread of seeded parts (product specification §6.1–6.2, typical values used as
    /// limits): zero-g offset ±50 mg (x, y) and ±80 mg (z); zero-rate offset ±20 °/s; zero-g change ±35 mg
    /// (x, y) and ±60 mg (z) over 0…70 °C, i.e. ±0.5 and ±0.86 mg/°C; zero-rate variation ±20 °/s over
    /// −40…85 °C, i.e. ±0.16 °/s/°C. The specification gives no tolerance for the temperature offset, so
    /// seeded parts keep the nominal one.
    public static let spread = InertialTrim.Spread(
        accelOffsetMg: [50, 50, 80], gyroOffsetDps: 20, accelDriftMgPerC: [0.5, 0.5, 60.0 / 70],
        gyroDriftDpsPerC: 0.16, temperatureOffsetC: 0)
    /// The accelerometer noise power spectral density: 400 µg/√Hz (product specification §6.2).
    public static let accelNoiseDensityMilliG = 0.4
    /// The gyroscope rate noise spectral density: 0.005 °/s/√Hz (product specification §6.1).
    public static let gyroNoiseDensityDps = 0.005

    /// Acceleration, angular rate and temperature.
    public var quantities: [Quantity] { [.accelMps2, .gyroRadps, .temperatureC] }

    /// The span of the current full scale and the tolerance of a reading: half an LSB, plus this part's
    /// zero offset at the die temperature of the last sample (the driver cannot know it); temperature
    /// −40…85 °C within half of 1/340 °C plus the sensor's offset.
    /// - Parameter quantity: which quantity.
    /// - Returns: lower and upper limits and the tolerance.
    public func sampleRange(_ quantity: Quantity) -> (lower: Double, upper: Double, epsilon: Double) {
        switch quantity {
        case .accelMps2:
            let range = accelRange
            let offset = (0..<3).map { abs(trim.accelOffsetMg(axis: $0, at: dieTemperatureC)) }.max() ?? 0
            return InertialSpan.linear(
                lsb: InertialUnits.standardGravity / range.lsbPerG,
                fullScale: range.fullScaleG * InertialUnits.standardGravity,
                offset: InertialUnits.metresPerSecondSquared(milliG: offset))
        case .gyroRadps:
            let range = gyroRange
            let offset = (0..<3).map { abs(trim.gyroOffsetDps(axis: $0, at: dieTemperatureC)) }.max() ?? 0
            return InertialSpan.linear(
                lsb: InertialUnits.radiansPerSecond(degreesPerSecond: 1 / range.lsbPerDps),
                fullScale: InertialUnits.radiansPerSecond(degreesPerSecond: range.fullScaleDps),
                offset: InertialUnits.radiansPerSecond(degreesPerSecond: offset))
        case .temperatureC:
            return (-40, 85, 1.0 / 680 + 1e-9 + abs(trim.temperatureOffsetC))
        default:
            return (0, 0, 0)
        }
    }

    /// The accelerometer full scale ACCEL_CONFIG selects.
    var accelRange: MPU6050AccelRange { MPU6050AccelRange(rawValue: (file[0x1C] >> 3) & 0x03) ?? .g2 }
    /// The gyroscope full scale GYRO_CONFIG selects.
    var gyroRange: MPU6050GyroRange { MPU6050GyroRange(rawValue: (file[0x1B] >> 3) & 0x03) ?? .dps250 }
    /// The low-pass filter CONFIG selects.
    var lowPass: MPU6050LowPass { MPU6050LowPass.decode(file[0x1A]) }
    /// One sample period in nanoseconds: (1 + SMPLRT_DIV) / gyroscope output rate (a plain integer keeps
    /// `Duration` arithmetic off the per-sample path).
    /// Kept while SMPLRT_DIV and CONFIG stay as they are (every bus access asks, through ``update()``).
    var periodNs: Int64 {
        let registers = UInt16(file[0x19]) << 8 | UInt16(file[0x1A])
        if let cachedPeriod, cachedPeriod.registers == registers { return cachedPeriod.nanoseconds }
        let nanoseconds = Int64(1 + Int(file[0x19])) * Int64(1e9 / lowPass.gyroOutputRateHz)
        cachedPeriod = (registers, nanoseconds)
        return nanoseconds
    }

    // MARK: - Sample clock

    /// Catches up with the clock: takes the samples due by now (each at its own instant), fills the FIFO
    /// and drives INT. Bus accesses do this first; a simulation may call it to move INT on time, since
    /// the virtual clock has no timers.
    public func update() {
        // ``awake``, with the clock read once.
        let now = clock.now()
        guard file[0x6B] & MPU6050Register.sleep == 0, now >= resetUntil else { return }
        let step = periodNs
        let epochNs = epoch.nanoseconds
        let elapsed = now.nanoseconds &- epochNs
        // Nothing is due before tick lastTick + 1: most calls (every bus access) stop here, without dividing.
        let (next, overflow) = (lastTick &+ 1).multipliedReportingOverflow(by: max(step, 1))
        if !overflow, elapsed < next { return }
        let last = elapsed / max(step, 1)
        guard last > lastTick else { return }
        let constants = conversionConstants()
        for tick in neededTicks(from: lastTick + 1, to: last) {
            sample(at: MonotonicInstant(nanoseconds: epochNs &+ tick * step), constants)
        }
        lastTick = last
        driveInterrupt()
    }

    /// Starts the sample clock now (on waking, or when the rate changes).
    func restartSampling() {
        epoch = clock.now()
        lastTick = 0
    }

    // MARK: - Conversion

    /// The conversion constants of the current registers and trims (``InertialConversion``).
    private func conversionConstants() -> InertialConversion {
        let filter = lowPass
        return InertialConversion(
            accelRmsMilliG: InertialNoise.rms(
                density: Self.accelNoiseDensityMilliG, bandwidthHz: filter.accelBandwidthHz),
            gyroRmsDps: InertialNoise.rms(density: Self.gyroNoiseDensityDps, bandwidthHz: filter.gyroBandwidthHz),
            accelStep: ReciprocalDivisor(1 / accelRange.lsbPerG), gyroStep: ReciprocalDivisor(1 / gyroRange.lsbPerDps),
            trim: trim)
    }

    /// ``MPU6050RawSample/temperature``'s LSB: 1/340 °C, with its reciprocal.
    private static let temperatureStep = ReciprocalDivisor(1.0 / 340)

    /// Takes one sample at `time`: the physical values then, plus the part's offsets at the die
    /// temperature (``InertialTrim``'s expressions), plus noise over the filter's bandwidth, quantised by
    /// the full scales. The accelerometer samples at 1 kHz: at faster sample rates its last sample
    /// repeats (register 25).
    private func sample(at time: MonotonicInstant, _ constants: InertialConversion) {
        conversionCount += 1
        let temperature = inputs.sample(.temperatureC, at: time).first ?? 25
        dieTemperatureC = temperature
        let fromReference = temperature - constants.referenceTemperatureC
        let epochNs = epoch.nanoseconds
        let accelTime = MonotonicInstant(nanoseconds: epochNs &+ (time.nanoseconds &- epochNs) / 1_000_000 * 1_000_000)
        let accel: SensorComponents<Int16>
        if let cached = accelCache, cached.time == accelTime {
            accel = cached.codes
        } else {
            let value = inputs.sample(.accelMps2, at: time)
            // Axis by axis in order (the noise generator is drawn x, y, z), without an array of codes.
            @inline(__always) func code(_ axis: Int) -> Int16 {
                let offset = constants.accelOffsetMg(axis: axis, fromReference: fromReference)
                let milliG =
                    InertialUnits.milliG(metresPerSecondSquared: component(value, axis)) + offset
                    + noisy(constants.accelRmsMilliG)
                return Int16(InverseConversion.linearCode(milliG / 1000, step: constants.accelStep))
            }
            let x = code(0)
            let y = code(1)
            accel = SensorComponents(x, y, code(2))
            accelCache = (accelTime, accel)
        }
        let rate = inputs.sample(.gyroRadps, at: time)
        @inline(__always) func gyroCode(_ axis: Int) -> Int16 {
            let offset = constants.gyroOffsetDps(axis: axis, fromReference: fromReference)
            let dps =
                InertialUnits.degreesPerSecond(radiansPerSecond: component(rate, axis)) + offset
                + noisy(constants.gyroRmsDps)
            return Int16(InverseConversion.linearCode(dps, step: constants.gyroStep))
        }
        let gyroX = gyroCode(0)
        let gyroY = gyroCode(1)
        let gyro = SensorComponents(gyroX, gyroY, gyroCode(2))
        let code = Int16(
            InverseConversion.linearCode(
                temperature + constants.temperatureOffsetC - 36.53, step: Self.temperatureStep))
        output = MPU6050RawSample(accel: accel, temperature: code, gyro: gyro)
        if file[0x38] & MPU6050Register.dataReady != 0 {
            intStatus |= MPU6050Register.dataReady
            pulsePending = true
        }
        pushFIFO()
    }

    /// One component of a vector, 0 when the world gave fewer.
    private func component(_ vector: SensorComponents<Double>, _ axis: Int) -> Double {
        axis < vector.count ? vector[axis] : 0
    }

    /// Gaussian noise of `rms`, or 0 without noise.
    private func noisy(_ rms: Double) -> Double {
        noise?.sample(rms: rms) ?? 0
    }
}
