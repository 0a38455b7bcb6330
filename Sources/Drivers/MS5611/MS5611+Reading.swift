// SensorGate — Drivers: MS5611 conversions, ADC reads, compensation and recovery.

import HAL

extension MS5611 {
    /// Converts D1 (pressure) then D2 (temperature), and compensates them to the second order.
    ///
    /// Each conversion is started with its convert command, waited for the datasheet's maximum
    /// conversion time, and read with the ADC read command. An ADC value of 0 means the conversion had
    /// not finished (the datasheet: a read during a conversion gives 0 and spoils that conversion's
    /// result): the conversion is started again, up to three times. A chip that was never started, or
    /// lost its PROM to a bus error, is started first.
    /// - Returns: pressure in Pa and temperature in °C, with raw codes `d1` and `d2`; the timestamp
    ///   is the clock's time after the data was read.
    /// - Throws: `DriverError`: `.bus`, `.conversionTimeout` when every ADC read gives 0, `.stuck`,
    ///   and what ``start(_:)`` throws when the chip has to be started again.
    public func read() throws(DriverError) -> SensorReading {
        if calibration == nil || needsCheck { try start(settings) }
        guard let calibration else { throw failure(.invalidCalibration("no PROM read")) }
        let d1 = try convert(settings.convertPressureCommand, settings.pressureOversampling)
        let d2 = try convert(settings.convertTemperatureCommand, settings.temperatureOversampling)
        if stuckDetector.record(codes: InlineCodes(Int64(d1), Int64(d2))) {
            stuckDetector.reset()
            needsCheck = true
            throw failure(.stuck("D1 \(d1) and D2 \(d2) unchanged in \(settings.stuckAfter) readings"))
        }
        let result = calibration.compensate(d1: d1, d2: d2)
        var reading = SensorReading(timestamp: clock.now())
        reading.values[.pressurePa] = SensorComponents(Double(result.pressure))
        reading.values[.temperatureC] = SensorComponents(Double(result.temperature) / 100)
        reading.raw[.d1] = SensorComponents(Int64(d1))
        reading.raw[.d2] = SensorComponents(Int64(d2))
        return reading
    }

    /// One conversion: command, maximum conversion time, ADC read; again while the ADC reads 0.
    private func convert(_ command: UInt8, _ oversampling: MS5611Oversampling) throws(DriverError) -> Int32 {
        for _ in 0..<Self.conversionAttempts {
            try bus { () throws(HALError) in try transport.send(command) }
            try pause(oversampling.maximumConversionTime)
            // The 24-bit ADC value into inline storage: nothing allocated per conversion.
            var bytes = RegisterBytes()
            try bus { () throws(HALError) in
                try bytes.withUnsafeMutableBytes(count: 3) { (buffer) throws(HALError) in
                    try transport.read(MS5611Command.adcRead, into: buffer)
                }
            }
            let code = Int32(bytes[0]) << 16 | Int32(bytes[1]) << 8 | Int32(bytes[2])
            if code != 0 { return code }
        }
        needsCheck = true
        throw failure(.conversionTimeout)
    }
}
