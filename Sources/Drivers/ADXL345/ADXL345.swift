// SensorGate — Drivers: the ADXL345 driver: identification and the configuration sequence.

import HAL

/// A driver for the Analog Devices ADXL345 3-axis accelerometer, on I2C (0x53 with ALT ADDRESS low,
/// 0x1D with it high) or 4-wire SPI (mode 3, at most 5 MHz; multi-byte transfers set bit 6 of the
/// command, so use ``SPIRegisters`` with `multipleBit: 0x40`).
///
/// ```swift
/// let sensor = ADXL345(registers: SPIRegisters(device: spi, multipleBit: 0x40), clock: clock)
/// try sensor.start(.vibration)           // 3200 Hz, stream mode, watermark on INT1
/// let samples = try sensor.drainFIFO()   // on each watermark interrupt
/// ```
///
/// The chip has no soft reset: ``start(_:)`` checks DEVID, puts the chip in standby, writes BW_RATE,
/// DATA_FORMAT and the offsets, clears the FIFO by passing through bypass mode, writes FIFO_CTL,
/// INT_MAP and INT_ENABLE (interrupts are configured before they are enabled), then sets Measure. The
/// first sample follows 1.1 ms + 1/ODR later (table 1, turn-on time). Samples are dated on the chip's
/// output grid, counted from the Measure write; see `ADXL345+Reading.swift`. After a bus error the
/// next call checks that the chip kept its configuration (a power cycle leaves it in standby) and
/// starts it again if not. A driver belongs to one isolation domain (it is not `Sendable`).
public final class ADXL345 {
    /// The register access, I2C or SPI (with the multiple-byte bit 0x40).
    public let registers: any RegisterInterface
    /// The clock waits and timestamps come from.
    public let clock: any MonotonicClock
    /// The settings of the last ``start(_:)``, or those given at creation before one.
    public private(set) var settings: ADXL345Settings
    /// DEVID as read by the last ``start(_:)``.
    public private(set) var deviceID: UInt8?
    /// How many drains found samples lost since the previous one (the FIFO overflowed in stream mode).
    public internal(set) var fifoOverflows = 0
    /// How many samples the chip wrote on its output grid that no drain read (overwritten in stream
    /// mode, or dropped by a full FIFO), since the driver was made.
    public internal(set) var fifoLostSamples = 0

    /// Whether ``start(_:)`` has completed since creation (or since it last failed).
    var started = false
    /// When the first sample after the Measure write is written: the origin of the sample grid.
    var firstSampleAt = MonotonicInstant.zero
    /// The grid index of the next sample the driver has not read yet.
    var nextSampleIndex: Int64 = 0
    /// The earliest instant the FIFO or FIFO_STATUS may be read again (5 µs after a data read).
    var fifoReadyAt = MonotonicInstant.zero
    /// Set by a bus error: the next call checks that the chip kept its configuration.
    var needsCheck = false
    /// Counts identical samples in a row.
    var stuckDetector = StuckDetector(limit: 0)
    /// The samples of the drain in progress, kept between drains so that a drain allocates nothing
    /// once the FIFO's largest count has been seen (emptied, capacity kept).
    var drainedSamples: [ADXL345RawSample] = []
    /// Whether the bus reads the FIFO in one message, its chip-select gap covering the 5 µs pop
    /// (SPI; I2C reads entry by entry with the driver's pauses between).
    let readsFIFOInOneMessage: Bool
    /// The data registers of every entry of a one-message drain: 33 × 6 bytes, allocated once.
    var fifoBytes = [UInt8](repeating: 0, count: (ADXL345Register.fifoDepth + 1) * ADXL345Register.dataLength)

    /// Creates a driver; nothing is sent until ``start(_:)`` or ``bringUp()``.
    /// - Parameters:
    ///   - registers: the chip's registers (``I2CRegisters`` at 0x53 or 0x1D, or ``SPIRegisters`` with
    ///     `multipleBit: 0x40`).
    ///   - clock: the clock for the datasheet's waits and the samples' timestamps.
    ///   - settings: the settings ``bringUp()`` starts the chip with. Default: ``ADXL345Settings/default``.
    public init(registers: any RegisterInterface, clock: any MonotonicClock, settings: ADXL345Settings = .default) {
        self.registers = registers
        self.clock = clock
        self.settings = settings
        readsFIFOInOneMessage =
            registers.repeatedReadGapNanoseconds.map { $0 >= ADXL345Register.fifoPopNanoseconds } ?? false
    }

    /// Identifies and configures the chip, and starts measuring.
    /// - Parameter settings: how to measure. Default: ``ADXL345Settings/default``.
    /// - Throws: `DriverError`: `.invalidSetting`, `.wrongChipID` (DEVID is not 0xE5), `.bus`.
    public func start(_ settings: ADXL345Settings = .default) throws(DriverError) {
        if let problem = settings.problem { throw failure(.invalidSetting(problem)) }
        started = false
        let id = try bus { () throws(HALError) in try registers.read(ADXL345Register.deviceID, count: 1) }.first ?? 0
        deviceID = id
        guard id == ADXL345Register.deviceIDValue else {
            throw failure(.wrongChipID(expected: Hex.byte(ADXL345Register.deviceIDValue), found: Hex.byte(id)))
        }
        try write(ADXL345Register.powerControl, [0x00])
        try write(ADXL345Register.dataRate, [settings.dataRateByte])
        try write(ADXL345Register.dataFormat, [settings.dataFormatByte])
        try write(ADXL345Register.offsetX, settings.offsetBytes)
        try write(ADXL345Register.fifoControl, [0x00])
        if settings.fifoControlByte != 0x00 { try write(ADXL345Register.fifoControl, [settings.fifoControlByte]) }
        try write(ADXL345Register.interruptMap, [settings.interruptMapByte])
        try write(ADXL345Register.interruptEnable, [settings.interruptEnableByte])
        try write(ADXL345Register.powerControl, [ADXL345Register.measure])
        self.settings = settings
        firstSampleAt = clock.now() + settings.firstSampleDelay
        nextSampleIndex = 0
        fifoReadyAt = .zero
        stuckDetector = StuckDetector(limit: settings.stuckLimit)
        needsCheck = false
        started = true
    }

    // MARK: - Helpers

    /// Whether the rate, power, interrupt enable and map registers still hold what ``start(_:)`` wrote
    /// (one burst of 0x2C…0x2F). A bus error counts as not kept.
    func keptConfiguration() -> Bool {
        guard let block = try? registers.read(ADXL345Register.dataRate, count: 4) else { return false }
        return block == [
            settings.dataRateByte, ADXL345Register.measure, settings.interruptEnableByte, settings.interruptMapByte,
        ]
    }

    /// Writes consecutive registers.
    private func write(_ register: UInt8, _ bytes: [UInt8]) throws(DriverError) {
        try bus { () throws(HALError) in try registers.write(register, bytes) }
    }

}

extension ADXL345: RegisterDriverIO {}
