// SensorGate — Drivers: the ADXL345 model's output grid, FIFO modes, interrupt flags and pins.

import HAL

extension ADXL345Model {
    // MARK: - State as the registers show it

    /// The FIFO mode FIFO_CTL selects.
    var fifoMode: ADXL345FIFOMode { ADXL345FIFOMode(rawValue: fifoControl >> 6) ?? .bypass }

    /// FIFO_CTL Samples: the watermark (or the entries kept at a trigger).
    var samplesSetting: Int { Int(fifoControl & 0x1F) }

    /// The FIFO and flag state the interrupt logic follows from, read once (``ADXL345FIFOState``).
    var fifoState: ADXL345FIFOState {
        ADXL345FIFOState(
            mode: fifoMode, held: unread.count, samplesSetting: samplesSetting, overrun: overrun,
            triggered: fifoTriggered, eventSources: eventSources)
    }

    /// FIFO_STATUS Entries: the FIFO's entries, not counting the sample at the output; 0 in bypass
    /// ("FIFO remains empty").
    var entries: Int { fifoState.entries }

    /// The most samples the chip holds unread: 32 FIFO entries plus the output (33), 1 in bypass.
    var capacity: Int { fifoState.capacity }

    /// Whether a full FIFO drops new samples (FIFO mode; trigger mode after its trigger) rather than
    /// discarding the oldest (stream mode; trigger mode before its trigger).
    var stopsWhenFull: Bool { fifoState.stopsWhenFull }

    /// INT_SOURCE as a read would return it. DATA_READY: a sample is unread. Watermark: Entries has
    /// reached Samples (so Samples 0 sets it at once, and the reset value is 0x02). Overrun: new data
    /// replaced unread data in bypass, or the FIFO filled in the other modes; a FIFO read clears it.
    var interruptSource: UInt8 { fifoState.interruptSource }

    /// The settings the registers hold now, for the conversion.
    var currentSettings: ADXL345Settings {
        ADXL345Settings(
            dataRate: .decode(dataRate), range: ADXL345Range(rawValue: dataFormat & 0x03) ?? .g2,
            fullResolution: dataFormat & ADXL345Register.fullResolution != 0,
            lowPower: dataRate & ADXL345Register.lowPower != 0)
    }

    /// The sampling period: the data rate's, or in sleep mode the Wakeup rate's (8, 4, 2, 1 Hz).
    var samplingPeriod: Duration {
        guard powerControl & ADXL345Register.sleep == 0 else {
            return .milliseconds(125) * (1 << Int(powerControl & 0x03))
        }
        return ADXL345DataRate.decode(dataRate).period
    }

    // MARK: - Catching up

    /// When the model next changes something the controller sees without asking (an interrupt pin), or
    /// nil when nothing can change one. A scheduler calls ``update()`` then.
    ///
    /// Samples and FIFO pops that change no pin are not events: ``update()`` at the next event (or the
    /// next bus access) takes them in time order, each sample at its own instant, so values, noise
    /// draws and register contents are the same as one update per sample and per pop would give.
    /// INT_SOURCE's sampling bits only rise while samples arrive unread, so the sample event is the
    /// first grid sample that can raise an enabled one (see ``ADXL345FIFOState/samplesUntilPinsCanChange(raised:enabled:)``); a pop is an
    /// event only when it can clear an enabled one (see ``ADXL345FIFOState/popCanChangePins(raised:enabled:)``).
    public var nextEventInstant: MonotonicInstant? {
        scheduled = true
        if let cachedEvent { return cachedEvent }
        let next = uncachedNextEvent
        cachedEvent = .some(next)
        return next
    }

