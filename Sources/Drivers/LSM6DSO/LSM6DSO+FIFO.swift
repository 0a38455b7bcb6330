// SensorGate — Drivers: draining the LSM6DSO's tagged FIFO into back-dated samples.

import HAL

extension LSM6DSO {
    /// FIFO words read per transaction: four words, 28 bytes, within an SMBus block (as the Linux
    /// st_lsm6dsx driver reads them). Reads of more than one word rely on the address rolling back
    /// from FIFO_DATA_OUT_Z_H to FIFO_DATA_OUT_TAG.
    static let wordsPerRead = 4

    /// Drains every complete sample from the FIFO, oldest first.
    ///
    /// FIFO_STATUS1/2 give the number of unread words (DIFF_FIFO) and the overrun flag; the words are
    /// read from FIFO_DATA_OUT_TAG four at a time. Words written at one instant share TAG_CNT; a sample
    /// is complete when its time slot holds a gyroscope and an accelerometer word (a slot cut in two
    /// by an overrun is dropped). Temperature is not batched, so FIFO samples have none. Samples are
    /// dated one period (1/ODR) apart on a ``FIFOGrid`` that joins consecutive drains, bounded by when
    /// FIFO_STATUS was read; an overrun starts the grid afresh. In FIFO mode a full FIFO stops
    /// collecting, so after an overrun the driver restarts it (bypass, then FIFO mode).
    /// - Parameter readings: receives the samples with `accel_mps2` and `gyro_radps` and raw codes
    ///   `accel` and `gyro`.
    /// - Throws: `DriverError`: `.invalidSetting` in bypass mode, `.bus`, `.stuck`, and what
    ///   ``start(_:)`` throws when the chip has to be started again.
    public func drainFIFO(into readings: inout [SensorReading]) throws(DriverError) {
        guard settings.fifoMode != .bypass else {
            throw failure(.invalidSetting("the FIFO is in bypass mode; set fifo-mode to fifo or continuous"))
        }
        try ensureStarted()
        let countReadStart = clock.now()
        let status = try readRegisters(LSM6DSORegister.fifoStatus1, count: 2)
        let countReadEnd = clock.now()
        guard status.count == 2 else {
            throw failure(.bus(HALError(.other, device: registers.location, operation: "read of FIFO_STATUS")))
        }
        let unread = Int(status[1] & 0x03) << 8 | Int(status[0])
        let overrun = status[1] & (LSM6DSORegister.fifoOverrun | LSM6DSORegister.fifoOverrunLatched) != 0
        try readSlots(unread)
        if overrun {
            fifoOverruns += 1
            fifoGrid.reset()
            if settings.fifoMode == .fifo {
                try write(LSM6DSORegister.fifoControl4, [LSM6DSOFIFOMode.bypass.rawValue])
                try write(LSM6DSORegister.fifoControl4, [LSM6DSOFIFOMode.fifo.rawValue])
            }
        }
        // The slots and the stuck detector are moved into locals for the drain (and back), as the
        // ADXL345's drain does: the driver's stored properties are then accessed once per drain, not per
        // sample (each access is a runtime exclusivity check, and one held across a call is also tracked).
        var drained: [LSM6DSOFIFOSlots.Slot] = []
        swap(&drained, &drainedSlots)
        var detector = StuckDetector(limit: 0)
        swap(&detector, &stuck)
        defer {
            swap(&drained, &drainedSlots)
            swap(&detector, &stuck)
        }
        let count = drained.count
        fifoLoss.drained(at: countReadEnd, delivered: count, overflowed: overrun)
        let times = fifoGrid.dates(count: count, countReadFrom: countReadStart, to: countReadEnd)
        for index in 0..<count {
            let slot = drained[index]
            if detector.record(codes: InlineCodes(slot.gyro, slot.accel)) {
                throw failure(.stuck("FIFO accelerometer and gyroscope codes unchanged for \(detector.limit) samples"))
            }
            readings.append(reading(accel: slot.accel, gyro: slot.gyro, temperature: nil, at: times[index]))
        }
    }

    /// Reads `count` words from FIFO_DATA_OUT_TAG, ``wordsPerRead`` per transaction, and groups them
    /// into ``drainedSlots`` (moved into a local meanwhile, so that it is accessed once, not per word).
    private func readSlots(_ count: Int) throws(DriverError) {
        var drained: [LSM6DSOFIFOSlots.Slot] = []
        swap(&drained, &drainedSlots)
        defer { swap(&drained, &drainedSlots) }
        drained.removeAll(keepingCapacity: true)
        var slots = LSM6DSOFIFOSlots()
        var remaining = count
        while remaining > 0 {
            let batch = min(remaining, Self.wordsPerRead)
            let length = batch * LSM6DSORegister.fifoWordLength
            let bytes = try readRegisters(LSM6DSORegister.fifoDataOutTag, count: length)
            guard bytes.count == length else {
                throw failure(.bus(HALError(.other, device: registers.location, operation: "read of FIFO words")))
            }
            bytes.withUnsafeBytes { raw in
                for index in 0..<batch {
                    let start = index * LSM6DSORegister.fifoWordLength
                    slots.add(
                        UnsafeRawBufferPointer(rebasing: raw[start..<(start + LSM6DSORegister.fifoWordLength)]),
                        into: &drained)
                }
            }
            remaining -= batch
        }
        slots.close(into: &drained)
    }
}
