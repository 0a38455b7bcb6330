// SensorGate — Drivers: a register-level MPU-6050 model for the simulated I2C bus.

import HAL
import HALSim

/// A register-level model of an InvenSense MPU-6050 on a simulated I2C bus.
///
/// Register map and reset values are the register map's (§3: every register 0 except PWR_MGMT_1 0x40,
/// asleep, and WHO_AM_I 0x68). The first byte of a write is the register address and further bytes go
/// to following registers; reads auto-increment, except at FIFO_R_W, where every byte pops the FIFO.
/// Samples are taken at the sample rate while the chip is awake (see `MPU6050Model+Conversion.swift`);
/// the FIFO and the INT pin are in `MPU6050Model+FIFO.swift`.
public final class MPU6050Model: I2CTarget {
    /// The clock samples are timed on.
    public let clock: any MonotonicClock
    /// This part's zero offsets, drift and temperature offset.
    public let trim: InertialTrim
    /// How long DEVICE_RESET takes. The register map gives no figure, only InvenSense's 100 ms wait;
    /// the model takes 50 ms, ignores writes meanwhile and shows DEVICE_RESET set.
    @exclusivity(unchecked) public var deviceResetDuration: Duration = .milliseconds(50)
    /// The datasheet's noise, or nil for noiseless conversions (the default, so sweeps are exact).
    @exclusivity(unchecked) public var noise: InertialNoise?

    /// The sensor registers ACCEL_XOUT … GYRO_ZOUT as the chip shows them.
    @exclusivity(unchecked) public internal(set) var output = MPU6050RawSample.zero
    /// INT_STATUS: FIFO_OFLOW_INT and DATA_RDY_INT.
    @exclusivity(unchecked) public internal(set) var intStatus: UInt8 = 0
    /// How many samples have been converted (samples nobody can observe, overwritten in the FIFO or
    /// replaced in the sensor registers before a read, are skipped).
    @exclusivity(unchecked) public internal(set) var conversionCount = 0

    /// The writable registers, by address; status, sensor and FIFO registers are computed.
    @exclusivity(unchecked) var file = MPU6050Model.resetFile
    /// The physical values in SI units the chip measures, or the world's.
    @exclusivity(unchecked) public var inputs = PhysicalInputs([
        .accelMps2: [0, 0, InertialUnits.standardGravity], .gyroRadps: [0, 0, 0], .temperatureC: [25],
    ])
    /// The die temperature at the last sample.
    @exclusivity(unchecked) var dieTemperatureC = 25.0
    /// When the sample clock last started (wake, or a change of rate); sample k is at epoch + k periods.
    @exclusivity(unchecked) var epoch = MonotonicInstant.zero
    /// The last sample index taken since ``epoch``.
    @exclusivity(unchecked) var lastTick: Int64 = 0
    /// The last accelerometer sample (the accelerometer runs at 1 kHz; faster sample rates repeat it).
    @exclusivity(unchecked) var accelCache: (time: MonotonicInstant, codes: SensorComponents<Int16>)?
    /// Until when DEVICE_RESET reads 1.
    @exclusivity(unchecked) var resetUntil = MonotonicInstant.zero
    /// ``periodNs`` as last worked out, with the SMPLRT_DIV and CONFIG bytes it came from.
    @exclusivity(unchecked) var cachedPeriod: (registers: UInt16, nanoseconds: Int64)?
    /// The FIFO bytes, oldest first.
    @exclusivity(unchecked) var fifo = MPU6050FIFOBytes()
    /// The byte FIFO_R_W returns when the FIFO is empty: the last one read.
    @exclusivity(unchecked) var lastFIFOByte: UInt8 = 0
    /// FIFO_COUNT as latched by the last read of FIFO_COUNT_H.
    @exclusivity(unchecked) var latchedCount = 0
    /// Whether an unlatched (50 µs pulse) interrupt is due at the next pin update.
    @exclusivity(unchecked) var pulsePending = false
    /// The level INT was last driven to.
    @exclusivity(unchecked) var intLevel = false
    /// Drives a pin by name.
    let interrupt: ((_ pin: String, _ level: Bool) -> Void)?

    @exclusivity(unchecked) private var pointer: UInt8 = 0

    /// Register values after power-on or DEVICE_RESET: PWR_MGMT_1 0x40, WHO_AM_I 0x68, all others 0.
    static let resetFile: [UInt8] = {
        var file = [UInt8](repeating: 0, count: 0x80)
        file[0x6B] = MPU6050Register.sleep
        file[0x75] = MPU6050Register.whoAmIValue
        return file
    }()

