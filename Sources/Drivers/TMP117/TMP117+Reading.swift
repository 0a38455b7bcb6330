// SensorGate — Drivers: TMP117 reads in continuous and one-shot mode, and recovery.

import HAL

extension TMP117 {
    /// Reads the latest result (continuous mode) or converts once (one-shot mode).
    ///
    /// Continuous mode: the first read after ``start(_:)`` waits for the first conversion (the active
    /// conversion time) and polls Data_Ready; later reads take the latest result at once. Every read
    /// reads Configuration first: when its settings bits differ from those written, or Temp_Result
    /// holds its reset value 0x8000, the chip has been reset (a power cycle): it is started again and
    /// read once more. Data_Ready tells whether the result is new; only new results count toward the
    /// stuck check. One-shot mode writes MOD = 11, waits the active conversion time and polls
    /// Data_Ready. A one-shot chip that is power-cycled without a bus error keeps converting but holds
    /// Temp_Offset 0 until the next bus error or ``start(_:)``.
    /// - Returns: temperature in °C with the raw code `temp_result` (signed, 7.8125 m°C per LSB); the
    ///   timestamp is the clock's time after the data was read.
    /// - Throws: `DriverError`: `.bus`, `.conversionTimeout`, `.stuck`, and what ``start(_:)`` throws
    ///   when the chip has to be started again.
    public func read() throws(DriverError) -> SensorReading {
        if !started || (needsCheck && !keptConfiguration()) { try start(settings) }
        needsCheck = false
        var sample = try measure()
        if sample == nil {
            try start(settings)
            sample = try measure()
        }
        guard let sample else { throw failure(.conversionTimeout) }
        if sample.fresh, stuckDetector.record(codes: CollectionOfOne(Int64(sample.code))) {
            stuckDetector.reset()
            started = false
            throw failure(
                .stuck("Temp_Result \(Hex.word(sample.code)) unchanged in \(settings.stuckAfter) conversions"))
        }
        var reading = SensorReading(timestamp: clock.now())
        reading.values[.temperatureC] = SensorComponents(TMP117Temperature.celsius(sample.code))
        reading.raw[.tempResult] = SensorComponents(Int64(Int16(bitPattern: sample.code)))
        return reading
    }

    /// One result and whether it is new since the last read of Configuration or Temp_Result.
    private struct Sample: Equatable {
        var code: UInt16
        var fresh: Bool
    }

    /// Reads or converts one result; nil when the chip lost its configuration or holds the reset result.
    private func measure() throws(DriverError) -> Sample? {
        let active = settings.averaging.activeConversionTime
        // Data_Ready polls cover the 25 % allowance over the typical conversion time in eight steps.
        let interval = max(Self.pollInterval, active * Self.conversionMargin / 8)
        let configuration: UInt16
        switch settings.mode {
        case .oneShot:
            try writeWord(TMP117Register.configuration, settings.configurationWord(mode: 0b11))
            try pause(active)
            configuration = try pollConfiguration(attempts: 9, interval: interval) {
                $0 & TMP117Configuration.dataReady != 0
            }
        case .continuous:
            if let due = firstDataAt {
                if clock.now() < due { try bus { () throws(HALError) in try clock.sleep(until: due) } }
                configuration = try pollConfiguration(attempts: 9, interval: interval) {
                    $0 & TMP117Configuration.dataReady != 0 || !matches($0)
                }
                firstDataAt = nil
            } else {
                configuration = try readWord(TMP117Register.configuration)
            }
        }
        guard matches(configuration) else { return nil }
        let code = try readWord(TMP117Register.temperature)
        guard code != TMP117Register.resetResult else { return nil }
        return Sample(code: code, fresh: configuration & TMP117Configuration.dataReady != 0)
    }

    /// Whether Configuration holds the settings written (MOD not compared in one-shot mode, where the
    /// chip returns to shutdown after each conversion).
    private func matches(_ configuration: UInt16) -> Bool {
        let mask =
            settings.mode == .continuous
            ? TMP117Configuration.settingsMask : TMP117Configuration.settingsMask & ~TMP117Configuration.modeMask
        return configuration & mask == settings.startConfiguration & mask
    }

    /// Whether Configuration and Temp_Offset still hold what ``start(_:)`` wrote. A bus error counts as
    /// not kept.
    private func keptConfiguration() -> Bool {
        guard let configuration = try? readWord(TMP117Register.configuration), matches(configuration),
            let offset = try? readWord(TMP117Register.temperatureOffset)
        else { return false }
        return offset == settings.offsetCode
    }
}
