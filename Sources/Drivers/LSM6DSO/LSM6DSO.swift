// SensorGate — Drivers: the LSM6DSO driver: identification, software reset, boot and configuration.

import HAL

/// A driver for the ST LSM6DSO accelerometer and gyroscope (DS12140), on I2C (0x6A/0x6B) or SPI
/// (mode 3, read bit 7).
///
/// ```swift
/// let imu = LSM6DSO(registers: I2CRegisters(bus: bus, address: I2CAddress(0x6A)), clock: clock)
/// try imu.start()                 // 104 Hz, ±4 g, ±500 dps
/// let reading = try imu.read()    // accel_mps2, gyro_radps, temperature_c
/// ```
///
/// ``start(_:)`` checks WHO_AM_I, performs the software reset and the boot of application note AN5192
/// §5.7 (SW_RESET, polled until the chip clears it, typically 50 µs; then BOOT and its 10 ms), and writes
/// CTRL1_XL…CTRL3_C, FIFO_CTRL1…4 and INT1_CTRL. ``read()`` reads STATUS_REG and the output block in
/// one burst (block data update keeps the bytes of one sample together). ``drainFIFO()`` reads the
/// tagged FIFO. After a bus error the next call checks that the chip kept its configuration and starts
/// it again when it did not (a power cycle resets CTRL1_XL to power-down). A driver belongs to one
/// isolation domain (it is not `Sendable`).
public final class LSM6DSO {
    /// The register access, I2C or SPI.
    public let registers: any RegisterInterface
    /// The clock waits and timestamps come from.
    public let clock: any MonotonicClock
    /// The settings of the last ``start(_:)``, or those given at creation before one.
    public private(set) var settings: LSM6DSOSettings
    /// How many FIFO overruns ``drainFIFO()`` has seen (each loses samples).
    public internal(set) var fifoOverruns = 0

    /// Whether ``start(_:)`` has completed since creation or the last failure to start.
    var started = false
    /// Set by a bus error: the next access checks that the chip kept its configuration.
    var needsCheck = false
    /// When the first sample after ``start(_:)`` is in the output registers.
    var firstDataAt: MonotonicInstant = .zero
    /// Repeated-sample detection over fresh samples.
    var stuck: StuckDetector
    /// Dates consecutive FIFO drains on one grid; started afresh with the chip.
    var fifoGrid = FIFOGrid(period: .zero)
    /// Samples lost to FIFO overruns, from the output data rate and the time between drains.
    var fifoLoss = FIFOLossCount(period: .zero)
    /// The complete time slots of the drain in progress, kept between drains so that a drain allocates
    /// nothing once the FIFO's largest count has been seen (emptied, capacity kept).
    var drainedSlots: [LSM6DSOFIFOSlots.Slot] = []

    /// How long SW_RESET takes (AN5192 §5.7: about 50 µs); the first poll comes after it.
    static let resetTime = Duration.microseconds(50)
    /// The interval between polls of SW_RESET.
    static let pollInterval = Duration.microseconds(50)
    /// How many times SW_RESET is polled before giving up.
    static let pollAttempts = 5
    /// How long the boot (reload of the trimming parameters) takes (AN5192 §5.7: 10 ms).
    static let bootTime = Duration.milliseconds(10)
    /// The part name.
    static let part = "LSM6DSO"

    /// Creates a driver; nothing is sent until ``start(_:)``.
    /// - Parameters:
    ///   - registers: the chip's registers (``I2CRegisters`` at 0x6A or 0x6B, or ``SPIRegisters``).
    ///   - clock: the clock for the datasheet's waits and the readings' timestamps.
    ///   - settings: the settings ``bringUp()`` starts the chip with. Default: ``LSM6DSOSettings/default``.
    public init(registers: any RegisterInterface, clock: any MonotonicClock, settings: LSM6DSOSettings = .default) {
        self.registers = registers
        self.clock = clock
        self.settings = settings
        self.stuck = StuckDetector(limit: settings.stuckLimit)
    }

