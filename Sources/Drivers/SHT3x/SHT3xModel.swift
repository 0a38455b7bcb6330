// SensorGate — Drivers: a command-level SHT3x model for the simulated I2C bus.

import HAL
import HALSim

/// A model of a Sensirion SHT3x on a simulated I2C bus: the command set, status register, CRCs,
/// measurement timing, clock stretching and the NACKs of the datasheet.
///
/// Commands are two bytes, MSB first (§4.3). A single-shot result is read once: before the
/// measurement ends, a read header is not acknowledged without clock stretching (§4.3) and is
/// held with SCL low until the end with it. Periodic mode (§4.5)
/// keeps the latest result in its data memory; Fetch Data (§4.6) makes it readable and clears the
/// memory, and a read header with nothing behind it is not acknowledged. Measurement commands
/// while a measurement or periodic acquisition runs are not processed (status bit 1). Soft reset
/// takes ``softResetDuration``, during which the chip does not acknowledge. Measurements take the
/// typical times of table 4; physical values are sampled at the end of each measurement (see
/// `SHT3xModel+Conversion.swift`).
public final class SHT3xModel: I2CTarget {
    /// The clock measurements are timed on.
    public let clock: any MonotonicClock
    /// This part's accuracy errors.
    @exclusivity(unchecked) public var trims: SHT3xTrims
    /// Whether measurements carry the datasheet's repeatability as Gaussian noise. Default: off.
    @exclusivity(unchecked) public var noise = false
    /// The noise generator's seed.
    @exclusivity(unchecked) public var noiseSeed: UInt64 = 1
    /// How long a soft reset keeps the chip deaf: t_SR, 1.5 ms maximum (table 4).
    @exclusivity(unchecked) public var softResetDuration = Duration.microseconds(1_500)

    /// The status register's latched bits (the heater bit is ``heater``).
    @exclusivity(unchecked) public internal(set) var statusFlags: UInt16 = SHT3xStatus.afterReset
    /// Whether the heater is on.
    @exclusivity(unchecked) public internal(set) var heater = false
    /// How many measurements have completed since power-on.
    @exclusivity(unchecked) public internal(set) var measurementCount = 0

    /// The physical values in °C and %RH, or the world's.
    @exclusivity(unchecked) public var inputs = PhysicalInputs([.temperatureC: [20], .humidityRH: [45]])
    /// What the chip is doing.
    @exclusivity(unchecked) var activity = Activity.idle
    /// The bytes the next acknowledged read header returns.
    @exclusivity(unchecked) var output: [UInt8]?
    /// The periodic data memory: the latest result not yet fetched.
    @exclusivity(unchecked) var dataMemory: SHT3xRawSample?
    /// Until when a soft reset keeps the chip from answering.
    @exclusivity(unchecked) var resetUntil = MonotonicInstant.zero
    /// The noise generator, made at the first noisy sample.
    @exclusivity(unchecked) var noiseGenerator: SplitMix64?

    /// What the chip is doing.
    enum Activity {
        /// Idle in single-shot mode.
        case idle
        /// A single-shot measurement ending at `end`.
        case singleShot(SHT3xRepeatability, end: MonotonicInstant, clockStretching: Bool)
        /// Periodic acquisition since `start`, with `latched` results completed so far.
        case periodic(SHT3xRepeatability, SHT3xPeriodicRate, start: MonotonicInstant, latched: Int)
    }

    /// Creates a chip that has finished its power-on: idle, status 0x8010, heater off.
    /// - Parameters:
    ///   - clock: the clock measurements are timed on (the simulation's `VirtualClock`).
    ///   - trims: the part's accuracy errors. Default: none.
    public init(clock: any MonotonicClock, trims: SHT3xTrims = .nominal) {
        self.clock = clock
        self.trims = trims
    }

    /// The status register as read (§4.11).
    public var status: UInt16 { statusFlags | (heater ? SHT3xStatus.heater : 0) }

