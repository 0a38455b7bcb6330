// SensorGate — Drivers: a register-level LSM6DSO model for the simulated I2C and SPI buses.

import HAL
import HALSim

/// A register-level model of an ST LSM6DSO, on a simulated I2C bus or SPI controller.
///
/// Register map and reset values are the datasheet's (CTRL3_C 0x04 with IF_INC set, WHO_AM_I 0x6C,
/// output registers 0). Over I2C the first byte of a write is the register address and further bytes
/// are written to following registers; over SPI bit 7 of the command byte is the read bit and bits 6:0
/// the address (modes 0 and 3). Either way the address auto-increments only while CTRL3_C.IF_INC is
/// set, and from FIFO_DATA_OUT_Z_H (0x7E) it rolls back to FIFO_DATA_OUT_TAG (0x78). Samples are taken
/// on the clock at each ODR tick of a time base started at power-on or reset (see
/// `LSM6DSOModel+Conversion.swift`); the FIFO and INT1 are in `LSM6DSOModel+FIFO.swift`.
public final class LSM6DSOModel: I2CTarget, SPITarget {
    /// The clock samples are timed on.
    public let clock: any MonotonicClock
    /// This part's zero offsets, drift and temperature offset.
    public let trim: InertialTrim
    /// The SPI clock modes the chip accepts: 0 and 3 (CPOL = CPHA, as the datasheet's SPI timing shows).
    @exclusivity(unchecked) public var supportedModes: Set<SPIMode> = [.mode0, .mode3]
    /// How long CTRL3_C.SW_RESET stays set after it is written (AN5192 §5.7: about 50 µs); writes in
    /// that time are ignored.
    @exclusivity(unchecked) public var softwareResetDuration: Duration = .microseconds(50)
    /// How long CTRL3_C.BOOT stays set after it is written (AN5192 §5.7: 10 ms).
    @exclusivity(unchecked) public var bootDuration: Duration = .milliseconds(10)
    /// The datasheet's noise, or nil for noiseless conversions (the default, so sweeps are exact).
    public var noise: InertialNoise? {
        get { noiseState }
        set {
            catchUpIfScheduled()
            noiseState = newValue
        }
    }
    /// The noise generator ``noise`` sets, drawn in place.
    @exclusivity(unchecked) var noiseState: InertialNoise?

    /// The output registers OUT_TEMP … OUTZ_A as the chip shows them.
    @exclusivity(unchecked) public internal(set) var output = LSM6DSORawSample.zero
    /// STATUS_REG: TDA, GDA, XLDA.
    @exclusivity(unchecked) public internal(set) var status: UInt8 = 0
    /// How many accelerometer or gyroscope samples have been converted (ticks nobody can observe,
    /// overwritten in the FIFO or replaced in the output registers before a read, are skipped).
    @exclusivity(unchecked) public internal(set) var conversionCount = 0

    /// The writable registers, by address; status, output and FIFO registers are computed.
    @exclusivity(unchecked) var file = LSM6DSOModel.resetFile
    /// The physical values in SI units the chip measures, or the world's.
    /// Setting them first converts the samples due under the old ones (when a scheduler drives the model).
    public var inputs: PhysicalInputs {
        get { storedInputs }
        set {
            catchUpIfScheduled()
            storedInputs = newValue
        }
    }
    /// ``inputs`` itself, which conversions read in place (``PhysicalInputs/sample(_:at:)``).
    @exclusivity(unchecked) var storedInputs = PhysicalInputs([
        .accelMps2: [0, 0, InertialUnits.standardGravity], .gyroRadps: [0, 0, 0], .temperatureC: [25],
    ])
    /// The die temperature at the last sample (drives the offset drift and ``sampleRange(_:)``).
    @exclusivity(unchecked) var dieTemperatureC = 25.0
    /// The start of the time base ODR ticks count from.
    @exclusivity(unchecked) var epoch: MonotonicInstant
    /// The accelerometer's and gyroscope's tick schedules.
    @exclusivity(unchecked) var accelSchedule = Schedule()
    /// The gyroscope's tick schedule.
    @exclusivity(unchecked) var gyroSchedule = Schedule()
    /// Until when SW_RESET reads 1.
    @exclusivity(unchecked) var resetUntil = MonotonicInstant.zero
    /// Until when BOOT reads 1.
    @exclusivity(unchecked) var bootUntil = MonotonicInstant.zero
    /// The FIFO words, oldest first, packed as the chip shows them.
    @exclusivity(unchecked) var fifo = LSM6DSOFIFORing()
    /// Whether FIFO mode stopped collecting because the FIFO filled.
    @exclusivity(unchecked) var fifoStopped = false
    /// FIFO_OVR_IA: full and data lost, until a word is read.
    @exclusivity(unchecked) var fifoOverrunNow = false
    /// FIFO_OVR_LATCHED: until FIFO_STATUS2 is read.
    @exclusivity(unchecked) var fifoOverrunLatched = false
    /// TAG_CNT of the last batched time slot, and its instant.
    @exclusivity(unchecked) var slotCounter = 0
    /// The instant of the last batched time slot.
    @exclusivity(unchecked) var slotTime: MonotonicInstant?
    /// The level INT1 was last driven to.
    @exclusivity(unchecked) var int1Level = false
    /// Drives a pin by name.
    let interrupt: ((_ pin: String, _ level: Bool) -> Void)?
    /// Whether a scheduler asks for ``nextEventInstant``: it then calls ``update()`` only where INT1
    /// can change, and the ticks due by now are converted before the inputs, the noise or the chip
    /// change from outside (as they would have been with one update per tick).
    @exclusivity(unchecked) var scheduled = false
    /// ``nextEventInstant`` as last computed, or nil when something may have changed it since: it
    /// depends only on state that ``update()`` and register accesses change, which clear it (the
    /// timebase asks every model at each of its entries, most of the time with nothing changed).
    @exclusivity(unchecked) var cachedEvent: MonotonicInstant?? = nil

