// SensorGate — Drivers: when the LSM6DSO model is a scheduler event: only where a tick can move INT1.

import HAL

extension LSM6DSOModel {
    /// When the model next changes INT1 without being asked, at the earliest, or nil when no tick can
    /// change it. A scheduler calls ``update()`` then.
    ///
    /// Ticks that change no pin are not events: ``update()`` at the next event (or the next bus access)
    /// converts them in time order, each at its own instant, so values, noise draws, FIFO words and
    /// flags are the same as one update per tick would give (see ``defersTicks``). Every source INT1
    /// can route only rises while ticks arrive unread (data-ready until a read, the FIFO threshold,
    /// overrun and full flags as the FIFO fills), so while INT1 is inactive the event is the first tick
    /// that can raise a routed source (see ``firstTickThatCanRaiseINT1``), and while it is active there
    /// is none until a bus access.
    public var nextEventInstant: MonotonicInstant? {
        guard interrupt != nil, file[0x0D] != 0 else { return nil }
        scheduled = true
        if let cached = cachedEvent { return cached }
        let next = firstTickThatCanRaiseINT1.map { max($0, resetUntil) }
        cachedEvent = .some(next)
        return next
    }

    /// Whether ``update()`` must convert every tick due, none skipped: a scheduler runs this model by
    /// its events (it asked ``nextEventInstant`` and INT1 is wired and routed), where it used to be
    /// called at every tick, and the ticks between events must come out as they did then.
    var defersTicks: Bool { scheduled && interrupt != nil && file[0x0D] != 0 }

    /// The earliest instant a tick can raise a routed INT1 source that is not raised yet: the next tick
    /// of a sensor whose data-ready is routed, or the instant enough FIFO words can have arrived to
    /// reach the threshold, overrun or fill the FIFO. A lower bound: the scheduler asks again after it.
    /// Nil when INT1 is active already (ticks cannot take it down) or no tick can raise a source.
    var firstTickThatCanRaiseINT1: MonotonicInstant? {
        let routes = file[0x0D]
        // The batch dividers once (FIFO_STATUS2 would ask for them again): the flags as it shows them.
        let gyroDivider = batchDivider(LSM6DSORegister.tagGyro)
        let accelDivider = batchDivider(LSM6DSORegister.tagAccel)
        let batched = (gyroDivider != nil ? 1 : 0) + (accelDivider != nil ? 1 : 0)
        let count = fifo.count
        let limit = capacity
        let threshold = watermark
        let accelReady = status & LSM6DSORegister.accelDataAvailable != 0
        let gyroReady = status & LSM6DSORegister.gyroDataAvailable != 0
        let thresholdReached = threshold > 0 && count >= threshold
        let full = fifoStopped || (batched > 0 && count + batched > limit)
        if routes & LSM6DSORegister.int1AccelDataReady != 0, accelReady { return nil }
        if routes & LSM6DSORegister.int1GyroDataReady != 0, gyroReady { return nil }
        if routes & LSM6DSORegister.int1FIFOThreshold != 0, thresholdReached { return nil }
        if routes & LSM6DSORegister.int1FIFOOverrun != 0, fifoOverrunNow { return nil }
        if routes & LSM6DSORegister.int1FIFOFull != 0, full { return nil }
        var next: MonotonicInstant?
        func consider(_ instant: MonotonicInstant?) {
            guard let instant else { return }
            if next.map({ instant < $0 }) ?? true { next = instant }
        }
        if routes & LSM6DSORegister.int1AccelDataReady != 0 { consider(nextTickTime(accelSchedule)) }
        if routes & LSM6DSORegister.int1GyroDataReady != 0 { consider(nextTickTime(gyroSchedule)) }
        // The fewest FIFO words that can raise a routed FIFO flag (none is raised: INT1 is inactive).
        var words = Int.max
        if routes & LSM6DSORegister.int1FIFOThreshold != 0, threshold > 0 { words = min(words, threshold - count) }
        if routes & LSM6DSORegister.int1FIFOOverrun != 0 { words = min(words, limit - count + 1) }
        if routes & LSM6DSORegister.int1FIFOFull != 0 { words = min(words, limit - batched - count + 1) }
        if batched > 0, words != Int.max {
            consider(instantOfWords(max(words, 1), batched: batched, gyroDivider, accelDivider))
        }
        return next
    }

    /// The next tick of a schedule, nil in power-down.
    private func nextTickTime(_ schedule: Schedule) -> MonotonicInstant? {
        schedule.rate == .powerDown ? nil : tickTime(schedule.lastTick + 1, schedule.rate)
    }

    /// The earliest instant `words` more FIFO words can have been batched: with `batched` sensors
    /// batching (at the dividers given, nil for a sensor not batched), one of them has batched
    /// ⌈words / batched⌉ of them by then.
    private func instantOfWords(_ words: Int, batched: Int, _ gyroDivider: Int64?, _ accelDivider: Int64?)
        -> MonotonicInstant?
    {
        let perSensor = Int64((words + batched - 1) / batched)
        // The two sensors one by one: an array literal here would allocate at every event.
        func instant(_ divider: Int64?, _ schedule: Schedule) -> MonotonicInstant? {
            guard let divider else { return nil }
            let first = (schedule.lastTick + divider) / divider * divider
            return tickTime(first + (perSensor - 1) * divider, schedule.rate)
        }
        let gyro = instant(gyroDivider, gyroSchedule)
        guard let accel = instant(accelDivider, accelSchedule) else { return gyro }
        return gyro.map { min($0, accel) } ?? accel
    }
}