    /// Resets the chip as power-on does: idle, nothing to read, status 0x8010, heater off.
    public func reset() {
        activity = .idle
        output = nil
        dataMemory = nil
        heater = false
        statusFlags = SHT3xStatus.afterReset
    }

    /// A power cycle: the same as ``reset()``.
    public func powerCycle() { reset() }

    // MARK: - I2C

    /// A command: two bytes, MSB first. While a soft reset runs the first byte is not acknowledged.
    /// - Parameter bytes: the command (longer writes carry parameters, which this model ignores).
    /// - Returns: `.ack`, or `.nack(index: 0)` during a soft reset.
    public func i2cWrite(_ bytes: [UInt8]) -> I2CTargetAcknowledge {
        guard clock.now() >= resetUntil else { return .nack(index: 0) }
        update()
        guard bytes.count >= 2 else { return .ack }
        execute(SHT3xCommand(rawValue: UInt16(bytes[0]) << 8 | UInt16(bytes[1])))
        return .ack
    }

    /// Acknowledges a read header when a result or status is waiting, or when a single-shot
    /// measurement with clock stretching runs (the chip then holds SCL).
    /// - Returns: whether the read header is acknowledged.
    public func i2cAcknowledgesRead() -> Bool {
        guard clock.now() >= resetUntil else { return false }
        update()
        if output != nil { return true }
        if case .singleShot(_, _, clockStretching: true) = activity { return true }
        return false
    }

    /// Holds SCL until a stretched single-shot measurement ends.
    /// - Parameter read: whether the next message is a read.
    /// - Returns: the time left of the measurement, or zero.
    public func i2cClockStretch(beforeRead read: Bool) -> Duration {
        guard read, case .singleShot(_, let end, clockStretching: true) = activity else { return .zero }
        let now = clock.now()
        return now < end ? end - now : .zero
    }

    /// Shifts out the waiting bytes (words and their CRCs); past them the line reads 0xFF. The
    /// result is consumed, even by a read cut short.
    /// - Parameter bytes: filled with the data.
    public func i2cRead(into bytes: inout [UInt8]) {
        update()
        let data = output ?? []
        for index in bytes.indices { bytes[index] = index < data.count ? data[index] : 0xFF }
        output = nil
    }

    /// A stop condition; nothing to do.
    public func i2cStop() {}

    // MARK: - Commands

    private func execute(_ command: SHT3xCommand) {
        switch command {
        case .softReset:
            reset()
            resetUntil = clock.now() + softResetDuration
        case .breakCommand:
            activity = .idle
            dataMemory = nil
        case .readStatus:
            output = SHT3xWords.encode([status])
            return
        case .clearStatus:
            statusFlags &=
                ~(SHT3xStatus.alertPending | SHT3xStatus.humidityAlert | SHT3xStatus.temperatureAlert
                | SHT3xStatus.resetDetected)
        case .heaterEnable:
            heater = true
        case .heaterDisable:
            heater = false
        case .fetchData:
            guard case .periodic = activity else { return commandFailed() }
            output = dataMemory?.bytes
            dataMemory = nil
        default:
            guard let (repeatability, kind) = command.measurement, case .idle = activity else {
                return commandFailed()
            }
            start(kind, repeatability)
        }
        statusFlags &= ~SHT3xStatus.commandFailed
    }

    private func start(_ kind: SHT3xMeasurementKind, _ repeatability: SHT3xRepeatability) {
        let now = clock.now()
        output = nil
        switch kind {
        case .singleShot(let stretching):
            activity = .singleShot(
                repeatability, end: now + repeatability.typicalMeasurementTime, clockStretching: stretching)
        case .periodic(let rate):
            dataMemory = nil
            activity = .periodic(repeatability, rate, start: now, latched: 0)
        }
    }

    private func commandFailed() {
        statusFlags |= SHT3xStatus.commandFailed
    }
}
