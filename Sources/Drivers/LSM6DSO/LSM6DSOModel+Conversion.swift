// SensorGate — Drivers: the LSM6DSO model's samples: ODR ticks, inverse conversion, offsets and noise.

import HAL
import HALSim

extension LSM6DSOModel: SensorModel {
    /// The production spread of seeded parts (DS12140 table 2 and 4, typical values used as limits):
    /// zero-g offset ±20 mg, zero-rate offset ±1 dps, zero-g drift ±0.1 mg/°C, zero-rate drift
    /// ±0.01 dps/°C, temperature offset ±15 °C.
    public static let spread = InertialTrim.Spread(
        accelOffsetMg: [20, 20, 20], gyroOffsetDps: 1, accelDriftMgPerC: [0.1, 0.1, 0.1], gyroDriftDpsPerC: 0.01,
        temperatureOffsetC: 15)
    /// The gyroscope rate noise density in high-performance mode, Rn: 3.8 mdps/√Hz (DS12140 table 2).
    public static let gyroNoiseDensityDps = 0.0038

    /// Acceleration, angular rate and temperature.
    public var quantities: [Quantity] { [.accelMps2, .gyroRadps, .temperatureC] }

    /// The span of the current full scale and the tolerance of a reading: half an LSB, plus this part's
    /// zero offset at the die temperature of the last sample (the driver cannot know it); temperature
    /// −40…85 °C (the operating range) within half of 1/256 °C plus the sensor's offset.
    /// - Parameter quantity: which quantity.
    /// - Returns: lower and upper limits and the tolerance.
    public func sampleRange(_ quantity: Quantity) -> (lower: Double, upper: Double, epsilon: Double) {
        switch quantity {
        case .accelMps2:
            let range = accelRange
            let offset = (0..<3).map { abs(trim.accelOffsetMg(axis: $0, at: dieTemperatureC)) }.max() ?? 0
            return InertialSpan.linear(
                lsb: InertialUnits.metresPerSecondSquared(milliG: range.milliGPerLSB),
                fullScale: range.fullScaleG * InertialUnits.standardGravity,
                offset: InertialUnits.metresPerSecondSquared(milliG: offset))
        case .gyroRadps:
            let range = gyroRange
            let offset = (0..<3).map { abs(trim.gyroOffsetDps(axis: $0, at: dieTemperatureC)) }.max() ?? 0
            return InertialSpan.linear(
                lsb: InertialUnits.radiansPerSecond(degreesPerSecond: range.milliDpsPerLSB / 1000),
                fullScale: InertialUnits.radiansPerSecond(degreesPerSecond: range.fullScaleDps),
                offset: InertialUnits.radiansPerSecond(degreesPerSecond: offset))
        case .temperatureC:
            return (-40, 85, 1.0 / 512 + 1e-9 + abs(trim.temperatureOffsetC))
        default:
            return (0, 0, 0)
        }
    }

    /// The accelerometer full scale CTRL1_XL selects.
    var accelRange: LSM6DSOAccelRange { LSM6DSOAccelRange(rawValue: (file[0x10] >> 2) & 0x03) ?? .g2 }
    /// The gyroscope full scale CTRL2_G selects.
    var gyroRange: LSM6DSOGyroRange { LSM6DSOGyroRange.decode((file[0x11] >> 1) & 0x07) }

    // MARK: - Ticks

    /// Catches up with the clock: takes the samples of every ODR tick due by now (each at its own
    /// instant), fills the FIFO and drives INT1. Bus accesses do this first; a simulation may call it
    /// to move INT1 on time, since the virtual clock has no timers.
    public func update() {
        cachedEvent = nil
        let now = clock.now()
        guard now >= resetUntil else { return }
        if updateTickByTick(now) {
            driveInterrupt()
            return
        }
        if defersTicks {
            updateEveryTick(now)
            driveInterrupt()
            return
        }
        var events: [(time: MonotonicInstant, sensor: UInt8, tick: Int64)] = []
        for sensor in [LSM6DSORegister.tagGyro, LSM6DSORegister.tagAccel] {
            let schedule = sensor == LSM6DSORegister.tagGyro ? gyroSchedule : accelSchedule
            guard schedule.rate != .powerDown else { continue }
            let last = tickIndex(at: now, schedule.rate)
            guard last > schedule.lastTick else { continue }
            for tick in neededTicks(sensor: sensor, from: schedule.lastTick + 1, to: last) {
                events.append((tickTime(tick, schedule.rate), sensor, tick))
            }
            if sensor == LSM6DSORegister.tagGyro { gyroSchedule.lastTick = last } else { accelSchedule.lastTick = last }
        }
        events.sort { ($0.time, $0.sensor) < ($1.time, $1.sensor) }
        let constants = conversionConstants()
        for event in events { sample(event.sensor, tick: event.tick, at: event.time, constants) }
        driveInterrupt()
    }

