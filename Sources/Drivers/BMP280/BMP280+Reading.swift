// SensorGate — Drivers: BMP280/BME280 measurement, burst read, compensation and recovery.

import HAL

extension BMP280 {
    /// Measures (in forced mode) or takes the latest measurement (in normal mode) and compensates it.
    ///
    /// Forced mode writes ctrl_meas to start a conversion, waits the maximum measurement time and
    /// polls status.measuring. Normal mode waits only for the first conversion after ``start(_:)``.
    /// The data block 0xF7… is read in one burst. Skipped channels keep the raw code 0x80000 (0x8000
    /// for humidity) in `raw` and have no value; pressure and humidity need temperature (t_fine), so
    /// they have no value either when temperature is skipped. When every measured channel holds its
    /// reset value, the chip has not measured since a reset: the driver checks ctrl_meas and, when
    /// the chip lost its configuration, starts it again and measures once more.
    /// - Returns: pressure in Pa, temperature in °C and (BME280) humidity in %RH, with raw codes
    ///   `adc_p`, `adc_t` (and `adc_h`); the timestamp is the clock's time after the data was read.
    /// - Throws: `DriverError`: `.bus`, `.conversionTimeout`, and what ``start(_:)`` throws when the
    ///   chip has to be started again.
    public func read() throws(DriverError) -> SensorReading {
        if calibration == nil || (needsCheck && !keptConfiguration()) { try start(settings) }
        needsCheck = false
        var sample = try measure()
        if isResetPattern(sample) {
            guard !keptConfiguration() else { throw failure(.conversionTimeout) }
            try start(settings)
            sample = try measure()
            if isResetPattern(sample) { throw failure(.conversionTimeout) }
        }
        return reading(from: sample)
    }

    // MARK: - Measurement

    private func measure() throws(DriverError) -> BMP280RawSample {
        switch settings.mode {
        case .forced:
            let command = settings.controlMeasurementByte
            try bus { () throws(HALError) in try registers.write(BMP280Register.controlMeasurement, [command]) }
            try pause(settings.maximumMeasurementTime(for: variant))
            try pollStatus(until: BMP280Register.statusMeasuring)
        case .normal:
            if clock.now() < firstDataAt { try bus { () throws(HALError) in try clock.sleep(until: firstDataAt) } }
        case .sleep:
            break
        }
        let count = variant.dataLength
        let block = try readRegisters(BMP280Register.data, count: count)
        guard block.count == count, let sample = BMP280RawSample.unpack(block) else {
            throw failure(.bus(HALError(.other, device: registers.location, operation: "burst read of 0xf7")))
        }
        return sample
    }

    /// Whether every channel the settings measure holds its reset value (no conversion since reset).
    private func isResetPattern(_ sample: BMP280RawSample) -> Bool {
        var measured = 0
        var atReset = 0
        func channel(_ isReset: Bool) {
            measured += 1
            if isReset { atReset += 1 }
        }
        if settings.temperatureOversampling != .skipped {
            channel(sample.temperature == BMP280Register.skipped20Bit)
        }
        if settings.pressureOversampling != .skipped {
            channel(sample.pressure == BMP280Register.skipped20Bit)
        }
        if variant.hasHumidity, settings.humidityOversampling != .skipped {
            channel(sample.humidity == BMP280Register.skipped16Bit)
        }
        return measured > 0 && atReset == measured
    }

    /// Whether ctrl_meas still holds what ``start(_:)`` wrote (the mode bits only in normal mode,
    /// since a forced conversion returns the chip to sleep). A bus error counts as not kept.
    private func keptConfiguration() -> Bool {
        guard let value = try? registers.read(BMP280Register.controlMeasurement, count: 1).first else { return false }
        let expected = settings.controlMeasurementByte
        return settings.mode == .normal ? value == expected : value & 0xFC == expected & 0xFC
    }

    // MARK: - Compensation

    private func reading(from sample: BMP280RawSample) -> SensorReading {
        var reading = SensorReading(timestamp: clock.now())
        reading.raw[.adcP] = SensorComponents(Int64(sample.pressure))
        reading.raw[.adcT] = SensorComponents(Int64(sample.temperature))
        if let humidity = sample.humidity { reading.raw[.adcH] = SensorComponents(Int64(humidity)) }
        if let calibration, settings.temperatureOversampling != .skipped {
            let (centidegrees, tFine) = calibration.compensateTemperature(adcT: sample.temperature)
            reading.values[.temperatureC] = SensorComponents(Double(centidegrees) / 100)
            if settings.pressureOversampling != .skipped {
                let q248 = calibration.compensatePressure(adcP: sample.pressure, tFine: tFine)
                reading.values[.pressurePa] = SensorComponents(Double(q248) / 256)
            }
            if let humidity = sample.humidity, settings.humidityOversampling != .skipped {
                let q2210 = calibration.compensateHumidity(adcH: humidity, tFine: tFine)
                reading.values[.humidityRH] = SensorComponents(Double(q2210) / 1024)
            }
        }
        return reading
    }
}
