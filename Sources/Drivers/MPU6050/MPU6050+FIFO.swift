// SensorGate — Drivers: draining the MPU-6050's FIFO of 14-byte frames into back-dated samples.

import HAL

extension MPU6050 {
    /// Frames read per transaction: two frames, 28 bytes, within an SMBus block. FIFO_R_W does not
    /// advance the register address, so a burst read returns consecutive FIFO bytes.
    static let framesPerRead = 2

    /// Drains every complete sample from the FIFO, oldest first.
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
            return
        }
        try readFrames(stored / frame)
        let drained = drainedFrames.count
        fifoLoss.drained(at: countReadEnd, delivered: drained, overflowed: false)
        let times = fifoGrid.dates(count: drained, countReadFrom: countReadStart, to: countReadEnd)
        for index in 0..<drained {
            let sample = drainedFrames[index]
            let time = times[index]
            if stuck.record(codes: sample.codes) {
                throw failure(
                    .stuck("FIFO accelerometer, temperature and gyroscope codes unchanged for \(stuck.limit) samples"))
            }
            readings.append(reading(sample, temperature: true, at: time))
        }
    }

    /// Reads `count` frames from FIFO_R_W, ``framesPerRead`` per transaction, into ``drainedFrames``.
    private func readFrames(_ count: Int) throws(DriverError) {
        drainedFrames.removeAll(keepingCapacity: true)
        var remaining = count
        let frame = MPU6050Register.fifoFrameLength
        while remaining > 0 {
            let batch = min(remaining, Self.framesPerRead)
            let bytes = try readRegisters(MPU6050Register.fifoReadWrite, count: batch * frame)
            guard bytes.count == batch * frame else {
                throw failure(.bus(HALError(.other, device: registers.location, operation: "read of FIFO_R_W")))
            }
            for index in 0..<batch {
                if let sample = MPU6050RawSample.unpack(bytes[(index * frame)..<((index + 1) * frame)]) {
                    drainedFrames.append(sample)
                }
            }
            remaining -= batch
        }
    }
}
