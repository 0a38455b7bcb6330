// SensorGate — Drivers: LIS3MDL measurement, burst reads, conversion, stuck detection and recovery.

import HAL

extension LIS3MDL {
    /// Takes the latest sample (continuous) or triggers and waits for one (single) and converts it.
    ///
    /// STATUS_REG and OUT_X_L…OUT_Z_H are read in one auto-incremented burst of 7 from 0x27, so the
    /// status describes the data read with it; TEMP_OUT is read in a second burst of 2 from 0x2E
    /// (bursts that run past OUT_Z_H wrap back to OUT_X_L on the chip). In continuous mode a status
    /// without ZYXDA means no new set since the last read: the driver checks that the chip kept its
    /// configuration (a chip reset by a power cycle sits in power-down), waits one output period and
    /// reads again.
    /// - Returns: the flux density in µT `[x, y, z]` and, with the temperature sensor on, the
    ///   temperature in °C; raw codes `mag` `[x, y, z]` and `temp`. The timestamp is the clock's time
    ///   after the data was read.
    /// - Throws: `DriverError`: `.bus`, `.conversionTimeout` when no new data comes, `.stuck`, and
    ///   what ``start(_:)`` throws when the chip has to be started again.
    public func read() throws(DriverError) -> SensorReading {
        if !started || (needsCheck && !keptConfiguration()) { try start(settings) }
        needsCheck = false
        let sample = try measure()
        var codes = InlineCodes(sample.magnetic)
        if settings.temperatureEnabled { codes.append(Int64(sample.temperature)) }
        if stuckDetector.record(codes: codes) {
            let list = codes.map(String.init).joined(separator: ", ")
            throw failure(.stuck("codes [\(list)] unchanged for \(stuckDetector.limit) readings"))
        }
        let scale = settings.fullScale
        var reading = SensorReading(timestamp: clock.now())
        reading.values[.magUT] = SensorComponents(sample.magnetic) { LIS3MDLConversion.microtesla($0, scale) }
        reading.raw[.mag] = SensorComponents(sample.magnetic) { Int64($0) }
        if settings.temperatureEnabled {
            reading.values[.temperatureC] = SensorComponents(LIS3MDLConversion.temperatureC(sample.temperature))
            reading.raw[.temp] = SensorComponents(Int64(sample.temperature))
        }
        return reading
    }

    // MARK: - Measurement

    private func measure() throws(DriverError) -> LIS3MDLRawSample {
        switch settings.conversion {
        case .continuous:
            if clock.now() < firstDataAt { try bus { () throws(HALError) in try clock.sleep(until: firstDataAt) } }
            for attempt in 0..<3 {
                if let sample = try takeNewSample() { return sample }
                if attempt == 0, !keptConfiguration() {
                    try start(settings)
                    try bus { () throws(HALError) in try clock.sleep(until: firstDataAt) }
                } else if attempt < 2 {
                    try pause(Self.period(settings))
                }
            }
            throw failure(.conversionTimeout)
        case .single:
            var control3 = settings.controlBytes[2]
            control3 = control3 & 0xFC | 0x01
            try bus { () throws(HALError) in try registers.write(LIS3MDLRegister.control3, [control3]) }
            try pause(settings.conversionTime)
            for attempt in 0..<Self.pollAttempts {
                if let sample = try takeNewSample() { return sample }
                if attempt < Self.pollAttempts - 1 { try pause(Self.pollInterval) }
            }
            throw failure(.conversionTimeout)
        }
    }

    /// Reads status and data; nil when ZYXDA says the set is not new.
    private func takeNewSample() throws(DriverError) -> LIS3MDLRawSample? {
        let block = try readBlock(LIS3MDLRegister.status, count: 7)
        guard block[0] & LIS3MDLRegister.zyxDataAvailable != 0,
            let magnetic = LIS3MDLRawSample.magnetic(fromLittleEndian: block[1...])
        else { return nil }
        var temperature: Int16 = 0
        if settings.temperatureEnabled {
            let bytes = try readBlock(LIS3MDLRegister.temperature, count: 2)
            temperature = Int16(bitPattern: UInt16(bytes[1]) << 8 | UInt16(bytes[0]))
        }
        return LIS3MDLRawSample(magnetic: magnetic, temperature: temperature)
    }

    // MARK: - Recovery

    /// Whether CTRL_REG1…5 still hold what ``start(_:)`` wrote (in single mode MD may read 01 or 11,
    /// so CTRL_REG3's mode bits are not compared). A bus error counts as not kept.
    private func keptConfiguration() -> Bool {
        guard
            let now = try? registers.read(LIS3MDLRegister.control1 | LIS3MDLRegister.autoIncrement, count: 5),
            now.count == 5
        else { return false }
        var expected = settings.controlBytes
        var actual = now
        if settings.conversion == .single {
            expected[2] &= 0xFC
            actual[2] &= 0xFC
        }
        return actual == expected
    }
}
