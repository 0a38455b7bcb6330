// SensorGate — Drivers: a register-level TMP117 model for the simulated I2C bus.

import HAL
import HALSim

/// A register-level model of a TMP117 on a simulated I2C bus.
///
/// The register map and reset values are the datasheet's (§7.6): 16-bit registers behind a pointer byte,
/// MSB first; a write is `pointer MSB LSB`, a write of the pointer alone selects the register for reads;
/// the pointer does not auto-increment, so a read past two bytes repeats the register. Configuration,
/// THigh_Limit, TLow_Limit, Temp_Offset and EEPROM1–3 load from the model's EEPROM at power-on and
/// soft reset (EEPROM_Busy meanwhile); with EEPROM_UL.EUN set, writes to them are also programmed into
/// the EEPROM (7 ms busy). Conversions follow MOD, CONV and AVG (see `TMP117Model+Conversion.swift`);
/// Data_Ready and the alert flags behave as §7.4 describes, and the ALERT pin is driven through
/// ``interrupt`` with its electrical level (true = high): active low unless POL is set, showing
/// Data_Ready with DR/Alert set and the alert flags otherwise.
public final class TMP117Model: I2CTarget {
    /// The clock conversions and resets are timed on.
    public let clock: any MonotonicClock
    /// The part's own error and factory EEPROM words.
    public let part: TMP117Part
    /// Device_ID: 0x0117 (revision 0).
    @exclusivity(unchecked) public var deviceID: UInt16 = 0x0117
    /// The seed of the result noise (1 LSB RMS without averaging, 1/√N LSB with N), or nil for none
    /// (the default, so that sweeps are exact).
    @exclusivity(unchecked) public var noiseSeed: UInt64?
    /// Drives the ALERT pin: `("ALERT", level)`, level true for a high line; called on every change.
    @exclusivity(unchecked) public var interrupt: ((_ pin: String, _ level: Bool) -> Void)?
    /// The power-on time before conversions begin (datasheet §7.3.1): 1.5 ms.
    @exclusivity(unchecked) public var powerOnTime = Duration.microseconds(1500)
    /// The soft-reset duration (Configuration bit 1): 2 ms.
    @exclusivity(unchecked) public var softResetTime = Duration.milliseconds(2)
    /// The EEPROM programming time: 7 ms.
    @exclusivity(unchecked) public var eepromProgramTime = Duration.milliseconds(7)

    /// Configuration bits 11:2 as they read back (MOD 10 reads 00; a finished one-shot reads 01).
    @exclusivity(unchecked) public internal(set) var configuration: UInt16 = 0x0220
    /// HIGH_Alert, LOW_Alert and Data_Ready.
    @exclusivity(unchecked) public internal(set) var flags: UInt16 = 0
    /// Temp_Result.
    @exclusivity(unchecked) public internal(set) var result: UInt16 = TMP117Register.resetResult
    /// THigh_Limit.
    @exclusivity(unchecked) public internal(set) var highLimit: UInt16 = 0x6000
    /// TLow_Limit.
    @exclusivity(unchecked) public internal(set) var lowLimit: UInt16 = 0x8000
    /// Temp_Offset.
    @exclusivity(unchecked) public internal(set) var offset: UInt16 = 0
    /// EEPROM1–3 as the registers hold them.
    @exclusivity(unchecked) public internal(set) var general: [UInt16]
    /// Whether EEPROM_UL.EUN is set.
    @exclusivity(unchecked) public internal(set) var eepromUnlocked = false
    /// How many conversions have completed since the model was created.
    @exclusivity(unchecked) public internal(set) var conversionCount = 0

    /// The EEPROM: what Configuration, the limits, Temp_Offset and EEPROM1–3 load at a reset.
    @exclusivity(unchecked) var nonVolatile: NonVolatile
    /// The physical value the chip measures (°C), or the world's.
    @exclusivity(unchecked) public var inputs = PhysicalInputs([.temperatureC: [20]])
    /// The conversion schedule.
    @exclusivity(unchecked) var schedule = Schedule.shutdown {
        didSet { scheduledEnd = schedule.nextEnd }
    }
    /// ``schedule``'s next conversion end, kept with it: the timebase asks for it at every look, and
    /// working it out each time cost `Duration` arithmetic in 128-bit attoseconds.
    @exclusivity(unchecked) private(set) var scheduledEnd: MonotonicInstant?
    /// Until when EEPROM_Busy reads 1 (a reset's EEPROM load or programming).
    @exclusivity(unchecked) var busyUntil = MonotonicInstant.zero
    /// The last level the ALERT pin was driven to.
    @exclusivity(unchecked) var alertLevel: Bool?
    /// The noise generator, made from the noise seed at the first noisy conversion.
    @exclusivity(unchecked) var noiseGenerator: SplitMix64?

    @exclusivity(unchecked) private var pointer: UInt8 = 0

    /// The registers the EEPROM holds.
    struct NonVolatile {
        var configuration: UInt16 = 0x0220
        var highLimit: UInt16 = 0x6000
        var lowLimit: UInt16 = 0x8000
        var offset: UInt16 = 0
        var general: [UInt16]
    }

    /// The conversion schedule.
    enum Schedule {
        /// No conversions (MOD 01).
        case shutdown
        /// Conversion k ends at `start + k·cycle + active`; `latched` conversions have been latched.
        case continuous(start: MonotonicInstant, active: Duration, cycle: Duration, latched: Int)
        /// One conversion ending at `end`, then shutdown.
        case oneShot(end: MonotonicInstant)

