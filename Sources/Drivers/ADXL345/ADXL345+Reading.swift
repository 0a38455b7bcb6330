// SensorGate — Drivers: ADXL345 samples: draining the FIFO, dating the samples, converting and recovering.

import HAL

extension ADXL345 {
    /// The latest sample: in bypass mode the data registers once DATA_READY is set, in the FIFO modes
    /// the newest of a full drain (older samples are dropped; use ``drainFIFO()`` to keep them). When no
    /// sample is ready it waits for the next one on the output grid; when none comes, it checks that
    /// the chip kept its configuration and starts it again if not.
    /// - Returns: `accel_mps2` [x, y, z] in m/s², raw codes `accel_x`, `accel_y`, `accel_z`, dated when
    ///   the chip wrote the sample.
    /// - Throws: `DriverError`: `.bus`, `.stuck`, `.conversionTimeout` when the chip kept its
    ///   configuration but produced nothing, and what ``start(_:)`` throws.
    public func read() throws(DriverError) -> SensorReading {
        try prepare()
        var samples: [SensorReading] = []
        try collect(into: &samples)
        if samples.isEmpty {
            try pause(until: sampleInstant(samplesWritten(by: clock.now())))
            try collect(into: &samples)
        }
        if samples.isEmpty {
            guard !keptConfiguration() else { throw failure(.conversionTimeout) }
            try start(settings)
            try pause(until: firstSampleAt)
            try collect(into: &samples)
        }
        guard let newest = samples.last else { throw failure(.conversionTimeout) }
        return newest
    }

    /// Drains every complete sample, oldest first (FIFOSensorDriver). With Entries n in FIFO_STATUS the
    /// FIFO holds n + 1 samples, one more at the output (datasheet: 32 entries, 33 readable); with
    /// n = 0, DATA_READY in INT_SOURCE says whether that one is there. Each sample is one multi-byte
    /// read of DATAX0…DATAZ1, at least 5 µs apart as "Retrieving Data from FIFO" requires: on SPI all of
    /// them in one message, chip select released 10 µs between reads; on I2C one read each, the driver
    /// waiting the 5 µs.
    ///
    /// Timestamps come from ``FIFOTimestamps`` with one output period between samples. The newest is
    /// dated on the output grid counted from the Measure write: the samples the driver has read so far
    /// plus this drain, when that agrees with the drain time (the FIFO_STATUS read); otherwise samples
    /// were lost (stream overflow) or the grid drifted, and the newest is dated at the last grid instant
    /// before the drain time. In FIFO mode a full FIFO stops collecting, so its newest sample is older.
    /// One case cannot be seen from the bus: in stream mode, a sample written while the FIFO is still
    /// full (before the first entry of the drain has popped) discards the oldest, and the drain's dates
    /// are one period early; the next drain is exact again. Drain at a watermark below 32 to avoid it.
    /// - Parameter readings: receives the samples, possibly none.
    /// - Throws: `DriverError`: `.bus`, `.stuck`, and what ``start(_:)`` throws.
    public func drainFIFO(into readings: inout [SensorReading]) throws(DriverError) {
        try prepare()
        let collected = try collect(into: &readings)
        if collected == 0, clock.now() >= sampleInstant(nextSampleIndex + 1), !keptConfiguration() {
            try start(settings)
        }
    }

    // MARK: - Collection

    /// Starts the chip when needed (never started, or lost its configuration after a bus error) and
    /// waits for the first sample.
    private func prepare() throws(DriverError) {
        if !started || (needsCheck && !keptConfiguration()) { try start(settings) }
        needsCheck = false
        try pause(until: firstSampleAt)
    }

