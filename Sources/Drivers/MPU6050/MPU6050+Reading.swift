// SensorGate — Drivers: MPU-6050 sensor-register reads, conversion to SI units, recovery and stuck detection.

import HAL

extension MPU6050 {
    /// Reads the latest sample from the sensor registers.
    ///
    /// INT_STATUS and ACCEL_XOUT_H…GYRO_ZOUT_L (0x3A…0x48) are read in one burst; reading INT_STATUS
    /// clears it and releases the latched INT pin. A block without DATA_RDY_INT whose codes are all 0 is
    /// what the chip shows after a reset or power cycle: the driver checks its configuration and, when it
    /// was lost, starts the chip again and reads once more. Fresh samples (DATA_RDY_INT) feed the stuck
    /// check.
    /// - Returns: `accel_mps2`, `gyro_radps` and `temperature_c` with raw codes `accel`, `gyro` and
    ///   `temperature`; the timestamp is the clock's time after the burst.
    /// - Throws: `DriverError`: `.bus`, `.stuck`, `.conversionTimeout` when the chip keeps its
    ///   configuration but never produced a sample, and what ``start(_:)`` throws.
    public func read() throws(DriverError) -> SensorReading {
        try ensureStarted()
        var (status, sample) = try readSensorBlock()
        if status & MPU6050Register.dataReady == 0 && sample == .zero {
            guard !keptConfiguration() else { throw failure(.conversionTimeout) }
            try start(settings)
            (status, sample) = try readSensorBlock()
            if status & MPU6050Register.dataReady == 0 && sample == .zero { throw failure(.conversionTimeout) }
        }
        if status & MPU6050Register.fifoOverflow != 0 { overflowSeen = true }
        if status & MPU6050Register.dataReady != 0, stuck.record(codes: sample.codes) {
            throw failure(.stuck("accelerometer, temperature and gyroscope codes unchanged for \(stuck.limit) samples"))
        }
        return reading(sample, temperature: true, at: clock.now())
    }

    /// Waits for the first sample after ``start(_:)``, then burst-reads 0x3A…0x48.
    private func readSensorBlock() throws(DriverError) -> (UInt8, MPU6050RawSample) {
        if clock.now() < firstDataAt { try bus { () throws(HALError) in try clock.sleep(until: firstDataAt) } }
        let block = try readRegisters(MPU6050Register.intStatus, count: 15)
        guard block.count == 15, let sample = MPU6050RawSample.unpack(block.dropFirst()) else {
            throw failure(.bus(HALError(.other, device: registers.location, operation: "burst read of 0x3a")))
        }
        return (block[0], sample)
    }

    // MARK: - Conversion

    /// Converts codes to SI units with the scale factors of the current settings (product specification
    /// §6.1–6.2): a = code / (LSB/g) × 9.80665 m/s²; ω = code / (LSB/(°/s)) × π/180; temperature
    /// code / 340 + 36.53 °C (register map, registers 65–66).
    /// - Parameters:
    ///   - sample: the codes.
    ///   - temperature: whether to include the temperature.
    ///   - timestamp: when the sample was taken.
    /// - Returns: the reading.
    // Inlined into the drains, which then build and append the reading (over 300 bytes, held inline)
    // in one frame: with the three inertial drivers' readings inlined, 9 313 -> 9 239 instructions
    // per sample on the simulated reference board (docs/performance.md).
    @inline(__always)
    func reading(_ sample: MPU6050RawSample, temperature: Bool, at timestamp: MonotonicInstant) -> SensorReading {
        let perG = settings.accelRange.lsbPerG
        let perDps = settings.gyroRange.lsbPerDps
        var values = QuantityValues()
        values[.accelMps2] = SensorComponents(sample.accel) { Double($0) / perG * InertialUnits.standardGravity }
        values[.gyroRadps] = SensorComponents(sample.gyro) {
            InertialUnits.radiansPerSecond(degreesPerSecond: Double($0) / perDps)
        }
        var raw = RawCodes()
        raw.append(.accel, SensorComponents(sample.accel) { Int64($0) })
        raw.append(.gyro, SensorComponents(sample.gyro) { Int64($0) })
        if temperature {
            values[.temperatureC] = SensorComponents(Self.temperatureC(code: sample.temperature))
            raw.append(.temperature, SensorComponents(Int64(sample.temperature)))
        }
        return SensorReading(timestamp: timestamp, values: values, raw: raw)
    }

    /// The temperature of a TEMP_OUT code: code / 340 + 36.53 °C (register map, registers 65–66).
    /// - Parameter code: the code.
    /// - Returns: degrees Celsius.
    public static func temperatureC(code: Int16) -> Double { Double(code) / 340 + 36.53 }
}
