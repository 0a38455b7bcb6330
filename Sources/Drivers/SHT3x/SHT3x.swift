// SensorGate — Drivers: the SHT3x driver: identification by status CRC, reset and configuration.

import HAL

/// A driver for the Sensirion SHT30/SHT31/SHT35 humidity and temperature sensor (SHT3x-DIS), on I2C
/// at 0x44 (ADDR low) or 0x45.
///
/// ```swift
/// let sensor = SHT3x(bus: bus, address: I2CAddress(0x44), clock: clock)
/// try sensor.start()            // single shot, high repeatability
/// let reading = try sensor.read()
/// ```
///
/// The chip has no ID register: ``start(_:)`` stops any periodic acquisition (Break), soft-resets
/// it, and takes a status word whose CRC-8 checks as proof that an SHT3x answers; it then clears the
/// status so that bit 4 ("reset detected") reveals a later reset. ``read()`` measures in the mode
/// the settings ask for and checks the CRC of both words. After a bus error the next call reads the
/// status and starts the chip again if it was reset (power cycle) or lost its heater setting.
/// A driver belongs to one isolation domain (it is not `Sendable`).
public final class SHT3x {
    /// The bus the chip is on.
    public let bus: any I2CBus
    /// The chip's address.
    public let address: I2CAddress
    /// The clock waits and timestamps come from.
    public let clock: any MonotonicClock
    /// The settings of the last ``start(_:)``, or those given at creation before one.
    public private(set) var settings: SHT3xSettings
    /// The status word read by the last ``start(_:)``, before it was cleared.
    public private(set) var statusAtStart: UInt16?

    /// Whether ``start(_:)`` has succeeded since creation (or since the last failed start).
    var started = false
    /// Set by a bus error: the next ``read()`` checks that the chip kept its configuration.
    var needsCheck = false
    /// When the next periodic result is due.
    var nextPeriodicResult: MonotonicInstant = .zero
    /// Identical readings in a row.
    var stuckDetector: StuckDetector

    /// The soft reset time t_SR, maximum (table 4): 1.5 ms.
    static let softResetTime = Duration.microseconds(1_500)
    /// How long Break takes to stop periodic acquisition (§4.8): 1 ms.
    static let breakTime = Duration.milliseconds(1)
    /// The minimal wait between a command and the read header (§4.3, table 9 "SCL free"): 1 ms.
    static let commandToReadTime = Duration.milliseconds(1)
    /// The interval between read attempts while the chip still has no result for us.
    static let retryInterval = Duration.milliseconds(1)
    /// How many read headers are sent before a missing result is an error.
    static let readAttempts = 3

    /// Creates a driver; nothing is sent until ``start(_:)``.
    /// - Parameters:
    ///   - bus: the I2C bus.
    ///   - address: 0x44 or 0x45.
    ///   - clock: the clock for the datasheet's waits and the readings' timestamps.
    ///   - settings: the settings ``bringUp()`` starts the chip with. Default: ``SHT3xSettings/default``.
    public init(bus: any I2CBus, address: I2CAddress, clock: any MonotonicClock, settings: SHT3xSettings = .default) {
        self.bus = bus
        self.address = address
        self.clock = clock
        self.settings = settings
        self.stuckDetector = StuckDetector(limit: settings.stuckAfter)
    }

    /// Where the chip sits: `bus address`.
    public var location: String { "\(bus.name) \(address)" }

    /// Stops periodic acquisition, soft-resets, identifies and configures the chip.
    /// - Parameter settings: how to measure. Default: ``SHT3xSettings/default``.
    /// - Throws: `DriverError`: `.wrongChipID` when the status word's CRC does not check (no SHT3x
    ///   answers), `.invalidSetting` for a negative stuck limit, `.bus`.
    public func start(_ settings: SHT3xSettings = .default) throws(DriverError) {
        guard settings.stuckAfter >= 0 else {
            throw failure(.invalidSetting("stuck-after \(settings.stuckAfter) is negative"))
        }
        started = false
        try send(.breakCommand)
        try pause(Self.breakTime)
        try send(.softReset)
        try pause(Self.softResetTime)
        try send(.readStatus)
        let bytes = try bus { () throws(HALError) in try bus.read(address, count: 3) }
        guard case .success(let words) = SHT3xWords.decode(bytes), let status = words.first else {
            throw failure(.wrongChipID(expected: "a status word with a valid CRC-8", found: Hex.bytes(bytes)))
        }
        statusAtStart = status
        try send(.clearStatus)
        if settings.heater { try send(.heaterEnable) }
        if settings.mode == .periodic {
            try send(settings.measurementCommand)
            nextPeriodicResult = clock.now() + settings.repeatability.maximumMeasurementTime
        }
        self.settings = settings
        stuckDetector = StuckDetector(limit: settings.stuckAfter)
        needsCheck = false
        started = true
    }

    // MARK: - Helpers

    /// Sends one command: `ST SAD+W MSB LSB SP`.
    func send(_ command: SHT3xCommand) throws(DriverError) {
        // The two command bytes from the stack: the measurement path allocates nothing.
        try bus { () throws(HALError) in
            try withUnsafeBytes(of: command.rawValue.bigEndian) { (raw) throws(HALError) in
                try bus.write(address, from: raw)
            }
        }
    }

    /// Reads `count` bytes, sending the read header up to ``readAttempts`` times ``retryInterval``
    /// apart while the chip does not acknowledge it (no result yet).
    func readResult(into bytes: inout RegisterBytes, count: Int, retryAfter interval: Duration = retryInterval)
        throws(DriverError)
    {
        var attempt = 1
        while true {
            do {
                return try bytes.withUnsafeMutableBytes(count: count) { (buffer) throws(HALError) in
                    try bus.read(address, into: buffer)
                }
            } catch  where error.kind == .noAcknowledge(.address) && attempt < Self.readAttempts {
                attempt += 1
                try pause(interval)
            } catch {
                needsCheck = true
                throw failure(.bus(error))
            }
        }
    }

}

extension SHT3x: DriverIO {}
