// SensorGate — Drivers: SHT3x measurement in each mode, CRC checks, stuck detection and recovery.

import HAL

extension SHT3x {
    /// Measures (single shot) or fetches the latest result (periodic) and converts it.
    ///
    /// Single shot without clock stretching sends the command, waits the maximum measurement time
    /// and reads; a read header the chip does not acknowledge (still measuring) is retried. With
    /// clock stretching the driver waits the 1 ms the datasheet asks between command and read
    /// header, and the chip holds SCL until the result is ready. Periodic mode waits for the next
    /// result, sends Fetch Data and reads; no data yet is a NACK of the read header, retried one
    /// measurement time later.
    /// - Returns: temperature in °C and humidity in %RH, with raw codes `s_t` and `s_rh`; the
    ///   timestamp is the clock's time after the data was read.
    /// - Throws: `DriverError`: `.bus` (a NACK that outlasts the retries carries
    ///   `.noAcknowledge(.address)`), `.checksumMismatch` naming the word, `.stuck`, and what
    ///   ``start(_:)`` throws when the chip has to be started again.
    public func read() throws(DriverError) -> SensorReading {
        if !started || (needsCheck && !keptConfiguration()) { try start(settings) }
        needsCheck = false
        let sample = try measure()
        if stuckDetector.record(codes: InlineCodes(Int64(sample.temperature), Int64(sample.humidity))) {
            let codes = "S_T \(Hex.word(sample.temperature)), S_RH \(Hex.word(sample.humidity))"
            throw failure(.stuck("\(codes) unchanged for \(stuckDetector.limit) readings"))
        }
        var reading = SensorReading(timestamp: clock.now())
        reading.values[.temperatureC] = SensorComponents(SHT3xConversion.temperatureC(sample.temperature))
        reading.values[.humidityRH] = SensorComponents(SHT3xConversion.humidityRH(sample.humidity))
        reading.raw[.sT] = SensorComponents(Int64(sample.temperature))
        reading.raw[.sRH] = SensorComponents(Int64(sample.humidity))
        return reading
    }

    // MARK: - Measurement

    private func measure() throws(DriverError) -> SHT3xRawSample {
        // The six bytes (two words, each with its CRC) in inline storage: nothing allocated per reading.
        var bytes = RegisterBytes()
        switch settings.mode {
        case .singleShot:
            try send(settings.measurementCommand)
            try pause(settings.repeatability.maximumMeasurementTime)
            try readResult(into: &bytes, count: 6)
        case .singleShotStretch:
            try send(settings.measurementCommand)
            try pause(Self.commandToReadTime)
            try readResult(into: &bytes, count: 6)
        case .periodic:
            if clock.now() < nextPeriodicResult {
                try bus { () throws(HALError) in try clock.sleep(until: nextPeriodicResult) }
            }
            try send(.fetchData)
            try readFetched(into: &bytes)
            nextPeriodicResult = clock.now() + settings.rate.period
        }
        guard let temperature = SHT3xWords.word(0, in: bytes) else {
            throw failure(.checksumMismatch(what: "temperature word"))
        }
        guard let humidity = SHT3xWords.word(1, in: bytes) else {
            throw failure(.checksumMismatch(what: "humidity word"))
        }
        return SHT3xRawSample(temperature: temperature, humidity: humidity)
    }

    /// Reads a fetched periodic result; no data yet is a NACK, so fetch again a measurement later.
    private func readFetched(into bytes: inout RegisterBytes) throws(DriverError) {
        var attempt = 1
        while true {
            do {
                return try bytes.withUnsafeMutableBytes(count: 6) { (buffer) throws(HALError) in
                    try bus.read(address, into: buffer)
                }
            } catch  where error.kind == .noAcknowledge(.address) && attempt < Self.readAttempts {
                attempt += 1
                try pause(settings.repeatability.maximumMeasurementTime)
                try send(.fetchData)
            } catch {
                needsCheck = true
                throw failure(.bus(error))
            }
        }
    }

    // MARK: - Recovery

    /// Whether the chip still runs as ``start(_:)`` left it: the status word checks, bit 4 (reset
    /// detected since the status was cleared) is 0 and bit 13 (heater) matches the settings. A bus
    /// error or a bad CRC counts as not kept.
    private func keptConfiguration() -> Bool {
        do {
            try bus.write(address, SHT3xCommand.readStatus.bytes)
            let bytes = try bus.read(address, count: 3)
            guard case .success(let words) = SHT3xWords.decode(bytes), let status = words.first else { return false }
            let heaterOn = status & SHT3xStatus.heater != 0
            return status & SHT3xStatus.resetDetected == 0 && heaterOn == settings.heater
        } catch {
            return false
        }
    }
}

/// The bits of the SHT3x status register (§4.11).
public enum SHT3xStatus {
    /// Bit 15: at least one pending alert (set after reset).
    public static let alertPending: UInt16 = 1 << 15
    /// Bit 13: the heater is on.
    public static let heater: UInt16 = 1 << 13
    /// Bit 11: humidity tracking alert.
    public static let humidityAlert: UInt16 = 1 << 11
    /// Bit 10: temperature tracking alert.
    public static let temperatureAlert: UInt16 = 1 << 10
    /// Bit 4: a reset (power-on, soft reset, supply fail) since the last Clear Status.
    public static let resetDetected: UInt16 = 1 << 4
    /// Bit 1: the last command was not processed (invalid, or its checksum failed).
    public static let commandFailed: UInt16 = 1 << 1
    /// Bit 0: the checksum of the last write transfer failed.
    public static let writeChecksumFailed: UInt16 = 1 << 0
    /// The value after power-on or soft reset: alert pending and reset detected, 0x8010.
    public static let afterReset: UInt16 = alertPending | resetDetected
}
