// SensorGate — Drivers: the LIS3MDL driver: identification, soft reset, reboot and configuration.

import HAL

/// A driver for the ST LIS3MDL three-axis magnetometer, on I2C (0x1C or 0x1E) or SPI (mode 3).
///
/// ```swift
/// let sensor = LIS3MDL(registers: I2CRegisters(bus: bus, address: I2CAddress(0x1C)), clock: clock)
/// try sensor.start()            // 10 Hz, ±4 gauss, ultra-high performance
/// let reading = try sensor.read()
/// ```
///
/// Multi-register transfers set bit 7 of the register address: over I2C that is the sub-address's
/// auto-increment bit (§5.1.1; without it the chip returns the same register again and again), over
/// SPI it is the read bit, and ``SPIRegisters`` with multi-byte bit 0x40 adds MS (§5.2). ``start(_:)``
/// checks WHO_AM_I, soft-resets, reboots the trimming and writes CTRL_REG1…5 in one burst with BDU
/// set. After a bus error, or when no new data arrives, the next read compares CTRL_REG1…5 with what
/// was written and starts the chip again if it lost them. A driver belongs to one isolation domain.
public final class LIS3MDL {
    /// The register access, I2C or SPI.
    public let registers: any RegisterInterface
    /// The clock waits and timestamps come from.
    public let clock: any MonotonicClock
    /// The settings of the last ``start(_:)``, or those given at creation before one.
    public private(set) var settings: LIS3MDLSettings

    /// Whether ``start(_:)`` has succeeded (and not failed since).
    var started = false
    /// Set by a bus error: the next ``read()`` checks that the chip kept its configuration.
    var needsCheck = false
    /// When the first continuous sample after ``start(_:)`` is ready.
    var firstDataAt = MonotonicInstant.zero
    /// Identical readings in a row.
    var stuckDetector: StuckDetector

    /// The wait after setting SOFT_RST or REBOOT before CTRL_REG2 is polled. The datasheet gives no
    /// figure; both bits clear themselves when done.
    static let resetWait = Duration.milliseconds(1)
    /// The interval between polls.
    static let pollInterval = Duration.milliseconds(1)
    /// How many polls before giving up.
    static let pollAttempts = 5

    /// Creates a driver; nothing is sent until ``start(_:)``.
    /// - Parameters:
    ///   - registers: the chip's registers (``I2CRegisters`` at 0x1C or 0x1E, or ``SPIRegisters`` with
    ///     multi-byte bit 0x40).
    ///   - clock: the clock for the waits and the readings' timestamps.
    ///   - settings: the settings ``bringUp()`` starts the chip with. Default: ``LIS3MDLSettings/default``.
    public init(registers: any RegisterInterface, clock: any MonotonicClock, settings: LIS3MDLSettings = .default) {
        self.registers = registers
        self.clock = clock
        self.settings = settings
        self.stuckDetector = StuckDetector(limit: settings.stuckAfter)
    }

    /// Identifies, resets, reboots and configures the chip.
    /// - Parameter settings: how to measure. Default: ``LIS3MDLSettings/default``.
    /// - Throws: `DriverError`: `.invalidSetting` for single conversion at FAST_ODR or a negative
    ///   stuck limit, `.wrongChipID`, `.conversionTimeout` when SOFT_RST or REBOOT does not clear, `.bus`.
    public func start(_ settings: LIS3MDLSettings = .default) throws(DriverError) {
        guard settings.stuckAfter >= 0 else {
            throw failure(.invalidSetting("stuck-after \(settings.stuckAfter) is negative"))
        }
        guard settings.conversion == .continuous || settings.dataRate != .fast else {
            throw failure(.invalidSetting("single conversion needs a data rate of 0.625…80 Hz, not FAST_ODR"))
        }
        started = false
        let id = try readRegisters(LIS3MDLRegister.whoAmI, count: 1).first ?? 0
        guard id == LIS3MDLRegister.whoAmIValue else {
            throw failure(.wrongChipID(expected: Hex.byte(LIS3MDLRegister.whoAmIValue), found: Hex.byte(id)))
        }
        for bit in [LIS3MDLRegister.softReset, LIS3MDLRegister.reboot] {
            try bus { () throws(HALError) in try registers.write(LIS3MDLRegister.control2, [bit]) }
            try pause(Self.resetWait)
            try poll(LIS3MDLRegister.control2, untilClear: bit)
        }
        let control = settings.controlBytes
        try bus { () throws(HALError) in
            try registers.write(LIS3MDLRegister.control1 | LIS3MDLRegister.autoIncrement, control)
        }
        self.settings = settings
        stuckDetector = StuckDetector(limit: settings.stuckAfter)
        firstDataAt = clock.now() + Self.period(settings)
        needsCheck = false
        started = true
    }

    // MARK: - Helpers

    /// One output period.
    static func period(_ settings: LIS3MDLSettings) -> Duration {
        .nanoseconds(Int64((1e9 / settings.dataRateHz).rounded(.up)))
    }

    /// Reads `count` registers from `register` with auto-increment.
    func readBlock(_ register: UInt8, count: Int) throws(DriverError) -> RegisterBytes {
        let bytes = try readRegisters(register | LIS3MDLRegister.autoIncrement, count: count)
        guard bytes.count == count else {
            throw failure(.bus(HALError(.other, device: location, operation: "read of \(count) registers")))
        }
        return bytes
    }

    /// Polls `register` until `bits` read 0, ``pollAttempts`` times ``pollInterval`` apart.
    func poll(_ register: UInt8, untilClear bits: UInt8) throws(DriverError) {
        for attempt in 0..<Self.pollAttempts {
            let value = try readRegisters(register, count: 1).first ?? 0xFF
            if value & bits == 0 { return }
            if attempt < Self.pollAttempts - 1 { try pause(Self.pollInterval) }
        }
        throw failure(.conversionTimeout)
    }

}

extension LIS3MDL: RegisterDriverIO {}
