// SensorGate — Drivers: a register-level BMP280/BME280 model for the simulated I2C and SPI buses.

import HAL
import HALSim

/// A register-level model of a BMP280 or BME280, on a simulated I2C bus or SPI controller.
///
/// The register map, reset values and bus protocols are the datasheets': I2C writes are pairs of
/// register address and data and are not auto-incremented, I2C reads auto-increment (BMP280 §5.2,
/// BME280 §6.2); over SPI bit 7 of the control byte is RW (1 read, 0 write) and replaces bit 7 of
/// the address, writes are control/data pairs and reads auto-increment (BMP280 §5.3, BME280 §6.3),
/// in modes 0 and 3. Set what the chip measures with ``setPhysical(_:_:)``; conversions take the
/// typical measurement time of the model's clock (see `BMP280Model+Conversion.swift`).
public final class BMP280Model: I2CTarget, SPITarget {
    /// Which chip this models.
    public let variant: BMP280Variant
    /// The clock conversions and the NVM copy are timed on.
    public let clock: any MonotonicClock
    /// The trimming parameters in the model's NVM.
    public let calibration: BMP280Calibration
    /// The value of the ID register 0xD0. Default: the variant's production ID.
    @exclusivity(unchecked) public var chipID: UInt8
    /// The SPI clock modes the chip accepts: 0 and 3 (BMP280 §5.3).
    @exclusivity(unchecked) public var supportedModes: Set<SPIMode> = [.mode0, .mode3]
    /// How long status.im_update stays set after a soft reset. The datasheets give no figure beyond
    /// the 2 ms start-up time; default 0.5 ms.
    @exclusivity(unchecked) public var nvmCopyDuration: Duration = .microseconds(500)
    /// Measurement noise, or nil for none (the default, so that sweeps are exact).
    @exclusivity(unchecked) public var noise: BMP280Noise?

    /// ctrl_hum as last written (BME280).
    @exclusivity(unchecked) public internal(set) var controlHumidity: UInt8 = 0
    /// ctrl_meas as it reads back (the mode returns to sleep after a forced conversion).
    @exclusivity(unchecked) public internal(set) var controlMeasurement: UInt8 = 0
    /// config as last written.
    @exclusivity(unchecked) public internal(set) var config: UInt8 = 0
    /// The data registers' content.
    @exclusivity(unchecked) public internal(set) var data: BMP280RawSample
    /// How many conversions have completed since the model was created.
    @exclusivity(unchecked) public internal(set) var conversionCount = 0

    /// The physical values in SI units the chip measures (Pa, °C, %RH), or the world's.
    @exclusivity(unchecked) public var inputs = PhysicalInputs([
        .pressurePa: [101_325], .temperatureC: [20], .humidityRH: [45],
    ])
    /// osrs_h as it took effect at the last write of ctrl_meas.
    @exclusivity(unchecked) var effectiveHumidityControl: UInt8 = 0
    /// The running conversion schedule.
    @exclusivity(unchecked) var schedule = Schedule.idle
    /// Until when status.im_update reads 1.
    @exclusivity(unchecked) var imageUpdateUntil = MonotonicInstant.zero
    /// The IIR filter's state (pressure, temperature codes), nil until the first conversion after
    /// the filter was written or the chip reset.
    @exclusivity(unchecked) var filterState: (Double, Double)?
    /// The noise generator, made from the noise seed at the first noisy sample.
    @exclusivity(unchecked) var noiseGenerator: SplitMix64?
    /// The last conversion's codes, where the next conversion's searches start: they change how many
    /// compensations a search evaluates, never the code it finds (``InverseConversion/nearestCode``).
    @exclusivity(unchecked) var searchHints: (temperature: Int32?, pressure: Int32?, humidity: Int32?) = (nil, nil, nil)

    @exclusivity(unchecked) private var pointer: UInt8 = 0
    @exclusivity(unchecked) private var spiState = SPIState.idle

    /// The conversion schedule.
    enum Schedule {
        /// Sleep mode: nothing runs.
        case idle
        /// One forced conversion, complete at `end`.
        case forced(end: MonotonicInstant)
        /// Normal mode from `start`: conversions of `measure`, each followed by `standby`.
        case normal(start: MonotonicInstant, measure: Duration, standby: Duration, latched: Int)
    }

    private enum SPIState {
        case idle
        case command
        case reading
        case writing(UInt8)
    }

    /// The data registers after reset: 0x80000 for pressure and temperature, 0x8000 for humidity.
    static func resetData(_ variant: BMP280Variant) -> BMP280RawSample {
        BMP280RawSample(pressure: 0x80000, temperature: 0x80000, humidity: variant.hasHumidity ? 0x8000 : nil)
    }

