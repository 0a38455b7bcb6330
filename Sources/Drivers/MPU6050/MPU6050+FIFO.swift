// SensorGate — Drivers: draining the MPU-6050's FIFO of 14-byte frames into back-dated samples.

import HAL

/// A drain of the MPU-6050's FIFO taken in steps: what the count read found and what is left.
struct MPU6050PendingDrain {
    /// Frames still to read.
    var remainingFrames: Int
    /// When the read of FIFO_COUNT began.
    let countReadStart: MonotonicInstant
    /// When it ended.
    let countReadEnd: MonotonicInstant
}

extension MPU6050 {
    /// Frames read per transaction: two frames, 28 bytes, within an SMBus block (about 0.7 ms at
    /// 400 kHz with the register address). FIFO_R_W does not advance the register address, so a burst
    /// read returns consecutive FIFO bytes. One step of a stepped drain is one such read.
    static let framesPerRead = 2

    /// Drains every complete sample from the FIFO, oldest first (a drain in progress is completed).
    ///
    /// INT_STATUS gives FIFO_OFLOW_INT; FIFO_COUNT_H/L (read high first, which latches both) give the
    /// bytes stored. Frames are accelerometer x y z, temperature, gyroscope x y z (register order), 14
    /// bytes each, read from FIFO_R_W two at a time. After an overflow the chip has overwritten its oldest
    /// bytes and the frame boundaries are lost, so the driver empties the FIFO (USER_CTRL FIFO_RESET
    /// with FIFO_EN 0, then FIFO_EN) and returns nothing, counting ``fifoOverflows`` and starting the
    /// time grid afresh. Samples are dated one sample period apart on a ``FIFOGrid`` that joins
    /// consecutive drains, bounded by when FIFO_COUNT was read.
    /// - Parameter readings: receives the samples with `accel_mps2`, `gyro_radps` and `temperature_c`
    ///   and their raw codes.
    /// - Throws: `DriverError`: `.invalidSetting` with the FIFO off, `.bus`, `.stuck`, and what
    ///   ``start(_:)`` throws when the chip has to be started again.
    public func drainFIFO(into readings: inout [SensorReading]) throws(DriverError) {
        var complete = try beginFIFODrain(into: &readings)
        while !complete { complete = try continueFIFODrain(into: &readings) }
    }

    /// Starts a drain (SteppedFIFODriver): INT_STATUS, FIFO_COUNT (latched once for the whole drain),
    /// then the first ``framesPerRead`` frames. With a drain in progress, its next step.
    /// - Parameter readings: receives the samples when the drain completes.
    /// - Returns: whether the drain is complete.
    /// - Throws: as ``drainFIFO(into:)``.
    public func beginFIFODrain(into readings: inout [SensorReading]) throws(DriverError) -> Bool {
        if pendingDrain != nil { return try continueFIFODrain(into: &readings) }
        guard settings.fifo else { throw failure(.invalidSetting("the FIFO is off; set fifo to on")) }
        try ensureStarted()
        let status = try readRegisters(MPU6050Register.intStatus, count: 1)
        let countReadStart = clock.now()
        let count = try readRegisters(MPU6050Register.fifoCountHigh, count: 2)
        let countReadEnd = clock.now()
        guard status.count == 1, count.count == 2 else {
            throw failure(.bus(HALError(.other, device: registers.location, operation: "read of FIFO_COUNT")))
        }
        let stored = Int(count[0]) << 8 | Int(count[1])
        let frame = MPU6050Register.fifoFrameLength
        if status[0] & MPU6050Register.fifoOverflow != 0 || overflowSeen || stored % frame != 0 {
            fifoOverflows += 1
            overflowSeen = false
            fifoGrid.reset()
            // The reset empties the FIFO: everything written since the previous drain is lost.
            fifoLoss.drained(at: countReadEnd, delivered: 0, overflowed: true)
            try write(MPU6050Register.userControl, [MPU6050Register.userFIFOReset])
            try write(MPU6050Register.userControl, [MPU6050Register.userFIFOEnable])
            return true
        }
        drainedFrames.removeAll(keepingCapacity: true)
        pendingDrain = MPU6050PendingDrain(
            remainingFrames: stored / frame, countReadStart: countReadStart, countReadEnd: countReadEnd)
        return try continueFIFODrain(into: &readings)
    }

    /// The next step of the drain in progress (SteppedFIFODriver): one read of up to
    /// ``framesPerRead`` frames; the last step dates and converts every frame of the drain.
    /// - Parameter readings: receives the samples when the drain completes.
    /// - Returns: whether the drain is complete (true when none was in progress).
    /// - Throws: `.bus`, `.stuck`; the drain is abandoned.
    public func continueFIFODrain(into readings: inout [SensorReading]) throws(DriverError) -> Bool {
        guard var pending = pendingDrain else { return true }
        pendingDrain = nil
        if pending.remainingFrames > 0 {
            let batch = min(pending.remainingFrames, Self.framesPerRead)
            try readFrames(batch)
            pending.remainingFrames -= batch
        }
        if pending.remainingFrames > 0 {
            pendingDrain = pending
            return false
        }
        try finishDrain(pending, into: &readings)
        return true
    }

    /// Whether a drain has begun and not completed (SteppedFIFODriver).
    public var fifoDrainInProgress: Bool { pendingDrain != nil }

    /// Dates and converts the frames of a complete drain.
    ///
    /// The frames and the stuck detector are moved into locals for the drain (and back), as the
    /// ADXL345's drain does: the driver's stored properties are then accessed once per drain, not per
    /// frame (each access is a runtime exclusivity check, and one held across a call is also tracked).
    private func finishDrain(_ pending: MPU6050PendingDrain, into readings: inout [SensorReading]) throws(DriverError) {
        var frames: [MPU6050RawSample] = []
        swap(&frames, &drainedFrames)
        var detector = StuckDetector(limit: 0)
        swap(&detector, &stuck)
        defer {
            swap(&frames, &drainedFrames)
            swap(&detector, &stuck)
        }
        let drained = frames.count
        fifoLoss.drained(at: pending.countReadEnd, delivered: drained, overflowed: false)
        let times = fifoGrid.dates(count: drained, countReadFrom: pending.countReadStart, to: pending.countReadEnd)
        for index in 0..<drained {
            let sample = frames[index]
            let time = times[index]
            if detector.record(codes: sample.codes) {
                throw failure(
                    .stuck(
                        "FIFO accelerometer, temperature and gyroscope codes unchanged for \(detector.limit) samples"))
            }
            readings.append(reading(sample, temperature: true, at: time))
        }
    }

    /// Reads `count` frames (at most ``framesPerRead``) from FIFO_R_W in one transaction, appending them
    /// to ``drainedFrames``.
    private func readFrames(_ count: Int) throws(DriverError) {
        let frame = MPU6050Register.fifoFrameLength
        let bytes = try readRegisters(MPU6050Register.fifoReadWrite, count: count * frame)
        guard bytes.count == count * frame else {
            throw failure(.bus(HALError(.other, device: registers.location, operation: "read of FIFO_R_W")))
        }
        // The frames read in place into a local (one access to the stored list, not one per frame).
        var frames: [MPU6050RawSample] = []
        swap(&frames, &drainedFrames)
        defer { swap(&frames, &drainedFrames) }
        bytes.withUnsafeBytes { raw in
            for index in 0..<count {
                let block = UnsafeRawBufferPointer(rebasing: raw[(index * frame)..<((index + 1) * frame)])
                if let sample = MPU6050RawSample.unpack(block) { frames.append(sample) }
            }
        }
    }
}

extension MPU6050: SteppedFIFODriver {}
