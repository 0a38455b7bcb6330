// SensorGate — Drivers: a register-level ADXL345 model for the simulated I2C and SPI buses.

import HAL
import HALSim

/// A register-level model of an ADXL345, on a simulated I2C bus or SPI controller.
///
/// The register map and reset values are the datasheet's (register map table 19: all registers 0x00
/// except DEVID 0xE5, BW_RATE 0x0A and INT_SOURCE 0x02). Over I2C the first byte of a write sets the
/// register pointer and reads and writes auto-increment. Over SPI (mode 3 only: CPOL = 1, CPHA = 1) the
/// command byte carries R/W in bit 7 and MB in bit 6 above the 6-bit address; only with MB set does
/// the address advance for further bytes (the datasheet does not say what a transfer without MB does
/// with extra bytes; the model repeats the same register). With the SPI bit of DATA_FORMAT set (3-wire)
/// the chip no longer drives SDO, so 4-wire reads float high (0xFF).
///
/// Samples are taken at each output-data-rate instant from the Measure write on (the first 1.1 ms +
/// 1/ODR later), each from the physical input at its own instant, and pass through the FIFO in the
/// mode FIFO_CTL selects (see `ADXL345Model+FIFO.swift`); the conversion is in
/// `ADXL345Model+Conversion.swift`. The model catches up lazily on every bus access; a scheduler that
/// wants interrupt edges on time calls ``update()`` at ``nextEventInstant``.
public final class ADXL345Model: I2CTarget, SPIRepeatedReadTarget {
    /// The clock samples are timed on.
    public let clock: any MonotonicClock
    /// This part's factory offsets and sensitivity errors.
    public let trims: ADXL345Trims
    /// Measurement noise, or nil for none (the default, so that sweeps are exact).
    @exclusivity(unchecked) public var noise: ADXL345Noise? {
        willSet { catchUpIfScheduled() }
    }
    /// Drives INT1 and INT2 (`ModelContext.interrupt`); called when a pin's level changes.
    @exclusivity(unchecked) public var interrupt: ((_ pin: String, _ level: Bool) -> Void)?
    /// The SPI clock modes the chip accepts: mode 3 (datasheet "SPI": CPOL = 1, CPHA = 1).
    @exclusivity(unchecked) public var supportedModes: Set<SPIMode> = [.mode3]

    /// BW_RATE.
    @exclusivity(unchecked) public internal(set) var dataRate: UInt8 = 0x0A
    /// POWER_CTL.
    @exclusivity(unchecked) public internal(set) var powerControl: UInt8 = 0x00
    /// INT_ENABLE.
    @exclusivity(unchecked) public internal(set) var interruptEnable: UInt8 = 0x00
    /// INT_MAP.
    @exclusivity(unchecked) public internal(set) var interruptMap: UInt8 = 0x00
    /// DATA_FORMAT.
    @exclusivity(unchecked) public internal(set) var dataFormat: UInt8 = 0x00
    /// FIFO_CTL.
    @exclusivity(unchecked) public internal(set) var fifoControl: UInt8 = 0x00
    /// OFSX, OFSY, OFSZ.
    @exclusivity(unchecked) public internal(set) var offsets: [Int8] = [0, 0, 0]
    /// How many samples the chip has converted since it was made.
    @exclusivity(unchecked) public internal(set) var sampleCount = 0
    /// The pins' levels as last driven, by name (`INT1`, `INT2`).
    public var pinLevels: [String: Bool] { ["INT1": int1Level, "INT2": int2Level] }
    /// INT1's level as last driven.
    @exclusivity(unchecked) var int1Level = false
    /// INT2's level as last driven.
    @exclusivity(unchecked) var int2Level = false

