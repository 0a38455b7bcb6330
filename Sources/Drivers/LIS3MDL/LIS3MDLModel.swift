// SensorGate — Drivers: a register-level LIS3MDL model for the simulated I2C and SPI buses.

import HAL
import HALSim

/// A register-level model of an ST LIS3MDL magnetometer, on a simulated I2C bus or SPI controller.
///
/// Register map and reset values are the datasheet's (DocID024204 §6 and §7). Over I2C the first
/// byte of a write is the sub-address: bits 6:0 the register, bit 7 auto-increment (§5.1.1); without
/// bit 7 every data byte reads (or writes) the same register again. Over SPI (§5.2) the command byte
/// has RW in bit 7 (1 = read), MS in bit 6 (1 = auto-increment) and the register in bits 5:0; modes
/// 0 and 3 work. An auto-incremented transfer that passes OUT_Z_H (0x2D) wraps back to OUT_X_L (0x28)
/// (observed on the part and reported on ST's community forum; the datasheet is silent). Conversions
/// run on the clock at the output data rate, each sampling the physical values at its own instant
/// (see `LIS3MDLModel+Conversion.swift`); DRDY and INT are driven through ``interrupt``.
public final class LIS3MDLModel: I2CTarget, SPITarget {
    /// The clock conversions are timed on.
    public let clock: any MonotonicClock
    /// This part's errors.
    @exclusivity(unchecked) public var trims: LIS3MDLTrims
    /// Whether conversions carry the datasheet's RMS noise. Default: off.
    @exclusivity(unchecked) public var noise = false
    /// The noise generator's seed.
    @exclusivity(unchecked) public var noiseSeed: UInt64 = 1
    /// Drives a pin (`DRDY`, `INT`) when the board wires it; nil when nothing is wired.
    @exclusivity(unchecked) public var interrupt: ((_ pin: String, _ level: Bool) -> Void)?
    /// The SPI clock modes the chip samples correctly: 0 and 3.
    @exclusivity(unchecked) public var supportedModes: Set<SPIMode> = [.mode0, .mode3]
    /// How long SOFT_RST reads 1 after it is set. The datasheet gives no figure; default 50 µs.
    @exclusivity(unchecked) public var softResetDuration = Duration.microseconds(50)
    /// How long REBOOT reads 1 while the trimming reloads. The datasheet gives no figure; default 0.5 ms.
    @exclusivity(unchecked) public var rebootDuration = Duration.microseconds(500)

    /// CTRL_REG1…CTRL_REG5 as written (the self-clearing CTRL_REG2 bits excluded).
    @exclusivity(unchecked) public internal(set) var control: [UInt8] = LIS3MDLRegister.controlResetValues
    /// INT_CFG.
    @exclusivity(unchecked) public internal(set) var interruptConfig = LIS3MDLRegister.interruptConfigReset
    /// INT_THS, 15 bits.
    @exclusivity(unchecked) public internal(set) var interruptThreshold: UInt16 = 0
    /// INT_SRC.
    @exclusivity(unchecked) public internal(set) var interruptSource: UInt8 = 0
    /// STATUS_REG.
    @exclusivity(unchecked) public internal(set) var status: UInt8 = 0
    /// OUT_X, OUT_Y, OUT_Z as the output registers hold them.
    @exclusivity(unchecked) public internal(set) var output: [Int16] = [0, 0, 0]
    /// TEMP_OUT.
    @exclusivity(unchecked) public internal(set) var temperatureOutput: Int16 = 0
    /// How many conversions have completed since power-on.
    @exclusivity(unchecked) public internal(set) var conversionCount = 0
    /// The last level driven on each pin, by name (a pin not driven yet is absent).
    public var pinLevels: [String: Bool] {
        var levels: [String: Bool] = [:]
        levels["DRDY"] = drdyLevel
        levels["INT"] = intLevel
        return levels
    }
    /// The last level driven on DRDY, nil before the first: kept apart from the names, so that the
    /// check at every output read hashes no strings.
    @exclusivity(unchecked) var drdyLevel: Bool?
    /// The last level driven on INT, nil before the first.
    @exclusivity(unchecked) var intLevel: Bool?