    @exclusivity(unchecked) private var pointer: UInt8 = 0
    @exclusivity(unchecked) private var spiState = SPIState.idle

    /// One sensor's ticks.
    struct Schedule {
        /// The rate; power-down takes no samples.
        var rate = LSM6DSODataRate.powerDown
        /// The index of the last tick processed on the time base.
        var lastTick: Int64 = 0
    }

    private enum SPIState {
        case idle
        case command
        case reading
        case writing
    }

    /// Register values after power-on or SW_RESET (DS12140 §8): PIN_CTRL 0x3F, CTRL3_C 0x04 (IF_INC),
    /// CTRL9_XL 0xE0, WHO_AM_I 0x6C; everything else 0.
    static let resetFile: [UInt8] = {
        var file = [UInt8](repeating: 0, count: 0x80)
        file[0x02] = 0x3F
        file[0x0F] = LSM6DSORegister.whoAmIValue
        file[0x12] = LSM6DSORegister.autoIncrement
        file[0x18] = 0xE0
        return file
    }()

    /// The registers a host may write: configuration 0x01…0x19 (not WHO_AM_I), interrupt configuration
    /// 0x56…0x5F, I3C 0x62, and the accelerometer user offsets 0x73…0x75.
    static func isWritable(_ register: UInt8) -> Bool {
        switch register {
        case 0x01...0x0E, 0x10...0x19, 0x56...0x5F, 0x62, 0x73...0x75: true
        default: false
        }
    }

    /// Creates a chip that has finished its power-on: both sensors in power-down, reset values.
    /// - Parameters:
    ///   - clock: the clock samples are timed on (the simulation's `VirtualClock`).
    ///   - trim: the part's offsets. Default: the nominal part.
    ///   - noiseSeed: a seed for the datasheet's noise, or nil for none. Default: nil.
    ///   - interrupt: drives INT1 (`"INT1"`, level). Default: nil (not wired).
    public init(
        clock: any MonotonicClock, trim: InertialTrim = .nominal(), noiseSeed: UInt64? = nil,
        interrupt: ((_ pin: String, _ level: Bool) -> Void)? = nil
    ) {
        self.clock = clock
        self.trim = trim
        self.noiseState = noiseSeed.map { InertialNoise(seed: $0) }
        self.interrupt = interrupt
        self.epoch = clock.now()
    }

    /// Power-cycles the chip: reset values, both sensors in power-down, FIFO empty, INT1 inactive.
    public func reset() {
        catchUpIfScheduled()
        restoreDefaults()
        resetUntil = clock.now()
        pointer = 0
        spiState = .idle
        driveInterrupt()
    }

    /// Converts the ticks due by now when a scheduler defers them (see ``scheduled``).
    private func catchUpIfScheduled() {
        if scheduled { update() }
    }

    /// What power-on and SW_RESET share: registers, outputs, FIFO and time base to their reset state.
    func restoreDefaults() {
        cachedEvent = nil
        file = Self.resetFile
        output = .zero
        status = 0
        accelSchedule = Schedule()
        gyroSchedule = Schedule()
        fifo.removeAll()
        fifoStopped = false
        fifoOverrunNow = false
        fifoOverrunLatched = false
        slotCounter = 0
        slotTime = nil
        bootUntil = clock.now()
        epoch = clock.now()
    }

    // MARK: - I2C

    /// Sets the register address from the first byte and writes the rest to following registers.
    /// - Parameter bytes: `SUB data data …`.
    /// - Returns: `.ack`.
    public func i2cWrite(_ bytes: [UInt8]) -> I2CTargetAcknowledge {
        update()
        guard let first = bytes.first else { return .ack }
        pointer = first & 0x7F
        for byte in bytes.dropFirst() {
            writeRegister(pointer, byte)
            pointer = next(pointer)
        }
        return .ack
    }

    /// Reads registers from the address on.
    /// - Parameter bytes: filled with the register values.
    public func i2cRead(into bytes: inout [UInt8]) {
        update()
        for index in bytes.indices {
            bytes[index] = readRegister(pointer)
            pointer = next(pointer)
        }
    }