    /// The tap, activity and free-fall registers 0x1D…0x2A (stored, not acted on).
    @exclusivity(unchecked) var eventRegisters = [UInt8](repeating: 0, count: 14)
    /// INT_SOURCE bits 6:2 raised by ``signalEvents(_:)``, cleared by reading INT_SOURCE.
    @exclusivity(unchecked) var eventSources: UInt8 = 0
    /// INT_SOURCE Overrun.
    @exclusivity(unchecked) var overrun = false
    /// FIFO_STATUS FIFO_TRIG.
    @exclusivity(unchecked) var fifoTriggered = false
    /// The samples not read yet, oldest first: the one at the output (the data registers), then the
    /// FIFO's 32 entries.
    @exclusivity(unchecked) var unread = ADXL345SampleQueue()
    /// What the data registers show when nothing is unread: the last sample popped.
    @exclusivity(unchecked) var output = ADXL345RawSample(x: 0, y: 0, z: 0)
    /// When a FIFO pop that a data read started completes.
    @exclusivity(unchecked) var popAt: MonotonicInstant?
    /// The output grid while measuring: the first sample's instant and the period, in nanoseconds
    /// (every period is a whole number of them; plain integers keep `Duration` arithmetic off the
    /// per-sample path).
    @exclusivity(unchecked) var grid: (originNs: Int64, periodNs: Int64)?
    /// How many grid samples have been taken.
    @exclusivity(unchecked) var ticksTaken: Int64 = 0
    /// The physical values (m/s² in the chip's axes; ambient °C), or the world's.
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
        .accelMps2: [0, 0, ADXL345Settings.standardGravity], .temperatureC: [25],
    ])
    /// The noise generator, made from the noise seed at the first noisy sample.
    @exclusivity(unchecked) var noiseGenerator: SplitMix64?
    /// Whether a scheduler asks for ``nextEventInstant``: it then calls ``update()`` only where a pin
    /// can change, and the samples due by now are converted before the inputs, the noise or the chip
    /// change from outside (as they would have been with one update per sample).
    @exclusivity(unchecked) var scheduled = false
    /// The conversion's constants, kept while BW_RATE, DATA_FORMAT and the noise stay the same.
    @exclusivity(unchecked) var cachedScale: ADXL345ConversionScale?
    /// ``nextEventInstant`` as last worked out, kept until the state it is a function of changes
    /// (``stateChanged()``); nil: not worked out. The buses and the scheduler ask several times per
    /// sample, and the answer changes only when a sample, a pop or a register access changes the chip.
    @exclusivity(unchecked) var cachedEvent: MonotonicInstant??
    /// Whether the pins may have to change: the chip's state changed since ``refreshPins()`` last ran
    /// (the pins are a function of that state, so with nothing changed it has nothing to do).
    @exclusivity(unchecked) var pinsStale = true

    @exclusivity(unchecked) private var pointer: UInt8 = 0
    @exclusivity(unchecked) private var spiState = SPIState.idle
    /// Whether a data register was read since the last end of a data read.
    @exclusivity(unchecked) private var dataTouched = false
    /// Whether POWER_CTL or BW_RATE was written in the current transaction (takes effect at its end).
    @exclusivity(unchecked) private var scheduleChanged = false

    private enum SPIState {
        case idle
        case command
        case reading(multiple: Bool)
        case writing(multiple: Bool)
    }

    /// Creates a chip that has finished its power-on: standby, reset values, FIFO empty.
    /// - Parameters:
    ///   - clock: the clock samples are timed on (the simulation's `VirtualClock`).
    ///   - trims: the part's factory offsets and sensitivity errors. Default: a nominal part.
    public init(clock: any MonotonicClock, trims: ADXL345Trims = .nominal) {
        self.clock = clock
        self.trims = trims
    }

    /// Powers the chip off and on (it has no soft reset): reset values, standby, FIFO and data
    /// registers cleared, interrupt pins inactive.
    public func reset() {
        catchUpIfScheduled()
        dataRate = 0x0A
        powerControl = 0
        interruptEnable = 0
        interruptMap = 0
        dataFormat = 0
        fifoControl = 0
        offsets = [0, 0, 0]
        eventRegisters = [UInt8](repeating: 0, count: 14)
        eventSources = 0
        overrun = false
        fifoTriggered = false
        unread.removeAll()
        output = ADXL345RawSample(x: 0, y: 0, z: 0)
        popAt = nil
        grid = nil
        ticksTaken = 0
        pointer = 0
        spiState = .idle
        dataTouched = false
        scheduleChanged = false
        stateChanged()
        refreshPins()
    }

    /// Notes that the state INT_SOURCE, the pins and the next event depend on may have changed: the
    /// next event is worked out again when asked, and ``refreshPins()`` drives the pins again.
    @inline(__always) func stateChanged() {
        cachedEvent = nil
        pinsStale = true
    }

    /// Converts the samples due by now when a scheduler defers them (see ``scheduled``).
    private func catchUpIfScheduled() {
        if scheduled { update() }
    }

    // MARK: - I2C

    /// Sets the register pointer from the first byte, then writes the rest to consecutive registers.
    /// - Parameter bytes: `reg data data …`.
    /// - Returns: `.ack`.
    public func i2cWrite(_ bytes: [UInt8]) -> I2CTargetAcknowledge {
        endDataRead()
        update()
        guard let first = bytes.first else { return .ack }
        pointer = first & 0x3F
        for byte in bytes.dropFirst() {
            writeRegister(pointer, byte)
            pointer = (pointer &+ 1) & 0x3F
        }
        return .ack
    }

    /// Reads registers from the pointer on, auto-incrementing.
    /// - Parameter bytes: filled with the register values.
    public func i2cRead(into bytes: inout [UInt8]) {
        endDataRead()
        update()
        for index in bytes.indices {
            bytes[index] = readNext(advance: true)
        }
    }

    /// A stop condition: ends a data read, applies power and rate changes; the pointer is kept.
    public func i2cStop() { endTransaction() }

    // MARK: - SPI

    /// Chip select asserted: the next byte is a command.
    public func spiSelect() {
        update()
        spiState = .command
    }

    /// One byte: the command (R/W, MB, address), then data read or written.
    /// - Parameter mosi: the byte from the controller.
    /// - Returns: register data while reading (0xFF in 3-wire mode: SDO is not driven), else 0x00.
    public func spiExchange(_ mosi: UInt8) -> UInt8 {
        switch spiState {
        case .idle:
            return 0x00
        case .command:
            pointer = mosi & 0x3F
            let multiple = mosi & ADXL345Register.spiMultipleByte != 0
            spiState = mosi & ADXL345Register.spiRead != 0 ? .reading(multiple: multiple) : .writing(multiple: multiple)
            return 0x00
        case .reading(let multiple):
            let value = readNext(advance: multiple)
            return dataFormat & ADXL345Register.spiThreeWire != 0 ? 0xFF : value
        case .writing(let multiple):
            writeRegister(pointer, mosi)
            if multiple { pointer = (pointer &+ 1) & 0x3F }
            return 0x00
        }
    }

    /// A whole segment in one call, byte by byte as ``spiExchange(_:)`` (the bus's path: one call
    /// into the model per segment, not one protocol call per byte).
    /// - Parameters:
    ///   - mosi: the bytes from the controller (zeros past their end).
    ///   - miso: filled with the chip's answer, one byte per byte clocked.
    public func spiExchange(_ mosi: [UInt8], into miso: inout [UInt8]) {
        var start = miso.startIndex
        // A FIFO entry (DATAX0 to DATAZ1 in one multiple-byte read, as the datasheet asks): the six bytes
        // of one sample at once, the same bytes and pointer as six register reads (the data registers
        // change only at the end of the read, and a read ignores MOSI).
        if case .reading(multiple: true) = spiState, pointer == 0x32, miso.count >= 6,
            dataFormat & ADXL345Register.spiThreeWire == 0
        {
            dataTouched = true
            writeDataBytes(into: &miso)
            pointer = 0x38
            start += 6
        }
        for position in start..<miso.endIndex {
            miso[position] = spiExchange(position < mosi.count ? mosi[position] : 0x00)
        }
    }

    /// Chip select released: ends a data read, applies power and rate changes.
    public func spiDeselect() {
        spiState = .idle
        endTransaction()
    }

    /// A FIFO drained entry by entry (``SPIRepeatedReadTarget``): served here when each entry is one
    /// multiple-byte read of DATAX0 to DATAZ1 in 4-wire mode, the driver's FIFO read. Each entry makes
    /// the changes ``spiSelect()``, the command byte, the six data bytes and ``spiDeselect()`` make,
    /// with the bus's clock moves between them; other commands go through the byte exchanges.
    /// - Returns: whether the entries were served here.
    public func spiRepeatedRead(
        _ command: [UInt8], into buffer: UnsafeMutableRawBufferPointer, length: Int, repeats: Int,
        timing: SPIRepeatedReadTiming, clock: VirtualClock?
    ) -> Bool {
        let dataBurst = ADXL345Register.spiRead | ADXL345Register.spiMultipleByte | 0x32
        guard command.count == 1, command[0] == dataBurst, length == 6, buffer.count >= repeats * 6,
            let base = buffer.baseAddress, dataFormat & ADXL345Register.spiThreeWire == 0
        else { return false }
        for entry in 0..<repeats {
            if entry > 0 { clock?.advance(byNanoseconds: timing.releaseNanoseconds) }
            // Selected: the samples due are taken; the command points at DATAX0 for a multiple-byte read.
            update()
            dataTouched = true
            writeDataBytes(to: base + entry &* 6)
            pointer = 0x38
            spiState = .reading(multiple: true)
            clock?.noteTargetAccess(self)
            clock?.advance(byNanoseconds: timing.wireNanoseconds)
            spiDeselect()
            clock?.noteTargetAccess(self)
        }
        return true
    }

    // MARK: - Register map

    /// Reads the register at the pointer and, when `advance`, moves on.
    private func readNext(advance: Bool) -> UInt8 {
        let value = readRegister(pointer)
        if advance { pointer = (pointer &+ 1) & 0x3F }
        return value
    }

    private func readRegister(_ register: UInt8) -> UInt8 {
        switch register {
        case 0x00:
            return ADXL345Register.deviceIDValue
        case 0x1E...0x20:
            return UInt8(bitPattern: offsets[Int(register - 0x1E)])
        case 0x1D...0x2A:
            return eventRegisters[Int(register - 0x1D)]
        case 0x2C:
            return dataRate
        case 0x2D:
            return powerControl
        case 0x2E:
            return interruptEnable
        case 0x2F:
            return interruptMap
        case 0x30:
            let value = interruptSource
            eventSources = 0
            stateChanged()
            refreshPins()
            return value
        case 0x31:
            return dataFormat
        case 0x32...0x37:
            dataTouched = true
            return dataByte(Int(register - 0x32))
        case 0x38:
            return fifoControl
        case 0x39:
            return (fifoTriggered ? ADXL345Register.fifoTriggered : 0) | UInt8(entries)
        default:
            return 0x00
        }
    }

    private func writeRegister(_ register: UInt8, _ value: UInt8) {
        switch register {
        case 0x1E...0x20:
            offsets[Int(register - 0x1E)] = Int8(bitPattern: value)
        case 0x1D...0x2A:
            eventRegisters[Int(register - 0x1D)] = value
        case 0x2C:
            dataRate = value & 0x1F
            scheduleChanged = true
        case 0x2D:
            powerControl = value & 0x3F
            scheduleChanged = true
        case 0x2E:
            interruptEnable = value
        case 0x2F:
            interruptMap = value
        case 0x31:
            dataFormat = value & 0xEF
        case 0x38:
            writeFIFOControl(value)
        default:
            break
        }
        stateChanged()
        refreshPins()
    }

    /// Data register `index` (0: DATAX0 … 5: DATAZ1) of the oldest unread sample (or the last one
    /// popped), justified as DATA_FORMAT asks: right-justified with sign extension, or left-justified
    /// with the MSB at bit 15.
    private func dataByte(_ index: Int) -> UInt8 {
        let sample = unread.oldest() ?? output
        let code = index < 2 ? sample.x : index < 4 ? sample.y : sample.z
        let bits = UInt16(bitPattern: code << dataShift)
        return UInt8(truncatingIfNeeded: index % 2 == 0 ? bits : bits >> 8)
    }

    /// DATAX0 to DATAZ1 of the sample ``dataByte(_:)`` reads, into the first six bytes of `bytes`.
    /// - Parameter bytes: at least six bytes.
    private func writeDataBytes(into bytes: inout [UInt8]) {
        let (x, y, z) = dataWords()
        let start = bytes.startIndex
        bytes[start] = UInt8(truncatingIfNeeded: x)
        bytes[start + 1] = UInt8(truncatingIfNeeded: x >> 8)
        bytes[start + 2] = UInt8(truncatingIfNeeded: y)
        bytes[start + 3] = UInt8(truncatingIfNeeded: y >> 8)
        bytes[start + 4] = UInt8(truncatingIfNeeded: z)
        bytes[start + 5] = UInt8(truncatingIfNeeded: z >> 8)
    }

    /// DATAX0 to DATAZ1 of the sample ``dataByte(_:)`` reads, into the six bytes at `bytes`.
    /// - Parameter bytes: where the six bytes go.
    private func writeDataBytes(to bytes: UnsafeMutableRawPointer) {
        let (x, y, z) = dataWords()
        bytes.storeBytes(of: x.littleEndian, toByteOffset: 0, as: UInt16.self)
        bytes.storeBytes(of: y.littleEndian, toByteOffset: 2, as: UInt16.self)
        bytes.storeBytes(of: z.littleEndian, toByteOffset: 4, as: UInt16.self)
    }

    /// The data registers' three little-endian words (X, Y, Z) of the sample ``dataByte(_:)`` reads.
    @inline(__always)
    private func dataWords() -> (UInt16, UInt16, UInt16) {
        let sample = unread.oldest() ?? output
        let shift = dataShift
        return (
            UInt16(bitPattern: sample.x << shift), UInt16(bitPattern: sample.y << shift),
            UInt16(bitPattern: sample.z << shift)
        )
    }

    /// How far DATA_FORMAT's justify bit shifts a code: left-justified puts the MSB at bit 15.
    private var dataShift: Int {
        dataFormat & ADXL345Register.justify != 0 ? 16 - currentSettings.resolutionBits : 0
    }

    /// Ends a data read if one is open: the FIFO starts popping. The datasheet marks the end of reading
    /// the data registers by CS going high or by the pointer moving from 0x37 to 0x38, that is at the
    /// end of the last data byte; the simulated buses move the clock only between transfers, so the
    /// model takes the end of the transaction (CS high, the stop, or a repeated start) for both.
    private func endDataRead() {
        guard dataTouched else { return }
        dataTouched = false
        startPop()
    }

    /// The end of a transaction: a data read ends; power and rate writes take effect now.
    private func endTransaction() {
        endDataRead()
        update()
        if scheduleChanged {
            scheduleChanged = false
            applySchedule()
            stateChanged()
        }
        refreshPins()
    }
}