        /// When the running conversion ends, or nil in shutdown.
        var nextEnd: MonotonicInstant? {
            switch self {
            case .shutdown: nil
            case .oneShot(let end): end
            case .continuous(let start, let active, let cycle, let latched): start + active + cycle * latched
            }
        }
    }

    /// Creates a chip that has finished its power-on with the factory EEPROM: continuous conversion,
    /// 8 averages, 1 s cycle, the first conversion running from now.
    /// - Parameters:
    ///   - clock: the clock conversions are timed on (the simulation's `VirtualClock`).
    ///   - part: the part's error and EEPROM words. Default: nominal.
    public init(clock: any MonotonicClock, part: TMP117Part = .nominal) {
        self.clock = clock
        self.part = part
        self.general = part.eeprom
        self.nonVolatile = NonVolatile(general: part.eeprom)
        load(conversionsFrom: clock.now())
    }

    /// A power-on: the registers load from the EEPROM (EEPROM_Busy for ``powerOnTime``), Temp_Result
    /// reads 0x8000, and conversions begin after the power-on time.
    public func reset() { reset(for: powerOnTime) }

    /// Resets the chip for `duration`, after which conversions begin.
    func reset(for duration: Duration) {
        let now = clock.now()
        busyUntil = now + duration
        load(conversionsFrom: now + duration)
        driveAlert()
    }

    /// Loads the registers from the EEPROM and schedules conversions as the loaded MOD says (one-shot
    /// cannot be a start-up mode: it starts in shutdown).
    private func load(conversionsFrom start: MonotonicInstant) {
        configuration = nonVolatile.configuration & TMP117Configuration.settingsMask
        highLimit = nonVolatile.highLimit
        lowLimit = nonVolatile.lowLimit
        offset = nonVolatile.offset
        general = nonVolatile.general
        eepromUnlocked = false
        flags = 0
        result = TMP117Register.resetResult
        switch (configuration & TMP117Configuration.modeMask) >> 10 {
        case 0b01, 0b11:
            configuration = configuration & ~TMP117Configuration.modeMask | 0b01 << 10
            schedule = .shutdown
        default:
            configuration &= ~TMP117Configuration.modeMask
            startContinuous(at: start)
        }
    }

    // MARK: - I2C

    /// Sets the pointer from the first byte; with two more bytes, writes the register (MSB first).
    /// - Parameter bytes: `pointer [MSB LSB]`.
    /// - Returns: `.ack`.
    public func i2cWrite(_ bytes: [UInt8]) -> I2CTargetAcknowledge {
        update()
        guard let first = bytes.first else { return .ack }
        pointer = first
        if bytes.count >= 3 { writeRegister(pointer, UInt16(bytes[1]) << 8 | UInt16(bytes[2])) }
        return .ack
    }

    /// Reads the pointed register, MSB first, repeated for longer reads.
    /// - Parameter bytes: filled with the register.
    public func i2cRead(into bytes: inout [UInt8]) {
        update()
        let value = readRegister(pointer)
        for index in bytes.indices {
            bytes[index] = UInt8(truncatingIfNeeded: index % 2 == 0 ? value >> 8 : value)
        }
    }

    /// A stop condition; the pointer stays.
    public func i2cStop() {}

    // MARK: - Register map

    /// Whether EEPROM_Busy reads 1 now.
    var isBusy: Bool { clock.now() < busyUntil }

    private func readRegister(_ register: UInt8) -> UInt16 {
        switch register {
        case 0x00:
            flags &= ~TMP117Configuration.dataReady
            driveAlert()
            return result
        case 0x01:
            let value = flags | configuration | (isBusy ? TMP117Configuration.eepromBusy : 0)
            flags &= ~TMP117Configuration.dataReady
            if configuration & TMP117Configuration.thermMode == 0 {
                flags &= ~(TMP117Configuration.highAlert | TMP117Configuration.lowAlert)
            }
            driveAlert()
            return value
        case 0x02: return highLimit
        case 0x03: return lowLimit
        case 0x04: return (eepromUnlocked ? 0x8000 : 0) | (isBusy ? 0x4000 : 0)
        case 0x05: return general[0]
        case 0x06: return general[1]
        case 0x07: return offset
        case 0x08: return general[2]
        case 0x0F: return deviceID
        default: return 0x0000
        }
    }

    private func writeRegister(_ register: UInt8, _ value: UInt16) {
        guard !isBusy else { return }
        switch register {
        case 0x01:
            if value & TMP117Configuration.softReset != 0 {
                reset(for: softResetTime)
                return
            }
            writeConfiguration(value)
            program { $0.configuration = configuration }
        case 0x02:
            highLimit = value
            program { $0.highLimit = value }
        case 0x03:
            lowLimit = value
            program { $0.lowLimit = value }
        case 0x04:
            eepromUnlocked = value & 0x8000 != 0
        case 0x05, 0x06, 0x08:
            let index = register == 0x08 ? 2 : Int(register - 0x05)
            general[index] = value
            program { $0.general[index] = value }
        case 0x07:
            offset = value
            program { $0.offset = value }
        default:
            break
        }
    }

    /// With the EEPROM unlocked, programs it (EEPROM_Busy for ``eepromProgramTime``).
    private func program(_ change: (inout NonVolatile) -> Void) {
        guard eepromUnlocked else { return }
        change(&nonVolatile)
        busyUntil = clock.now() + eepromProgramTime
    }
}
