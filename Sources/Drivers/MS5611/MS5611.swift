// SensorGate — Drivers: the MS5611 driver: reset, PROM and its CRC-4.

import HAL

/// A driver for the TE (MEAS) MS5611-01BA barometric pressure sensor, on I2C or SPI.
///
/// ```swift
/// let sensor = MS5611(transport: MS5611I2CTransport(bus: bus, address: I2CAddress(0x77)), clock: clock)
/// try sensor.start()            // reset, PROM, CRC-4
/// let reading = try sensor.read()
/// ```
///
/// The chip has no ID register: ``start(_:)`` sends the reset command, waits the 2.8 ms PROM reload,
/// reads the eight PROM words and checks their CRC-4 (AN520), which is how an MS5611 is recognised.
/// ``read()`` converts D1 then D2 with the settings' oversampling ratios, waits the datasheet's maximum
/// conversion time for each, reads the ADC, and compensates to the second order. The chip keeps no
/// configuration, so after a bus error (a power cycle would need the reset command to reload its PROM)
/// the next ``read()`` starts it again. A driver belongs to one isolation domain (it is not `Sendable`).
public final class MS5611 {
    /// The command access, I2C or SPI.
    public let transport: any MS5611Transport
    /// The clock waits and timestamps come from.
    public let clock: any MonotonicClock
    /// The settings of the last ``start(_:)``, or those given at creation before one.
    public private(set) var settings: MS5611Settings
    /// The PROM read by the last successful ``start(_:)``, or nil before one.
    public private(set) var calibration: MS5611Calibration?

    /// Set by a bus error or a failed conversion: the next ``read()`` starts the chip again.
    var needsCheck = false
    /// Watches D1 and D2 for a chip that stopped converting.
    var stuckDetector: StuckDetector

    /// The part name.
    static let part = "MS5611"
    /// The PROM reload time after the reset command (datasheet, "Reset sequence"): 2.8 ms.
    public static let resetTime = Duration.microseconds(2800)
    /// How many times a conversion is started when the ADC reads 0 (conversion not finished).
    static let conversionAttempts = 3

    /// Creates a driver; nothing is sent until ``start(_:)``.
    /// - Parameters:
    ///   - transport: the chip's command access (``MS5611I2CTransport`` or ``MS5611SPITransport``).
    ///   - clock: the clock for the datasheet's waits and the readings' timestamps.
    ///   - settings: the settings ``bringUp()`` starts the chip with. Default: OSR 4096 for both.
    public init(transport: any MS5611Transport, clock: any MonotonicClock, settings: MS5611Settings = .default) {
        self.transport = transport
        self.clock = clock
        self.settings = settings
        self.stuckDetector = StuckDetector(limit: settings.stuckAfter)
    }

    /// Resets the chip, reads its PROM and checks the CRC-4.
    /// - Parameter settings: how to measure. Default: OSR 4096 for both conversions.
    /// - Throws: `DriverError`: `.bus`; `.wrongChipID` when the PROM reads blank (every word 0x0000
    ///   or 0xFFFF: nothing there, or not an MS5611); `.checksumMismatch` when the CRC-4 differs;
    ///   `.invalidCalibration` when C1 or C5 is 0.
    public func start(_ settings: MS5611Settings = .default) throws(DriverError) {
        calibration = nil
        try bus { () throws(HALError) in try transport.send(MS5611Command.reset) }
        try pause(Self.resetTime)
        let prom = try readPROM()
        if prom.isBlank {
            throw failure(
                .wrongChipID(
                    expected: "a PROM with a valid CRC-4", found: "every PROM word \(Hex.word(prom.words[0]))"))
        }
        guard prom.storedCRC == prom.computedCRC else {
            throw failure(
                .checksumMismatch(
                    what: "PROM: stored CRC-4 \(Hex.byte(prom.storedCRC)), computed \(Hex.byte(prom.computedCRC))"))
        }
        if let problem = prom.problem { throw failure(.invalidCalibration(problem)) }
        self.settings = settings
        stuckDetector = StuckDetector(limit: settings.stuckAfter)
        calibration = prom
        needsCheck = false
    }

    // MARK: - Helpers

    /// Reads PROM words 0–7, one command each (0xA0, 0xA2, … 0xAE).
    private func readPROM() throws(DriverError) -> MS5611Calibration {
        var words: [UInt16] = []
        for index in 0..<8 {
            let command = MS5611Command.promRead + UInt8(index * 2)
            let bytes = try bus { () throws(HALError) in try transport.read(command, count: 2) }
            guard bytes.count == 2 else {
                throw failure(.bus(HALError(.other, device: transport.location, operation: "PROM read")))
            }
            words.append(UInt16(bytes[0]) << 8 | UInt16(bytes[1]))
        }
        return MS5611Calibration(words: words)
    }

}

extension MS5611: DriverIO {}