    /// The registers a host may write: self-test 0x0D…0x10, configuration 0x19…0x38 (not INT_STATUS
    /// or the sensor registers), I2C master delay and resets 0x63…0x6C.
    static func isWritable(_ register: UInt8) -> Bool {
        switch register {
        case 0x0D...0x10, 0x19...0x38, 0x63...0x6C: true
        default: false
        }
    }

    /// Creates a chip that has finished its power-on: asleep, reset values.
    /// - Parameters:
    ///   - clock: the clock samples are timed on (the simulation's `VirtualClock`).
    ///   - trim: the part's offsets. Default: the nominal part.
    ///   - noiseSeed: a seed for the datasheet's noise, or nil for none. Default: nil.
    ///   - interrupt: drives INT (`"INT"`, level). Default: nil (not wired).
    public init(
        clock: any MonotonicClock, trim: InertialTrim = .nominal(), noiseSeed: UInt64? = nil,
        interrupt: ((_ pin: String, _ level: Bool) -> Void)? = nil
    ) {
        self.clock = clock
        self.trim = trim
        self.noise = noiseSeed.map { InertialNoise(seed: $0) }
        self.interrupt = interrupt
    }

    /// Power-cycles the chip: reset values, asleep, FIFO empty, INT inactive.
    public func reset() {
        restoreDefaults()
        resetUntil = clock.now()
        pointer = 0
        driveInterrupt()
    }

    /// What power-on and DEVICE_RESET share: registers, outputs and FIFO to their reset state.
    func restoreDefaults() {
        file = Self.resetFile
        output = .zero
        intStatus = 0
        fifo.removeAll()
        latchedCount = 0
        lastFIFOByte = 0
        accelCache = nil
        pulsePending = false
        lastTick = 0
    }

    /// Whether the chip is sampling: awake and not resetting.
    var awake: Bool { file[0x6B] & MPU6050Register.sleep == 0 && clock.now() >= resetUntil }

    // MARK: - I2C

    /// Sets the register address from the first byte and writes the rest to following registers.
    /// - Parameter bytes: `reg data data …`.
    /// - Returns: `.ack`.
    public func i2cWrite(_ bytes: [UInt8]) -> I2CTargetAcknowledge {
        update()
        guard let first = bytes.first else { return .ack }
        pointer = first & 0x7F
        for byte in bytes.dropFirst() {
            writeRegister(pointer, byte)
            if pointer != MPU6050Register.fifoReadWrite { pointer = (pointer &+ 1) & 0x7F }
        }
        return .ack
    }

    /// Reads registers from the address on; FIFO_R_W does not advance.
    /// - Parameter bytes: filled with the register values.
    public func i2cRead(into bytes: inout [UInt8]) {
        update()
        for index in bytes.indices {
            if pointer == MPU6050Register.fifoReadWrite {
                // The pointer stays on FIFO_R_W: the rest of the read drains the FIFO in one copy.
                popFIFOBytes(into: &bytes, from: index)
                break
            }
            bytes[index] = readRegister(pointer)
            pointer = (pointer &+ 1) & 0x7F
        }
        if file[0x37] & MPU6050Register.intClearOnAnyRead != 0, !bytes.isEmpty { intStatus = 0 }
    }

    /// A stop condition: INT follows what the transaction read.
    public func i2cStop() { driveInterrupt() }

    // MARK: - Register map

    private func readRegister(_ register: UInt8) -> UInt8 {
        switch register {
        case 0x3A:
            let value = intStatus
            intStatus = 0
            return value
        case 0x3B...0x48:
            return output.byte(at: Int(register - 0x3B))
        case 0x6B:
            return file[0x6B] | (clock.now() < resetUntil ? MPU6050Register.deviceReset : 0)
        case 0x72:
            latchedCount = fifo.count
            return UInt8(truncatingIfNeeded: latchedCount >> 8)
        case 0x73:
            return UInt8(truncatingIfNeeded: latchedCount)
        // FIFO_R_W (0x74) never comes here: `i2cRead` drains it from the pointer on in one copy.
        default:
            return file[Int(register)]
        }
    }

    private func writeRegister(_ register: UInt8, _ value: UInt8) {
        let now = clock.now()
        guard now >= resetUntil, Self.isWritable(register) else { return }
        switch register {
        case 0x6B where value & MPU6050Register.deviceReset != 0:
            restoreDefaults()
            resetUntil = now + deviceResetDuration
        case 0x6B:
            let wasAwake = awake
            file[0x6B] = value & 0x6F
            if !wasAwake && awake { restartSampling() }
        case 0x19, 0x1A:
            file[Int(register)] = value
            restartSampling()
        case 0x68:
            break  // GYRO/ACCEL/TEMP_RESET reset the signal paths; the register map: not the sensor registers.
        case 0x6A:
            userControlWritten(value)
        default:
            file[Int(register)] = value
        }
    }
}
