// SensorGate — Drivers: LSM6DSO output-register reads, conversion to SI units, recovery and stuck detection.

import HAL

extension LSM6DSO {
    /// Reads the latest sample from the output registers.
    ///
    /// STATUS_REG and OUT_TEMP_L…OUTZ_H_A (0x1E…0x2D, 0x1F reserved) are read in one burst. A block
    /// with no data-ready flag and every code 0 is what the chip shows after a reset: the driver checks
    /// CTRL1_XL…CTRL3_C and, when the chip lost its configuration, starts it again and reads once more.
    /// Fresh samples (XLDA and GDA set) feed the stuck check.
    /// - Returns: `accel_mps2`, `gyro_radps` and `temperature_c` with raw codes `accel`, `gyro` and
    ///   `temperature`; the timestamp is the clock's time after the burst.
    /// - Throws: `DriverError`: `.bus`, `.stuck`, `.conversionTimeout` when the chip keeps its
    ///   configuration but never produced a sample, and what ``start(_:)`` throws.
    public func read() throws(DriverError) -> SensorReading {
        try ensureStarted()
        var (status, sample) = try readOutputBlock()
        if status & 0x07 == 0 && sample == .zero {
            guard !keptConfiguration() else { throw failure(.conversionTimeout) }
            try start(settings)
            (status, sample) = try readOutputBlock()
            if status & 0x07 == 0 && sample == .zero { throw failure(.conversionTimeout) }
        }
        let fresh = LSM6DSORegister.accelDataAvailable | LSM6DSORegister.gyroDataAvailable
        if status & fresh == fresh, stuck.record(codes: sample.codes) {
            throw failure(.stuck("accelerometer, gyroscope and temperature codes unchanged for \(stuck.limit) samples"))
        }
        return reading(accel: sample.accel, gyro: sample.gyro, temperature: sample.temperature, at: clock.now())
    }

    /// Waits for the first sample after ``start(_:)``, then burst-reads 0x1E…0x2D.
    private func readOutputBlock() throws(DriverError) -> (UInt8, LSM6DSORawSample) {
        if clock.now() < firstDataAt { try bus { () throws(HALError) in try clock.sleep(until: firstDataAt) } }
        let block = try readRegisters(LSM6DSORegister.status, count: 16)
        guard block.count == 16, let sample = LSM6DSORawSample.unpack(block.dropFirst(2)) else {
            throw failure(.bus(HALError(.other, device: registers.location, operation: "burst read of 0x1e")))
        }
        return (block[0], sample)
    }

    // MARK: - Conversion

    /// Converts codes to SI units with the sensitivities of the current settings (DS12140 table 2):
    /// a = code × LA_So mg × 9.80665 m/s² per g; ω = code × G_So mdps × π/180; temperature
    /// 25 °C + code / 256 (table 4: 256 LSB/°C, 0 LSB at 25 °C).
    /// - Parameters:
    ///   - accel: accelerometer codes x y z, or nil.
    ///   - gyro: gyroscope codes x y z, or nil.
    ///   - temperature: the temperature code, or nil.
    ///   - timestamp: when the sample was taken.
    /// - Returns: the reading.
    // Inlined into the drains, which then build and append the reading (over 300 bytes, held inline)
    // in one frame: with the three inertial drivers' readings inlined, 9 313 -> 9 239 instructions
    // per sample on the simulated reference board (docs/performance.md).
    @inline(__always)
    func reading(
        accel: SensorComponents<Int16>?, gyro: SensorComponents<Int16>?, temperature: Int16?,
        at timestamp: MonotonicInstant
    )
        -> SensorReading
    {
        var values = QuantityValues()
        var raw = RawCodes()
        if let accel {
            let milliG = settings.accelRange.milliGPerLSB
            values[.accelMps2] = SensorComponents(accel) {
                InertialUnits.metresPerSecondSquared(milliG: Double($0) * milliG)
            }
            raw.append(.accel, SensorComponents(accel) { Int64($0) })
        }
        if let gyro {
            let milliDps = settings.gyroRange.milliDpsPerLSB
            values[.gyroRadps] = SensorComponents(gyro) {
                InertialUnits.radiansPerSecond(degreesPerSecond: Double($0) * milliDps / 1000)
            }
            raw.append(.gyro, SensorComponents(gyro) { Int64($0) })
        }
        if let temperature {
            values[.temperatureC] = SensorComponents(Self.temperatureC(code: temperature))
            raw.append(.temperature, SensorComponents(Int64(temperature)))
        }
        return SensorReading(timestamp: timestamp, values: values, raw: raw)
    }

    /// The temperature of an OUT_TEMP code: 25 °C + code / 256 (DS12140 table 4).
    /// - Parameter code: the code.
    /// - Returns: degrees Celsius.
    public static func temperatureC(code: Int16) -> Double { 25 + Double(code) / 256 }
}