    /// Creates a chip that has finished its power-on: sleep mode, reset values, no NVM copy running.
    /// - Parameters:
    ///   - variant: BMP280 or BME280. Default: BMP280.
    ///   - clock: the clock conversions are timed on (the simulation's `VirtualClock`).
    ///   - calibration: the NVM trimming parameters. Default: the datasheet's worked example.
    public init(
        variant: BMP280Variant = .bmp280, clock: any MonotonicClock,
        calibration: BMP280Calibration = .datasheetExample
    ) {
        self.variant = variant
        self.clock = clock
        self.calibration = calibration
        self.chipID = variant.chipIDs[0]
        self.data = Self.resetData(variant)
    }

    /// Resets the chip as a power-on or soft reset does: control registers 0, data registers to their
    /// reset values, sleep mode, and status.im_update set for ``nvmCopyDuration``.
    public func reset() {
        controlHumidity = 0
        controlMeasurement = 0
        config = 0
        effectiveHumidityControl = 0
        data = Self.resetData(variant)
        filterState = nil
        schedule = .idle
        imageUpdateUntil = clock.now() + nvmCopyDuration
    }

    // MARK: - I2C

    /// Sets the register pointer from the first byte, then writes register/data pairs.
    /// - Parameter bytes: `reg data reg data …`.
    /// - Returns: `.ack`.
    public func i2cWrite(_ bytes: [UInt8]) -> I2CTargetAcknowledge {
        update()
        guard let first = bytes.first else { return .ack }
        pointer = first
        var index = 1
        while index < bytes.count {
            writeRegister(pointer, bytes[index])
            if index + 1 < bytes.count { pointer = bytes[index + 1] }
            index += 2
        }
        return .ack
    }

    /// Reads registers from the pointer on, auto-incrementing.
    /// - Parameter bytes: filled with the register values.
    public func i2cRead(into bytes: inout [UInt8]) {
        update()
        for index in bytes.indices {
            bytes[index] = readRegister(pointer)
            pointer &+= 1
        }
    }

    /// A stop condition; the chip keeps its register pointer.
    public func i2cStop() {}

    // MARK: - SPI

    /// Chip select asserted: the next byte is a control byte.
    public func spiSelect() {
        update()
        spiState = .command
    }

    /// One byte: a control byte, then read data (auto-incremented) or a data byte of a write pair.
    /// - Parameter mosi: the byte from the controller.
    /// - Returns: register data while reading, else 0x00.
    public func spiExchange(_ mosi: UInt8) -> UInt8 {
        switch spiState {
        case .idle:
            return 0x00
        case .command:
            if mosi & 0x80 != 0 {
                pointer = mosi
                spiState = .reading
            } else {
                spiState = .writing(mosi | 0x80)
            }
            return 0x00
        case .reading:
            let value = readRegister(pointer)
            pointer &+= 1
            return value
        case .writing(let register):
            writeRegister(register, mosi)
            spiState = .command
            return 0x00
        }
    }

    /// Chip select released.
    public func spiDeselect() { spiState = .idle }

    // MARK: - Register map

    private func readRegister(_ register: UInt8) -> UInt8 {
        let humidity = variant.hasHumidity
        switch register {
        case 0x88...0xA0:
            return calibration.encodedBlock[Int(register - 0x88)]
        case 0xA1:
            return humidity ? calibration.digH1 : 0x00
        case 0xD0:
            return chipID
        case 0xE1...0xE7 where humidity:
            return calibration.encodedHumidityBlock[Int(register - 0xE1)]
        case 0xF2:
            return humidity ? controlHumidity : 0x00
        case 0xF3:
            return (isMeasuring ? 0x08 : 0x00) | (clock.now() < imageUpdateUntil ? 0x01 : 0x00)
        case 0xF4:
            return controlMeasurement
        case 0xF5:
            return config
        case 0xF7...0xFC:
            return data.byte(at: Int(register - 0xF7))
        case 0xFD...0xFE where humidity:
            return data.byte(at: Int(register - 0xF7))
        default:
            return 0x00
        }
    }

    private func writeRegister(_ register: UInt8, _ value: UInt8) {
        switch register {
        case 0xE0 where value == 0xB6:
            reset()
        case 0xF2 where variant.hasHumidity:
            controlHumidity = value & 0x07
        case 0xF4:
            controlMeasurement = value
            effectiveHumidityControl = controlHumidity
            startSchedule()
        case 0xF5:
            config = value & 0xFD
            filterState = nil
        default:
            break
        }
    }
}
