// SensorGate — Drivers: the MPU-6050 driver: identification, InvenSense's reset sequence and configuration.

import HAL

/// A driver for the InvenSense MPU-6050 accelerometer and gyroscope, on I2C at 0x68 or 0x69.
///
/// ```swift
/// let imu = MPU6050(registers: I2CRegisters(bus: bus, address: I2CAddress(0x68)), clock: clock)
/// try imu.start()                 // 100 Hz, DLPF 44 Hz, ±4 g, ±500 °/s
/// let reading = try imu.read()
/// ```
///
/// ``start(_:)`` checks WHO_AM_I and resets the chip as InvenSense recommends (register map, register
/// 107 PWR_MGMT_1 and register 104 SIGNAL_PATH_RESET): DEVICE_RESET, 100 ms, GYRO/ACCEL/TEMP_RESET,
/// 100 ms; it then wakes the chip on the PLL with the X gyroscope (CLKSEL 1) and writes the sample
/// rate, filter, full scales, FIFO and interrupt configuration. ``read()`` reads INT_STATUS and the
/// sensor registers 0x3B…0x48 in one burst (the chip keeps a burst within one sampling instant).
/// ``drainFIFO()`` reads the FIFO's 14-byte frames. After a bus error the next call checks that the
/// chip kept its configuration (a power cycle leaves PWR_MGMT_1 at 0x40, asleep) and starts it again
/// if not. A driver belongs to one isolation domain (it is not `Sendable`).
public final class MPU6050 {
    /// The register access (I2C).
    public let registers: any RegisterInterface
    /// The clock waits and timestamps come from.
    public let clock: any MonotonicClock
    /// The settings of the last ``start(_:)``, or those given at creation before one.
    public private(set) var settings: MPU6050Settings
    /// How many FIFO overflows ``drainFIFO()`` has seen (each empties the FIFO and loses its samples).
    public internal(set) var fifoOverflows = 0

    /// Whether ``start(_:)`` has completed since creation or the last failure to start.
    var started = false
    /// Set by a bus error: the next access checks that the chip kept its configuration.
    var needsCheck = false
    /// When the first sample after ``start(_:)`` is in the sensor registers.
    var firstDataAt: MonotonicInstant = .zero
    /// Set when ``read()`` saw FIFO_OFLOW_INT (reading INT_STATUS clears it before a drain can).
    var overflowSeen = false
    /// Repeated-sample detection over fresh samples.
    var stuck: StuckDetector
    /// Dates consecutive FIFO drains on one grid; started afresh with the chip and the FIFO.
    var fifoGrid = FIFOGrid(period: .zero)
    /// Samples lost to FIFO overflows, from the output data rate and the time between drains.
    var fifoLoss = FIFOLossCount(period: .zero)
    /// The frames of the drain in progress, kept between drains so that a drain allocates nothing once
    /// the FIFO's largest count has been seen (emptied, capacity kept).
    var drainedFrames: [MPU6050RawSample] = []
    /// The drain begun by ``beginFIFODrain(into:)`` and not yet complete.
    var pendingDrain: MPU6050PendingDrain?

    /// The wait after DEVICE_RESET and after SIGNAL_PATH_RESET: 100 ms each (register map, register 107).
    static let resetWait = Duration.milliseconds(100)
    /// The part name.
    static let part = "MPU-6050"

    /// Creates a driver; nothing is sent until ``start(_:)``.
    /// - Parameters:
    ///   - registers: the chip's registers (``I2CRegisters`` at 0x68 or 0x69).
    ///   - clock: the clock for the waits and the readings' timestamps.
    ///   - settings: the settings ``bringUp()`` starts the chip with. Default: ``MPU6050Settings/default``.
    public init(registers: any RegisterInterface, clock: any MonotonicClock, settings: MPU6050Settings = .default) {
        self.registers = registers
        self.clock = clock
        self.settings = settings
        self.stuck = StuckDetector(limit: settings.stuckLimit)
    }

    /// Identifies, resets, wakes and configures the chip.
    /// - Parameter settings: how to measure. Default: nil, the settings the driver was made with (or those
    ///   of the last start).
    /// - Throws: `DriverError`: `.invalidSetting` for a divider outside 0…255 or a negative stuck limit,
    ///   `.wrongChipID`, `.bus`.
    public func start(_ settings: MPU6050Settings? = nil) throws(DriverError) {
        let settings = settings ?? self.settings
        guard (0...255).contains(settings.sampleRateDivider) else {
            throw failure(.invalidSetting("sample rate divider \(settings.sampleRateDivider) is outside 0…255"))
        }
        guard settings.stuckLimit >= 0 else {
            throw failure(.invalidSetting("stuck limit \(settings.stuckLimit) is negative"))
        }
        started = false
        let id = try bus { () throws(HALError) in try registers.read(MPU6050Register.whoAmI, count: 1) }.first ?? 0
        guard id == MPU6050Register.whoAmIValue else {
            throw failure(.wrongChipID(expected: Hex.byte(MPU6050Register.whoAmIValue), found: Hex.byte(id)))
        }
        try write(MPU6050Register.powerManagement1, [MPU6050Register.deviceReset])
        try pause(Self.resetWait)
        try write(MPU6050Register.signalPathReset, [MPU6050Register.resetAllSignalPaths])
        try pause(Self.resetWait)
        try write(MPU6050Register.powerManagement1, [MPU6050Register.clockPLLGyroX])
        try write(MPU6050Register.sampleRateDivider, settings.rateAndRangeBytes)
        try write(MPU6050Register.fifoEnable, [settings.fifo ? MPU6050Register.fifoSensors : 0x00])
        try write(MPU6050Register.intPinConfig, [MPU6050Register.intLatch, settings.intEnableByte])
        try write(MPU6050Register.userControl, [settings.fifo ? MPU6050Register.userFIFOEnable : 0x00])
        self.settings = settings
        stuck = StuckDetector(limit: settings.stuckLimit)
        fifoGrid = FIFOGrid(period: settings.period)
        fifoLoss = FIFOLossCount(period: settings.period, start: clock.now(), lost: fifoLoss.lost)
        overflowSeen = false
        pendingDrain = nil
        needsCheck = false
        started = true
        firstDataAt = clock.now() + settings.period
    }

    // MARK: - Helpers

    /// Whether PWR_MGMT_1 and registers 25–28 still hold what ``start(_:)`` wrote. A bus error counts
    /// as not kept.
    func keptConfiguration() -> Bool {
        guard let power = try? registers.read(MPU6050Register.powerManagement1, count: 1),
            let rates = try? registers.read(MPU6050Register.sampleRateDivider, count: 4)
        else { return false }
        return power == [MPU6050Register.clockPLLGyroX] && rates == settings.rateAndRangeBytes
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

extension MPU6050: RegisterDriverIO {}