    /// Reads what the chip holds, dates and converts it into `readings`, and checks for a stuck chip.
    ///
    /// The drain's samples and the stuck detector are moved into locals for the drain (and back), and
    /// the scale is read once: the driver's stored properties are accessed once per drain, not per
    /// sample (each access is a runtime exclusivity check).
    /// - Returns: how many samples it appended.
    @discardableResult
    private func collect(into readings: inout [SensorReading]) throws(DriverError) -> Int {
        var drained: [ADXL345RawSample] = []
        swap(&drained, &drainedSamples)
        var detector = StuckDetector(limit: 0)
        swap(&detector, &stuckDetector)
        defer {
            swap(&drained, &drainedSamples)
            swap(&detector, &stuckDetector)
        }
        drained.removeAll(keepingCapacity: true)
        let end = settings.fifoMode == .bypass ? try collectLatest(into: &drained) : try collectFIFO(into: &drained)
        nextSampleIndex = end
        let count = drained.count
        let period = settings.dataRate.period
        let scale = settings.metresPerSecondSquaredPerLSB
        let times = FIFOTimestamps.backDatedDates(count: count, newest: sampleInstant(end - 1), period: period)
        for index in 0..<count {
            let sample = drained[index]
            if detector.record(Int64(sample.x), Int64(sample.y), Int64(sample.z)) {
                let codes = sample.codes.map { "\($0)" }.joined(separator: " ")
                throw failure(.stuck("X Y Z codes \(codes) repeated \(detector.limit) times"))
            }
            readings.append(reading(from: sample, at: times[index], scale: scale))
        }
        return count
    }

    /// Bypass mode: the data registers, when DATA_READY says they hold a sample not read yet.
    /// - Parameter samples: receives the sample.
    /// - Returns: the grid index just past the newest.
    private func collectLatest(into samples: inout [ADXL345RawSample]) throws(DriverError) -> Int64 {
        let source = try readRegisters(ADXL345Register.interruptSource, count: 1)
        guard (source.first ?? 0) & ADXL345Register.dataReady != 0 else { return nextSampleIndex }
        samples.append(try readSample())
        return samplesWritten(by: clock.now())
    }

    /// FIFO, stream and trigger modes: FIFO_STATUS, then Entries + 1 samples (or the one DATA_READY
    /// reports).
    /// - Parameter samples: receives the samples, oldest first.
    /// - Returns: the grid index just past the newest.
    private func collectFIFO(into samples: inout [ADXL345RawSample]) throws(DriverError) -> Int64 {
        try pause(until: fifoReadyAt)
        let before = clock.now()
        let status =
            try readRegisters(ADXL345Register.fifoStatus, count: 1).first ?? 0
        let after = clock.now()
        var count = Int(status & ADXL345Register.entriesMask)
        if count > 0 {
            count += 1
        } else {
            let source = try readRegisters(ADXL345Register.interruptSource, count: 1)
            count = (source.first ?? 0) & ADXL345Register.dataReady != 0 ? 1 : 0
        }
        guard count > 0 else { return nextSampleIndex }
        if readsFIFOInOneMessage {
            try readSamplesInOneMessage(count, into: &samples)
        } else {
            for _ in 0..<count {
                try pause(until: fifoReadyAt)
                samples.append(try readSample())
            }
        }
        let expectedEnd = nextSampleIndex + Int64(count)
        let triggered = settings.fifoMode == .trigger && status & ADXL345Register.fifoTriggered != 0
        let stopped = count == ADXL345Register.fifoDepth + 1 && (settings.fifoMode == .fifo || triggered)
        let consistent =
            expectedEnd <= samplesWritten(by: after) && (stopped || expectedEnd >= samplesWritten(by: before))
        let end = consistent ? expectedEnd : samplesWritten(by: after)
        if end > expectedEnd {
            fifoOverflows += 1
            fifoLostSamples += Int(end - expectedEnd)
        }
        return end
    }