    /// ``nextEventInstant`` worked out from the state (a function of the grid, the samples taken, the
    /// FIFO, the pending pop and the registers, not of the clock).
    var uncachedNextEvent: MonotonicInstant? {
        let state = fifoState
        let enabled = interruptEnable
        let raised = state.interruptSource
        var sample: MonotonicInstant?
        if let grid, let count = state.samplesUntilPinsCanChange(raised: raised, enabled: enabled) {
            sample = MonotonicInstant(nanoseconds: grid.originNs + grid.periodNs * (ticksTaken + count - 1))
        }
        guard let popAt, state.popCanChangePins(raised: raised, enabled: enabled) else { return sample }
        guard let sample else { return popAt }
        return min(sample, popAt)
    }

    /// Catches up with the clock: takes every sample due, each at its own instant, completes a FIFO
    /// pop whose 5 µs have passed (in time order with the samples), and drives the pins.
    public func update() {
        let now = clock.now()
        if let due = popAt, due <= now {
            takeSamples(until: due)
            popAt = nil
            stateChanged()
            if let oldest = unread.popFirst() {
                output = oldest
                overrun = false
            }
        }
        takeSamples(until: now)
        refreshPins()
    }

    /// Takes the grid samples due by `instant`. Samples that would be overwritten unread before any read
    /// (more than the chip holds in bypass or stream mode) are skipped, not converted, with Overrun set;
    /// samples a full FIFO drops are not converted either.
    ///
    /// Most calls find nothing due (every bus access catches up, and a FIFO entry is read in tens of
    /// microseconds where a sample comes every 312.5 at most): that test is a multiplication, inlined
    /// into the callers, and only a catch-up divides.
    @inline(__always)
    func takeSamples(until instant: MonotonicInstant) {
        guard let grid else { return }
        // The next sample's offset from the grid's origin is ticksTaken periods: nothing is due before it.
        let (next, overflow) = grid.periodNs.multipliedReportingOverflow(by: ticksTaken)
        // Wrapping subtraction: virtual instants lie far inside Int64, and ``catchUp(until:)`` checks again.
        if !overflow, instant.nanoseconds &- grid.originNs < next { return }
        catchUp(until: instant)
    }

    /// ``takeSamples(until:)`` when a sample may be due.
    @inline(never)
    private func catchUp(until instant: MonotonicInstant) {
        guard let grid, instant.nanoseconds >= grid.originNs else { return }
        let due = (instant.nanoseconds - grid.originNs) / grid.periodNs + 1
        var first = ticksTaken
        guard due > first else { return }
        stateChanged()
        // The mode and the capacity stay as they are while samples are stored.
        let state = fifoState
        let stops = state.stopsWhenFull
        let holds = state.capacity
        if !stops, due - first > Int64(holds) {
            first = due - Int64(holds)
            unread.removeAll()
            popAt = nil
            overrun = true
        }
        let constants = conversionConstants()
        // The noise generator is held here for the catch-up: one load and one store, not three a sample.
        var generator = noiseGenerator
        for index in first..<due {
            if stops, unread.count >= holds { break }
            let instant = MonotonicInstant(nanoseconds: grid.originNs + grid.periodNs * index)
            store(
                convert(at: instant, constants, noise: &generator), bypass: state.mode == .bypass, capacity: holds)
        }
        noiseGenerator = generator
        ticksTaken = due
    }

    /// One new sample into the data registers (bypass) or the FIFO.
    /// - Parameters:
    ///   - sample: the sample.
    ///   - bypass: whether FIFO_CTL selects bypass.
    ///   - capacity: the most samples the chip holds unread (``capacity``).
    private func store(_ sample: ADXL345RawSample, bypass: Bool, capacity: Int) {
        sampleCount += 1
        if bypass {
            if !unread.isEmpty { overrun = true }
            unread.removeAll()
            unread.append(sample)
            return
        }
        if unread.count >= capacity {
            _ = unread.popFirst()
            if popAt != nil { popAt = nil }
        }
        unread.append(sample)
        if unread.count >= capacity { overrun = true }
    }

    // MARK: - Register effects

