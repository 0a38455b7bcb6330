// SensorGate — Drivers: the TMP117 model's conversions: timing, quantisation, alert flags and pin.

import HAL
import HALSim

extension TMP117Model: SensorModel {
    /// Temperature.
    public var quantities: [Quantity] { [.temperatureC] }

    /// The operating range (datasheet: −55…150 °C) and the tolerance of a reading: one LSB
    /// (7.8125 m°C, twice the rounding) plus the part's own error at its worst over the range (zero for
    /// the nominal part; within the datasheet's accuracy for a seeded one).
    /// - Parameter quantity: which quantity.
    /// - Returns: lower and upper limits and the tolerance.
    public func sampleRange(_ quantity: Quantity) -> (lower: Double, upper: Double, epsilon: Double) {
        guard quantity == .temperatureC else { return (0, 0, 0) }
        return (-55, 150, TMP117Temperature.lsbC + part.errorBound)
    }

    // MARK: - Timing

    /// When the next conversion ends (and Data_Ready and the pin change), or nil in shutdown. A
    /// simulation that watches the ALERT pin advances its clock to this instant and calls ``update()``.
    public var nextEventInstant: MonotonicInstant? { nextConversionEnd }

    /// When the running conversion ends, or nil in shutdown.
    public var nextConversionEnd: MonotonicInstant? { scheduledEnd }

    /// Brings the model up to the clock: latches every conversion that ended by now (each with the
    /// physical value at its own end), sets the flags and drives the ALERT pin. Every bus access calls
    /// it; a simulation that watches the pin calls it when its clock moves.
    public func update() {
        let now = clock.now()
        switch schedule {
        case .shutdown:
            break
        case .oneShot(let end):
            guard now >= end else { return }
            latch(at: end)
            configuration = configuration & ~TMP117Configuration.modeMask | 0b01 << 10
            schedule = .shutdown
        case .continuous(let start, let active, let cycle, let latched):
            let elapsed = (now - start - active).nanoseconds
            guard elapsed >= 0 else { return }
            let completed = Int(elapsed / max(cycle.nanoseconds, 1)) + 1
            guard completed > latched else { return }
            // After a long jump only the last conversions can still matter (flags are sticky, the
            // result register holds the last): at most 10 000 are evaluated.
            for index in max(latched, completed - 10_000)..<completed {
                latch(at: start + active + cycle * index)
            }
            schedule = .continuous(start: start, active: active, cycle: cycle, latched: completed)
        }
        driveAlert()
    }

    /// Starts continuous conversion with the first conversion beginning at `start`.
    func startContinuous(at start: MonotonicInstant) {
        let averaging = TMP117Averaging(rawValue: (configuration & TMP117Configuration.averagingMask) >> 5) ?? .x8
        let cycle = TMP117ConversionCycle(rawValue: (configuration & TMP117Configuration.cycleMask) >> 7) ?? .s1
        schedule = .continuous(
            start: start, active: averaging.activeConversionTime, cycle: cycle.cycleTime(with: averaging), latched: 0)
    }

    /// A write of Configuration: the settings bits, and the conversion MOD asks for, from now.
    func writeConfiguration(_ value: UInt16) {
        configuration = value & TMP117Configuration.settingsMask
        let now = clock.now()
        switch (configuration & TMP117Configuration.modeMask) >> 10 {
        case 0b01:
            schedule = .shutdown
        case 0b11:
            let averaging = TMP117Averaging(rawValue: (configuration & TMP117Configuration.averagingMask) >> 5) ?? .x8
            schedule = .oneShot(end: now + averaging.activeConversionTime)
        default:
            configuration &= ~TMP117Configuration.modeMask
            startContinuous(at: now)
        }
        driveAlert()
    }

    // MARK: - Conversion

    /// Latches one conversion ending at `instant`: the result, Data_Ready and the alert flags.
    private func latch(at instant: MonotonicInstant) {
        conversionCount += 1
        let averaging = TMP117Averaging(rawValue: (configuration & TMP117Configuration.averagingMask) >> 5) ?? .x8
        let truth = min(max(inputs.sample(.temperatureC, at: instant).first ?? 0, -55), 150)
        var measured = truth + part.error(at: truth)
        if let seed = noiseSeed {
            var generator = noiseGenerator ?? SplitMix64(seed: seed)
            measured += generator.nextGaussian() * TMP117Temperature.lsbC / Double(averaging.count).squareRoot()
            noiseGenerator = generator
        }
        let steps = NearestInteger.rounded(measured / TMP117Temperature.lsbC) + Double(Int16(bitPattern: offset))
        let code = Int16(min(max(steps, -32768), 32767))
        result = UInt16(bitPattern: code)
        flags |= TMP117Configuration.dataReady
        let high = Int16(bitPattern: highLimit)
        let low = Int16(bitPattern: lowLimit)
        if configuration & TMP117Configuration.thermMode != 0 {
            if code > high { flags |= TMP117Configuration.highAlert }
            if code < low { flags &= ~TMP117Configuration.highAlert }
        } else {
            if code > high { flags |= TMP117Configuration.highAlert }
            if code < low { flags |= TMP117Configuration.lowAlert }
        }
    }

    /// Drives the ALERT pin when its level changes: asserted while Data_Ready is set (DR/Alert = 1) or
    /// an alert flag is set (DR/Alert = 0); low when asserted unless POL is set.
    func driveAlert() {
        let shown =
            configuration & TMP117Configuration.dataReadyPin != 0
            ? TMP117Configuration.dataReady : TMP117Configuration.highAlert | TMP117Configuration.lowAlert
        let asserted = flags & shown != 0
        let level = configuration & TMP117Configuration.polarityHigh != 0 ? asserted : !asserted
        guard level != alertLevel else { return }
        alertLevel = level
        interrupt?("ALERT", level)
    }
}