    /// `count` multi-byte reads of DATAX0…DATAZ1 in one bus message (``RegisterInterface/readRepeatedly(_:into:repeats:)``):
    /// chip select is released after each read, which pops the entry, for longer than the 5 µs the pop
    /// takes. One `SPI_IOC_MESSAGE` on a gateway instead of one per entry.
    private func readSamplesInOneMessage(_ count: Int, into samples: inout [ADXL345RawSample]) throws(DriverError) {
        try pause(until: fifoReadyAt)
        let length = ADXL345Register.dataLength
        var bytes: [UInt8] = []
        swap(&bytes, &fifoBytes)
        defer { swap(&bytes, &fifoBytes) }
        let failed = bytes.withUnsafeMutableBytes { buffer -> HALError? in
            let reads = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<(count * length)])
            do throws(HALError) {
                try registers.readRepeatedly(ADXL345Register.data, into: reads, repeats: count)
            } catch {
                return error
            }
            for entry in 0..<count {
                let read = UnsafeRawBufferPointer(rebasing: reads[(entry * length)..<((entry + 1) * length)])
                guard let sample = ADXL345RawSample.unpack(read) else {
                    return HALError(.other, device: registers.location, operation: "burst read of 0x32")
                }
                samples.append(sample)
            }
            return nil
        }
        if let failed { try bus { () throws(HALError) -> Void in throw failed } }
        fifoReadyAt = MonotonicInstant(nanoseconds: clock.now().nanoseconds &+ ADXL345Register.fifoPopNanoseconds)
    }

    /// One multi-byte read of DATAX0…DATAZ1 (one FIFO entry), then the 5 µs the FIFO needs to pop.
    private func readSample() throws(DriverError) -> ADXL345RawSample {
        let bytes = try readRegisters(ADXL345Register.data, count: ADXL345Register.dataLength)
        fifoReadyAt = MonotonicInstant(nanoseconds: clock.now().nanoseconds &+ ADXL345Register.fifoPopNanoseconds)
        guard let sample = ADXL345RawSample.unpack(bytes) else {
            throw failure(.bus(HALError(.other, device: registers.location, operation: "burst read of 0x32")))
        }
        return sample
    }

    // MARK: - Output grid and conversion

    /// When the sample with grid index `index` is written: the first sample's instant plus `index` periods.
    /// (Integer nanoseconds, as the period is exact in them: the same instants as `Duration` arithmetic.)
    func sampleInstant(_ index: Int64) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: firstSampleAt.nanoseconds &+ settings.dataRate.periodNanoseconds &* index)
    }

    /// How many samples the chip has written by `instant` since the Measure write.
    func samplesWritten(by instant: MonotonicInstant) -> Int64 {
        guard instant >= firstSampleAt else { return 0 }
        return (instant.nanoseconds &- firstSampleAt.nanoseconds) / settings.dataRate.periodNanoseconds + 1
    }

    /// Converts right-justified codes by the typical sensitivity of the settings (table 1).
    /// - Parameters:
    ///   - sample: the codes.
    ///   - time: when the chip wrote the sample.
    ///   - scale: m/s² per LSB of the settings (`ADXL345Settings.metresPerSecondSquaredPerLSB`).
    /// - Returns: the reading.
    // Inlined into the drains, which then build and append the reading (over 300 bytes, held inline)
    // in one frame: with the three inertial drivers' readings inlined, 9 313 -> 9 239 instructions
    // per sample on the simulated reference board (docs/performance.md).
    @inline(__always)
    func reading(from sample: ADXL345RawSample, at time: MonotonicInstant, scale: Double) -> SensorReading {
        var raw = RawCodes()
        raw.append(.accelX, SensorComponents(Int64(sample.x)))
        raw.append(.accelY, SensorComponents(Int64(sample.y)))
        raw.append(.accelZ, SensorComponents(Int64(sample.z)))
        let acceleration = SensorComponents(
            Double(sample.x) * scale, Double(sample.y) * scale, Double(sample.z) * scale)
        return SensorReading(timestamp: time, values: QuantityValues(.accelMps2, acceleration), raw: raw)
    }
}