    /// What ``update()`` does when each sensor has at most one tick due (a simulation that moves the
    /// clock from event to event): the same samples in the same order, without building a list.
    /// - Parameter now: the clock.
    /// - Returns: false, having changed nothing, when a sensor has more than one tick due.
    private func updateTickByTick(_ now: MonotonicInstant) -> Bool {
        guard let gyro = singleTick(gyroSchedule, now), let accel = singleTick(accelSchedule, now) else {
            return false
        }
        if let tick = gyro { gyroSchedule.lastTick = tick }
        if let tick = accel { accelSchedule.lastTick = tick }
        let gyroEvent = gyro.map { (time: tickTime($0, gyroSchedule.rate), tick: $0) }
        let accelEvent = accel.map { (time: tickTime($0, accelSchedule.rate), tick: $0) }
        // In time order; at one instant the gyroscope (tag 1) before the accelerometer (tag 2), as update() sorts.
        let gyroFirst = gyroEvent.map { gyro in accelEvent.map { gyro.time <= $0.time } ?? true } ?? false
        guard gyroEvent != nil || accelEvent != nil else { return true }
        let constants = conversionConstants()
        if gyroFirst, let event = gyroEvent {
            sample(LSM6DSORegister.tagGyro, tick: event.tick, at: event.time, constants)
        }
        if let event = accelEvent { sample(LSM6DSORegister.tagAccel, tick: event.tick, at: event.time, constants) }
        if !gyroFirst, let event = gyroEvent {
            sample(LSM6DSORegister.tagGyro, tick: event.tick, at: event.time, constants)
        }
        return true
    }

    /// What ``update()`` does when a scheduler defers ticks (see ``defersTicks``): every tick of both
    /// sensors due by `now`, none skipped, in time order (at one instant the gyroscope first, as
    /// ``update()`` sorts), as one update per tick converted them.
    /// - Parameter now: the clock.
    private func updateEveryTick(_ now: MonotonicInstant) {
        let gyroRate = gyroSchedule.rate
        let accelRate = accelSchedule.rate
        let gyroLast = gyroRate == .powerDown ? gyroSchedule.lastTick : tickIndex(at: now, gyroRate)
        let accelLast = accelRate == .powerDown ? accelSchedule.lastTick : tickIndex(at: now, accelRate)
        let never = MonotonicInstant(nanoseconds: .max)
        var gyroTick = gyroSchedule.lastTick + 1
        var accelTick = accelSchedule.lastTick + 1
        var gyroTime = gyroTick <= gyroLast ? tickTime(gyroTick, gyroRate) : never
        var accelTime = accelTick <= accelLast ? tickTime(accelTick, accelRate) : never
        let constants = conversionConstants()
        while gyroTick <= gyroLast || accelTick <= accelLast {
            if gyroTime <= accelTime {
                sample(LSM6DSORegister.tagGyro, tick: gyroTick, at: gyroTime, constants)
                gyroTick += 1
                gyroTime = gyroTick <= gyroLast ? tickTime(gyroTick, gyroRate) : never
            } else {
                sample(LSM6DSORegister.tagAccel, tick: accelTick, at: accelTime, constants)
                accelTick += 1
                accelTime = accelTick <= accelLast ? tickTime(accelTick, accelRate) : never
            }
        }
        gyroSchedule.lastTick = max(gyroSchedule.lastTick, gyroLast)
        accelSchedule.lastTick = max(accelSchedule.lastTick, accelLast)
    }

    /// The one tick of `schedule` due by `now`: `.some(nil)` for none (or power-down), `.some(tick)`
    /// for one, nil for more than one.
    private func singleTick(_ schedule: Schedule, _ now: MonotonicInstant) -> Int64?? {
        guard schedule.rate != .powerDown else { return .some(nil) }
        let last = tickIndex(at: now, schedule.rate)
        if last <= schedule.lastTick { return .some(nil) }
        return last == schedule.lastTick + 1 ? .some(last) : nil
    }

    /// Points a sensor's schedule at a new rate (after taking the samples due at the old one); its first
    /// sample is the first tick after now.
    func reschedule(_ sensor: UInt8, _ rate: LSM6DSODataRate) {
        let isGyro = sensor == LSM6DSORegister.tagGyro
        guard rate != (isGyro ? gyroSchedule.rate : accelSchedule.rate) else { return }
        update()
        let schedule = Schedule(rate: rate, lastTick: rate == .powerDown ? 0 : tickIndex(at: clock.now(), rate))
        if isGyro { gyroSchedule = schedule } else { accelSchedule = schedule }
    }

