// SensorGate — Drivers: the BMP280/BME280 driver: identification, reset, trimming and configuration.

import HAL

/// A driver for the Bosch BMP280 (pressure, temperature) and BME280 (and humidity), on I2C or SPI.
///
/// ```swift
/// let sensor = BMP280(registers: I2CRegisters(bus: bus, address: I2CAddress(0x76)), clock: clock)
/// try sensor.start()            // indoor-navigation settings
/// let reading = try sensor.read()
/// ```
///
/// ``start(_:)`` checks the chip ID, soft-resets the chip, waits for the trimming data to be copied,
/// reads and checks it, and writes ctrl_hum, config and ctrl_meas. ``read()`` burst-reads the data
/// registers in one transaction, as the datasheet requires for consistent data (BMP280 §3.9), and
/// compensates them with Bosch's integer formulas. After a bus error the next call checks whether the
/// chip lost its configuration (ctrl_meas reads back other than written, as after a power cycle) and
/// starts it again if so. A driver belongs to one isolation domain (it is not `Sendable`).
public final class BMP280 {
    /// Which chip this driver expects.
    public let variant: BMP280Variant
    /// The register access, I2C or SPI.
    public let registers: any RegisterInterface
    /// The clock waits and timestamps come from.
    public let clock: any MonotonicClock
    /// The settings of the last ``start(_:)``, or those given at creation before one.
    public private(set) var settings: BMP280Settings = .default
    /// The trimming parameters read by the last successful ``start(_:)``, or nil before one.
    public private(set) var calibration: BMP280Calibration?
    /// The chip ID read by the last ``start(_:)``.
    public private(set) var chipID: UInt8?

    /// When the first normal-mode measurement after ``start(_:)`` is complete.
    var firstDataAt: MonotonicInstant = .zero
    /// Set by a bus error: the next ``read()`` checks that the chip kept its configuration.
    var needsCheck = false

    /// The start-up time after power-on or soft reset, t_startup (BMP280 table 2, BME280 table 1): 2 ms.
    static let startupTime = Duration.milliseconds(2)
    /// The interval between polls of the status register.
    static let pollInterval = Duration.milliseconds(1)
    /// How many times the status register is polled before giving up.
    static let pollAttempts = 5

    /// Creates a driver; nothing is sent until ``start(_:)``.
    /// - Parameters:
    ///   - registers: the chip's registers (``I2CRegisters`` at 0x76 or 0x77, or ``SPIRegisters``).
    ///   - clock: the clock for the datasheet's waits and the readings' timestamps.
    ///   - variant: the chip expected. Default: BMP280.
    ///   - settings: the settings ``bringUp()`` starts the chip with. Default: indoor navigation.
    public init(
        registers: any RegisterInterface, clock: any MonotonicClock, variant: BMP280Variant = .bmp280,
        settings: BMP280Settings = .default
    ) {
        self.registers = registers
        self.clock = clock
        self.variant = variant
        self.settings = settings
    }

    /// Identifies, resets, reads the trimming parameters of and configures the chip.
    /// - Parameter settings: how to measure. Default: Bosch's indoor-navigation settings.
    /// - Throws: `DriverError`: `.invalidSetting` for a standby time the chip lacks, `.wrongChipID`,
    ///   `.conversionTimeout` when the NVM copy does not finish, `.invalidCalibration`, `.bus`.
    public func start(_ settings: BMP280Settings = .default) throws(DriverError) {
        guard let config = settings.configByte(for: variant) else {
            let table = variant.standbyTableMilliseconds.map { "\($0)" }.joined(separator: ", ")
            throw failure(
                .invalidSetting("standby \(settings.standbyMilliseconds) ms is not one of \(table) ms"))
        }
        calibration = nil
        let id = try bus { () throws(HALError) in try registers.read(BMP280Register.id, count: 1) }.first ?? 0
        chipID = id
        guard variant.chipIDs.contains(id) else {
            throw failure(.wrongChipID(expected: Hex.byte(variant.chipIDs[0]), found: Hex.byte(id)))
        }
        try bus { () throws(HALError) in try registers.write(BMP280Register.reset, [BMP280Register.resetCommand]) }
        try pause(Self.startupTime)
        try pollStatus(until: BMP280Register.statusImageUpdate)
        let trims = try readCalibration()
        if let problem = trims.problem { throw failure(.invalidCalibration(problem)) }
        if variant.hasHumidity {
            try bus { () throws(HALError) in
                try registers.write(BMP280Register.controlHumidity, [settings.controlHumidityByte])
            }
        }
        try bus { () throws(HALError) in try registers.write(BMP280Register.config, [config]) }
        try bus { () throws(HALError) in
            try registers.write(BMP280Register.controlMeasurement, [settings.controlMeasurementByte])
        }
        self.settings = settings
        calibration = trims
        needsCheck = false
        firstDataAt = clock.now() + settings.maximumMeasurementTime(for: variant)
    }

    // MARK: - Helpers

    /// Reads 0x88…0xA1 and, on the BME280, 0xE1…0xE7.
    private func readCalibration() throws(DriverError) -> BMP280Calibration {
        let block = try bus { () throws(HALError) in
            try registers.read(BMP280Register.calibration, count: BMP280Register.calibrationLength)
        }
        var humidity: [UInt8]?
        if variant.hasHumidity {
            humidity = try bus { () throws(HALError) in
                try registers.read(BMP280Register.humidityCalibration, count: BMP280Register.humidityCalibrationLength)
            }
        }
        guard let trims = BMP280Calibration.decode(block, humidity: humidity) else {
            throw failure(.invalidCalibration("short trimming block of \(block.count) bytes"))
        }
        return trims
    }

    /// Polls the status register until `bits` are clear, ``pollAttempts`` times ``pollInterval`` apart.
    func pollStatus(until bits: UInt8) throws(DriverError) {
        for attempt in 0..<Self.pollAttempts {
            let status = try bus { () throws(HALError) in try registers.read(BMP280Register.status, count: 1) }
            if (status.first ?? 0xFF) & bits == 0 { return }
            if attempt < Self.pollAttempts - 1 { try pause(Self.pollInterval) }
        }
        throw failure(.conversionTimeout)
    }

}

extension BMP280: RegisterDriverIO {}
