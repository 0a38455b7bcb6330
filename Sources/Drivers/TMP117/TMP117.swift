// SensorGate — Drivers: the TMP117 driver: identification, soft reset and configuration.

import HAL

/// A driver for the Texas Instruments TMP117 digital temperature sensor on I2C (0x48–0x4B).
///
/// ```swift
/// let sensor = TMP117(registers: I2CRegisters(bus: bus, address: I2CAddress(0x48)), clock: clock)
/// try sensor.start()            // continuous, 8 averages, 1 s
/// let reading = try sensor.read()
/// ```
///
/// ``start(_:)`` checks Device_ID, soft-resets the chip (2 ms), waits for the EEPROM to be loaded,
/// writes Temp_Offset and Configuration. ``read()`` reads Configuration and Temp_Result (continuous
/// mode) or triggers a one-shot conversion and polls Data_Ready. Every continuous read compares the
/// Configuration with what was written, so a chip that was power-cycled (back to its EEPROM defaults)
/// is started again; after a bus error the next read also checks Temp_Offset. A driver belongs to one
/// isolation domain (it is not `Sendable`).
public final class TMP117 {
    /// The register access (I2C).
    public let registers: any RegisterInterface
    /// The clock waits and timestamps come from.
    public let clock: any MonotonicClock
    /// The settings of the last ``start(_:)``, or those given at creation before one.
    public private(set) var settings: TMP117Settings
    /// Device_ID as read by the last ``start(_:)``.
    public private(set) var deviceID: UInt16?

    /// Whether the last ``start(_:)`` succeeded.
    var started = false
    /// When the first continuous-mode result after ``start(_:)`` is due.
    var firstDataAt: MonotonicInstant?
    /// Set by a bus error: the next ``read()`` checks that the chip kept its configuration.
    var needsCheck = false
    /// Watches new results for a chip that stopped converting.
    var stuckDetector: StuckDetector

    /// The part name.
    static let part = "TMP117"
    /// The soft-reset duration (datasheet §7.6, Configuration bit 1): 2 ms.
    public static let softResetTime = Duration.milliseconds(2)
    /// The interval between polls of Configuration.
    static let pollInterval = Duration.milliseconds(1)
    /// How many times EEPROM_Busy is polled before giving up.
    static let pollAttempts = 5
    /// How much longer than typical a conversion may take before the driver gives up: the datasheet
    /// gives the 15.5 ms per conversion as typical only; the driver allows 25 % more.
    static let conversionMargin = 0.25

    /// Creates a driver; nothing is sent until ``start(_:)``.
    /// - Parameters:
    ///   - registers: the chip's registers (``I2CRegisters`` at 0x48…0x4B).
    ///   - clock: the clock for the datasheet's waits and the readings' timestamps.
    ///   - settings: the settings ``bringUp()`` starts the chip with. Default: the factory configuration
    ///     with the ALERT pin as data-ready.
    public init(registers: any RegisterInterface, clock: any MonotonicClock, settings: TMP117Settings = .default) {
        self.registers = registers
        self.clock = clock
        self.settings = settings
        self.stuckDetector = StuckDetector(limit: settings.stuckAfter)
    }

    /// Identifies, resets and configures the chip.
    /// - Parameter settings: how to measure. Default: continuous, 8 averages, 1 s, data-ready on ALERT.
    /// - Throws: `DriverError`: `.invalidSetting` for an offset outside ±256 °C, `.wrongChipID`,
    ///   `.conversionTimeout` when EEPROM_Busy does not clear, `.bus`.
    public func start(_ settings: TMP117Settings = .default) throws(DriverError) {
        guard let offset = settings.offsetCode else {
            throw failure(.invalidSetting("offset \(settings.offsetC) °C is outside −256…255.99 °C"))
        }
        started = false
        let id = try readWord(TMP117Register.deviceID)
        deviceID = id
        guard id & TMP117Register.deviceIDMask == TMP117Register.deviceIDValue else {
            throw failure(.wrongChipID(expected: Hex.word(TMP117Register.deviceIDValue), found: Hex.word(id)))
        }
        try writeWord(TMP117Register.configuration, TMP117Configuration.softReset)
        try pause(Self.softResetTime)
        try pollConfiguration(attempts: Self.pollAttempts, interval: Self.pollInterval) {
            $0 & TMP117Configuration.eepromBusy == 0
        }
        try writeWord(TMP117Register.temperatureOffset, offset)
        try writeWord(TMP117Register.configuration, settings.startConfiguration)
        self.settings = settings
        stuckDetector = StuckDetector(limit: settings.stuckAfter)
        firstDataAt = settings.mode == .continuous ? clock.now() + settings.averaging.activeConversionTime : nil
        needsCheck = false
        started = true
    }

    // MARK: - Helpers

    /// Reads Configuration until `done` holds, `attempts` times `interval` apart.
    /// - Returns: the Configuration word that satisfied `done`.
    @discardableResult
    func pollConfiguration(attempts: Int, interval: Duration, until done: (UInt16) -> Bool)
        throws(DriverError) -> UInt16
    {
        for attempt in 0..<attempts {
            let word = try readWord(TMP117Register.configuration)
            if done(word) { return word }
            if attempt < attempts - 1 { try pause(interval) }
        }
        throw failure(.conversionTimeout)
    }

    /// Reads a 16-bit register, MSB first.
    func readWord(_ register: UInt8) throws(DriverError) -> UInt16 {
        let bytes = try readRegisters(register, count: 2)
        guard bytes.count == 2 else {
            throw failure(
                .bus(HALError(.other, device: registers.location, operation: "read of \(Hex.byte(register))")))
        }
        return UInt16(bytes[0]) << 8 | UInt16(bytes[1])
    }

    /// Writes a 16-bit register, MSB first.
    func writeWord(_ register: UInt8, _ value: UInt16) throws(DriverError) {
        try bus { () throws(HALError) in
            try registers.write(register, [UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)])
        }
    }

}

extension TMP117: RegisterDriverIO {}