    /// The instant of tick `tick` at `rate`: epoch + tick / rate, rounded to the nanosecond (in plain
    /// integers: no `Duration` arithmetic on the per-sample path).
    func tickTime(_ tick: Int64, _ rate: LSM6DSODataRate) -> MonotonicInstant {
        MonotonicInstant(
            nanoseconds: epoch.nanoseconds &+ Int64(NearestInteger.rounded(Double(tick) * 1e9 / rate.hertz)))
    }

    /// The last tick at or before `time`.
    func tickIndex(at time: MonotonicInstant, _ rate: LSM6DSODataRate) -> Int64 {
        let elapsed = Double(time.nanoseconds &- epoch.nanoseconds)
        // max(floor(ticks), 0) without libm's floor: for ticks > 0 the truncation is the floor.
        let ticks = elapsed * rate.hertz / 1e9
        var tick: Int64 = ticks > 0 ? Int64(ticks) : 0
        while tickTime(tick + 1, rate) <= time { tick += 1 }
        while tick > 0, tickTime(tick, rate) > time { tick -= 1 }
        return tick
    }

    // MARK: - Conversion

    /// The conversion constants of the current registers and trims (``InertialConversion``).
    private func conversionConstants() -> InertialConversion {
        let accelRate = LSM6DSODataRate.decode(file[0x10] >> 4)
        let gyroRate = LSM6DSODataRate.decode(file[0x11] >> 4)
        let accelBandwidth = accelRate.hertz / (file[0x10] & 0x02 != 0 ? 4 : 2)
        return InertialConversion(
            accelRmsMilliG: InertialNoise.rms(
                density: accelRange.noiseDensityMicroGPerRootHz / 1000, bandwidthHz: accelBandwidth),
            gyroRmsDps: InertialNoise.rms(density: Self.gyroNoiseDensityDps, bandwidthHz: gyroRate.hertz / 2),
            accelStep: ReciprocalDivisor(accelRange.milliGPerLSB),
            gyroStep: ReciprocalDivisor(gyroRange.milliDpsPerLSB / 1000), trim: trim)
    }

    /// OUT_TEMP's LSB: 1/256 °C, with its reciprocal.
    private static let temperatureStep = ReciprocalDivisor(1.0 / 256)

    /// Takes one sample of `sensor` at `time`: the physical value then, plus the part's offset at the
    /// die temperature (``InertialTrim``'s expressions), plus noise, quantised by the current full scale
    /// and clipped to 16 bits.
    private func sample(_ sensor: UInt8, tick: Int64, at time: MonotonicInstant, _ constants: InertialConversion) {
        conversionCount += 1
        let temperature = storedInputs.sample(.temperatureC, at: time).first ?? 25
        dieTemperatureC = temperature
        let fromReference = temperature - constants.referenceTemperatureC
        let codes: SensorComponents<Int16>
        // Axis by axis in order (the noise generator is drawn x, y, z), without an array of codes.
        if sensor == LSM6DSORegister.tagAccel {
            let value = storedInputs.sample(.accelMps2, at: time)
            @inline(__always) func code(_ axis: Int) -> Int16 {
                let offset = constants.accelOffsetMg(axis: axis, fromReference: fromReference)
                let milliG =
                    InertialUnits.milliG(metresPerSecondSquared: component(value, axis)) + offset
                    + noisy(constants.accelRmsMilliG)
                return Int16(InverseConversion.linearCode(milliG, step: constants.accelStep))
            }
            let x = code(0)
            let y = code(1)
            codes = SensorComponents(x, y, code(2))
            output.accel = codes
            status |= LSM6DSORegister.accelDataAvailable
        } else {
            let value = storedInputs.sample(.gyroRadps, at: time)
            @inline(__always) func code(_ axis: Int) -> Int16 {
                let offset = constants.gyroOffsetDps(axis: axis, fromReference: fromReference)
                let dps =
                    InertialUnits.degreesPerSecond(radiansPerSecond: component(value, axis)) + offset
                    + noisy(constants.gyroRmsDps)
                return Int16(InverseConversion.linearCode(dps, step: constants.gyroStep))
            }
            let x = code(0)
            let y = code(1)
            codes = SensorComponents(x, y, code(2))
            output.gyro = codes
            status |= LSM6DSORegister.gyroDataAvailable
        }
        output.temperature = Int16(
            InverseConversion.linearCode(temperature + constants.temperatureOffsetC - 25, step: Self.temperatureStep))
        status |= LSM6DSORegister.temperatureDataAvailable
        batch(sensor, tick: tick, at: time, codes)
    }

    /// One component of a vector, 0 when the world gave fewer.
    private func component(_ vector: SensorComponents<Double>, _ axis: Int) -> Double {
        axis < vector.count ? vector[axis] : 0
    }

    /// Gaussian noise of `rms`, or 0 without noise.
    private func noisy(_ rms: Double) -> Double {
        noiseState?.sample(rms: rms) ?? 0
    }
}