    /// The physical values (µT in the chip's axes, °C), or the world's.
    @exclusivity(unchecked) public var inputs = PhysicalInputs([.magUT: [20, 0, -40], .temperatureC: [25]])
    /// The conversion schedule.
    @exclusivity(unchecked) var schedule = Schedule.idle {
        didSet { scheduledEnd = schedule.nextEnd }
    }
    /// ``schedule``'s next conversion end, kept with it: the timebase asks for it at every look, and
    /// working it out each time cost `Duration` arithmetic in 128-bit attoseconds.
    @exclusivity(unchecked) private(set) var scheduledEnd: MonotonicInstant?
    /// Until when SOFT_RST and REBOOT read 1.
    @exclusivity(unchecked) var softResetUntil = MonotonicInstant.zero
    @exclusivity(unchecked) var rebootUntil = MonotonicInstant.zero
    /// With BDU: the high registers whose low byte was read but not they; outputs wait for them.
    @exclusivity(unchecked) var awaitingHigh: Set<UInt8> = []
    /// A conversion held back by BDU.
    @exclusivity(unchecked) var heldSample: (magnetic: SensorComponents<Int16>, temperature: Int16?)?
    /// The noise generator, made at the first noisy sample.
    @exclusivity(unchecked) var noiseGenerator: SplitMix64?

    @exclusivity(unchecked) private var pointer: UInt8 = 0
    @exclusivity(unchecked) private var autoIncrement = false
    @exclusivity(unchecked) private var spiState = SPIState.idle

    /// The conversion schedule.
    enum Schedule {
        /// Power-down: nothing runs.
        case idle
        /// Continuous conversion from `start`, one every `period`; `done` conversions latched.
        case continuous(start: MonotonicInstant, period: Duration, done: Int)
        /// One conversion, complete at `end`.
        case single(end: MonotonicInstant)

        /// When the next conversion ends, or nil when idle.
        var nextEnd: MonotonicInstant? {
            switch self {
            case .idle: nil
            case .single(let end): end
            case .continuous(let start, let period, let done): start + period * (done + 1)
            }
        }
    }

    private enum SPIState {
        case idle
        case command
        case reading
        case writing
    }

    /// Creates a chip that has finished its power-on: reset values, power-down.
    /// - Parameters:
    ///   - clock: the clock conversions are timed on (the simulation's `VirtualClock`).
    ///   - trims: the part's errors. Default: none.
    public init(clock: any MonotonicClock, trims: LIS3MDLTrims = .nominal) {
        self.clock = clock
        self.trims = trims
    }

    /// Resets every register to its reset value, as power-on and SOFT_RST do: power-down, output
    /// registers 0, pins inactive.
    public func reset() {
        control = LIS3MDLRegister.controlResetValues
        interruptConfig = LIS3MDLRegister.interruptConfigReset
        interruptThreshold = 0
        interruptSource = 0
        status = 0
        output = [0, 0, 0]
        temperatureOutput = 0
        awaitingHigh = []
        heldSample = nil
        schedule = .idle
        drivePins()
    }

    /// A power cycle: the same as ``reset()``.
    public func powerCycle() { reset() }

    /// Brings the model up to the clock's time: latches finished conversions and drives the pins,
    /// for a simulation that watches DRDY without bus traffic.
    public func synchronize() { update() }

    // MARK: - I2C

    /// Sets the sub-address from the first byte (bit 7: auto-increment) and writes the rest.
    /// - Parameter bytes: `SUB data…`.
    /// - Returns: `.ack`.
    public func i2cWrite(_ bytes: [UInt8]) -> I2CTargetAcknowledge {
        update()
        guard let sub = bytes.first else { return .ack }
        pointer = sub & 0x7F
        autoIncrement = sub & 0x80 != 0
        for byte in bytes.dropFirst() { writeRegister(advance(), byte) }
        return .ack
    }

    /// Reads from the sub-address on, incrementing only when the sub-address had bit 7 set.
    /// - Parameter bytes: filled with register values.
    public func i2cRead(into bytes: inout [UInt8]) {
        update()
        for index in bytes.indices { bytes[index] = readRegister(advance()) }
    }

    /// A stop condition; the chip keeps its sub-address.
    public func i2cStop() {}

    // MARK: - SPI

    /// Chip select asserted: the next byte is the command.
    public func spiSelect() {
        update()
        spiState = .command
    }

    /// The command byte (RW, MS, address), then data.
    /// - Parameter mosi: the byte from the controller.
    /// - Returns: register data while reading, else 0x00.
    public func spiExchange(_ mosi: UInt8) -> UInt8 {
        switch spiState {
        case .idle:
            return 0x00
        case .command:
            pointer = mosi & 0x3F
            autoIncrement = mosi & 0x40 != 0
            spiState = mosi & 0x80 != 0 ? .reading : .writing
            return 0x00
        case .reading:
            return readRegister(advance())
        case .writing:
            writeRegister(advance(), mosi)
            return 0x00
        }
    }

    /// Chip select released.
    public func spiDeselect() { spiState = .idle }

    /// The register for the current byte; moves the pointer on when auto-increment is on.
    private func advance() -> UInt8 {
        let register = pointer
        if autoIncrement {
            pointer = register == LIS3MDLRegister.outZHigh ? LIS3MDLRegister.outX : (register + 1) & 0x7F
        }
        return register
    }
}