    /// A data read ended. With a FIFO the oldest sample leaves in 5 µs; until then the FIFO has not
    /// popped, so FIFO_STATUS and the data registers still show it (a read that early gets it again).
    /// In bypass nothing moves: the sample is marked read at once (DATA_READY and Overrun clear).
    func startPop() {
        guard popAt == nil, !unread.isEmpty else { return }
        guard fifoMode != .bypass else {
            stateChanged()
            if let oldest = unread.popFirst() { output = oldest }
            overrun = false
            return
        }
        // Until it completes a pop changes no INT_SOURCE bit, so the pins stay as they are; only the
        // next event may move (to the pop). With no pop pending the kept event is the sample event
        // alone, so it moves to the pop only when the pop can change a pin: what ``uncachedNextEvent``
        // would work out, without working out the sample event again.
        let due = MonotonicInstant(nanoseconds: clock.now().nanoseconds &+ ADXL345Register.fifoPopNanoseconds)
        popAt = due
        if let kept = cachedEvent {
            let state = fifoState
            if state.popCanChangePins(raised: state.interruptSource, enabled: interruptEnable) {
                cachedEvent = .some(kept.map { min($0, due) } ?? due)
            }
        }
    }

    /// POWER_CTL or BW_RATE changed: standby stops the grid; Measure from standby starts it with the
    /// turn-on time (first sample 1.1 ms + 1/ODR later); a new rate while measuring restarts it one new
    /// period from now.
    func applySchedule() {
        guard powerControl & ADXL345Register.measure != 0 else {
            grid = nil
            ticksTaken = 0
            return
        }
        let period = samplingPeriod
        let periodNs = period.nanoseconds
        if let grid, grid.periodNs == periodNs { return }
        let delay = grid == nil ? ADXL345Register.turnOnTime + period : period
        grid = ((clock.now() + delay).nanoseconds, periodNs)
        ticksTaken = 0
    }

    /// FIFO_CTL written: bypass clears the FIFO; leaving trigger mode forgets the trigger.
    func writeFIFOControl(_ value: UInt8) {
        let mode = ADXL345FIFOMode(rawValue: value >> 6) ?? .bypass
        if mode == .bypass {
            unread.removeAll()
            popAt = nil
            overrun = false
        }
        if mode != .trigger { fifoTriggered = false }
        fifoControl = value
    }

    /// Raises tap, activity, inactivity or free-fall flags (INT_SOURCE bits 6:2), as the chip's motion
    /// detectors would; the model does not run those detectors itself. In trigger mode an enabled
    /// event on the Trigger pin is the trigger: the FIFO keeps its last Samples entries (and the sample
    /// at the output), sets FIFO_TRIG
    /// and then fills as in FIFO mode. Further events do not trigger until the mode is reset through
    /// bypass.
    /// - Parameter sources: INT_SOURCE bits 6:2 (others are ignored).
    public func signalEvents(_ sources: UInt8) {
        update()
        stateChanged()
        let raised = sources & ADXL345Register.eventSources
        eventSources |= raised
        let pinMask = fifoControl & 0x20 != 0 ? interruptMap : ~interruptMap
        if fifoMode == .trigger, !fifoTriggered, raised & interruptEnable & pinMask != 0 {
            fifoTriggered = true
            let keep = samplesSetting + 1
            if unread.count > keep {
                unread.removeFirst(unread.count - keep)
                popAt = nil
            }
        }
        refreshPins()
    }

    /// Drives INT1 and INT2: a pin is active while an enabled source mapped to it is set in INT_SOURCE;
    /// active is high unless INT_INVERT. Only changes are reported; nothing is done while the state
    /// is as it was when the pins were last driven.
    func refreshPins() {
        guard pinsStale else { return }
        pinsStale = false
        let active = interruptSource & interruptEnable
        let invert = dataFormat & ADXL345Register.interruptInvert != 0
        let int1 = (active & ~interruptMap != 0) != invert
        let int2 = (active & interruptMap != 0) != invert
        if int1 != int1Level {
            int1Level = int1
            interrupt?("INT1", int1)
        }
        if int2 != int2Level {
            int2Level = int2
            interrupt?("INT2", int2)
        }
    }
}