    /// Identifies, resets, boots and configures the chip.
    /// - Parameter settings: how to measure. Default: nil, the settings the driver was made with (or those
    ///   of the last start).
    /// - Throws: `DriverError`: `.invalidSetting` for power-down or a watermark beyond 511, `.wrongChipID`,
    ///   `.conversionTimeout` when SW_RESET does not clear, `.bus`.
    public func start(_ settings: LSM6DSOSettings? = nil) throws(DriverError) {
        let settings = settings ?? self.settings
        guard settings.dataRate != .powerDown else {
            throw failure(.invalidSetting("the output data rate must not be power-down"))
        }
        guard (0...511).contains(settings.watermark) else {
            throw failure(.invalidSetting("FIFO watermark \(settings.watermark) is outside 0…511 words"))
        }
        guard settings.stuckLimit >= 0 else {
            throw failure(.invalidSetting("stuck limit \(settings.stuckLimit) is negative"))
        }
        started = false
        let id = try bus { () throws(HALError) in try registers.read(LSM6DSORegister.whoAmI, count: 1) }.first ?? 0
        guard id == LSM6DSORegister.whoAmIValue else {
            throw failure(.wrongChipID(expected: Hex.byte(LSM6DSORegister.whoAmIValue), found: Hex.byte(id)))
        }
        let keepIncrement = LSM6DSORegister.autoIncrement
        try write(LSM6DSORegister.control3C, [keepIncrement | LSM6DSORegister.softwareReset])
        try pause(Self.resetTime)
        try pollResetDone()
        try write(LSM6DSORegister.control3C, [keepIncrement | LSM6DSORegister.boot])
        try pause(Self.bootTime)
        try write(LSM6DSORegister.control1XL, [settings.control1XL, settings.control2G, settings.control3C])
        try write(LSM6DSORegister.fifoControl1, settings.fifoControl)
        try write(LSM6DSORegister.int1Control, [settings.interrupt.int1Control])
        self.settings = settings
        stuck = StuckDetector(limit: settings.stuckLimit)
        fifoGrid = FIFOGrid(period: settings.period)
        fifoLoss = FIFOLossCount(period: settings.period, start: clock.now(), lost: fifoLoss.lost)
        needsCheck = false
        started = true
        firstDataAt = clock.now() + settings.period
    }

    // MARK: - Helpers

    /// Polls CTRL3_C until SW_RESET reads 0.
    private func pollResetDone() throws(DriverError) {
        for attempt in 0..<Self.pollAttempts {
            let value = try bus { () throws(HALError) in try registers.read(LSM6DSORegister.control3C, count: 1) }
            if (value.first ?? 0xFF) & LSM6DSORegister.softwareReset == 0 { return }
            if attempt < Self.pollAttempts - 1 { try pause(Self.pollInterval) }
        }
        throw failure(.conversionTimeout)
    }

    /// Whether CTRL1_XL…CTRL3_C still hold what ``start(_:)`` wrote. A bus error counts as not kept.
    func keptConfiguration() -> Bool {
        guard let values = try? registers.read(LSM6DSORegister.control1XL, count: 3), values.count == 3 else {
            return false
        }
        return values == [settings.control1XL, settings.control2G, settings.control3C]
    }

    /// Starts the chip when it was never started, or when a bus error left it in doubt and it lost its
    /// configuration.
    func ensureStarted() throws(DriverError) {
        if !started || (needsCheck && !keptConfiguration()) { try start(settings) }
        needsCheck = false
    }

    /// Writes consecutive registers.
    func write(_ register: UInt8, _ bytes: [UInt8]) throws(DriverError) {
        try bus { () throws(HALError) in try registers.write(register, bytes) }
    }

}

extension LSM6DSO: RegisterDriverIO {}