    /// A stop condition: INT1 follows what the transaction read.
    public func i2cStop() { driveInterrupt() }

    // MARK: - SPI

    /// Chip select asserted: the next byte is a command.
    public func spiSelect() {
        update()
        spiState = .command
    }

    /// One byte: the command (read bit 7, address 6:0), then data out or in.
    /// - Parameter mosi: the byte from the controller.
    /// - Returns: register data while reading, else 0x00.
    public func spiExchange(_ mosi: UInt8) -> UInt8 {
        switch spiState {
        case .idle:
            return 0x00
        case .command:
            pointer = mosi & 0x7F
            spiState = mosi & 0x80 != 0 ? .reading : .writing
            return 0x00
        case .reading:
            let value = readRegister(pointer)
            pointer = next(pointer)
            return value
        case .writing:
            writeRegister(pointer, mosi)
            pointer = next(pointer)
            return 0x00
        }
    }

    /// A whole segment: the command byte if one is due, then register data out or in, in one call
    /// (a FIFO drain of many words is one call from the bus, not one per byte).
    /// - Parameters:
    ///   - mosi: the bytes from the controller (empty: zeros).
    ///   - miso: filled with register data while reading, else 0x00.
    public func spiExchange(_ mosi: [UInt8], into miso: inout [UInt8]) {
        var position = 0
        if spiState == .command, !miso.isEmpty {
            miso[0] = spiExchange(mosi.first ?? 0x00)
            position = 1
        }
        switch spiState {
        case .reading:
            // Whole FIFO words while the address sits on FIFO_DATA_OUT_TAG with IF_INC on (it rolls back
            // there after FIFO_DATA_OUT_Z_H): the same bytes and state as seven register reads each.
            let word = LSM6DSORegister.fifoWordLength
            if file[0x12] & LSM6DSORegister.autoIncrement != 0 {
                while pointer == LSM6DSORegister.fifoDataOutTag, miso.count - position >= word, !fifo.isEmpty {
                    cachedEvent = nil
                    fifo.popOldest(into: &miso, at: position)
                    fifoOverrunNow = false
                    position += word
                }
            }
            while position < miso.count {
                miso[position] = readRegister(pointer)
                pointer = next(pointer)
                position += 1
            }
        case .writing:
            while position < miso.count {
                writeRegister(pointer, position < mosi.count ? mosi[position] : 0x00)
                pointer = next(pointer)
                miso[position] = 0x00
                position += 1
            }
        case .idle, .command:
            while position < miso.count {
                miso[position] = 0x00
                position += 1
            }
        }
    }

    /// Chip select released.
    public func spiDeselect() {
        spiState = .idle
        driveInterrupt()
    }

    // MARK: - Register map

    /// The next address of a multi-byte access: the same one without IF_INC; 0x7E rolls back to 0x78.
    private func next(_ register: UInt8) -> UInt8 {
        guard file[0x12] & LSM6DSORegister.autoIncrement != 0 else { return register }
        return register == LSM6DSORegister.fifoDataOutLast ? LSM6DSORegister.fifoDataOutTag : (register &+ 1) & 0x7F
    }

    private func readRegister(_ register: UInt8) -> UInt8 {
        cachedEvent = nil
        switch register {
        case 0x12:
            let now = clock.now()
            return file[0x12] | (now < resetUntil ? LSM6DSORegister.softwareReset : 0)
                | (now < bootUntil ? LSM6DSORegister.boot : 0)
        case 0x1E:
            return status
        case 0x20...0x2D:
            let offset = Int(register - 0x20)
            status &=
                ~(offset < 2
                ? LSM6DSORegister.temperatureDataAvailable
                : offset < 8 ? LSM6DSORegister.gyroDataAvailable : LSM6DSORegister.accelDataAvailable)
            return output.byte(at: offset)
        case 0x3A:
            return UInt8(truncatingIfNeeded: fifo.count)
        case 0x3B:
            let value = fifoStatus2
            fifoOverrunLatched = false
            return value
        case 0x78...0x7E:
            return readFIFOByte(Int(register - 0x78))
        default:
            return file[Int(register)]
        }
    }

    private func writeRegister(_ register: UInt8, _ value: UInt8) {
        cachedEvent = nil
        let now = clock.now()
        guard now >= resetUntil, Self.isWritable(register) else { return }
        switch register {
        case 0x12 where value & LSM6DSORegister.softwareReset != 0:
            restoreDefaults()
            resetUntil = now + softwareResetDuration
        case 0x12:
            if value & LSM6DSORegister.boot != 0 { bootUntil = now + bootDuration }
            file[0x12] = value & 0x7C
        case 0x10:
            reschedule(LSM6DSORegister.tagAccel, LSM6DSODataRate.decode(value >> 4))
            file[0x10] = value
        case 0x11:
            reschedule(LSM6DSORegister.tagGyro, LSM6DSODataRate.decode(value >> 4))
            file[0x11] = value
        case 0x0A:
            file[0x0A] = value
            fifoModeWritten()
        default:
            file[Int(register)] = value
        }
    }
}
