// SensorGate — Drivers: ADXL345 measurement settings and their register encodings.

import HAL

/// The output data rate: BW_RATE rate code (datasheet table 7). Each code halves the rate of the one
/// above it, from 3200 Hz at 0x0F down to 3200 / 2¹⁵ Hz (printed 0.10 Hz) at 0x00; the bandwidth is
/// half the output data rate.
public enum ADXL345DataRate: UInt8, Sendable, Hashable, CaseIterable {
    /// 0.10 Hz (exactly 3200/32768 Hz).
    case hz0_10 = 0x00
    /// 0.20 Hz.
    case hz0_20 = 0x01
    /// 0.39 Hz.
    case hz0_39 = 0x02
    /// 0.78 Hz.
    case hz0_78 = 0x03
    /// 1.56 Hz.
    case hz1_56 = 0x04
    /// 3.13 Hz.
    case hz3_13 = 0x05
    /// 6.25 Hz.
    case hz6_25 = 0x06
    /// 12.5 Hz.
    case hz12_5 = 0x07
    /// 25 Hz.
    case hz25 = 0x08
    /// 50 Hz.
    case hz50 = 0x09
    /// 100 Hz, the reset value.
    case hz100 = 0x0A
    /// 200 Hz.
    case hz200 = 0x0B
    /// 400 Hz.
    case hz400 = 0x0C
    /// 800 Hz.
    case hz800 = 0x0D
    /// 1600 Hz.
    case hz1600 = 0x0E
    /// 3200 Hz.
    case hz3200 = 0x0F

    /// The rate in hertz: 3200 / 2^(15 − code).
    public var hertz: Double { 3200 / Double(1 << (15 - Int(rawValue))) }

    /// One output period: 312.5 µs × 2^(15 − code), exact in nanoseconds.
    public var period: Duration { .nanoseconds(periodNanoseconds) }

    /// One output period in nanoseconds (``period`` without `Duration`'s 128-bit arithmetic).
    public var periodNanoseconds: Int64 { Int64(312_500) << (15 - Int64(rawValue)) }

    /// The rate as table 7 prints it, which is also its board-file spelling: `3200` … `12.5` … `0.10`.
    public var label: String {
        [
            "0.10", "0.20", "0.39", "0.78", "1.56", "3.13", "6.25", "12.5", "25", "50", "100", "200", "400", "800",
            "1600", "3200",
        ][Int(rawValue)]
    }

    /// Decodes the rate bits of BW_RATE.
    /// - Parameter byte: BW_RATE.
    /// - Returns: the rate.
    public static func decode(_ byte: UInt8) -> ADXL345DataRate { ADXL345DataRate(rawValue: byte & 0x0F) ?? .hz100 }
}

/// The g range: DATA_FORMAT Range bits.
public enum ADXL345Range: UInt8, Sendable, Hashable, CaseIterable {
    /// ±2 g.
    case g2 = 0
    /// ±4 g.
    case g4 = 1
    /// ±8 g.
    case g8 = 2
    /// ±16 g.
    case g16 = 3

    /// The full scale in g: 2, 4, 8 or 16.
    public var gees: Int { 2 << Int(rawValue) }
}

/// The FIFO mode: FIFO_CTL FIFO_MODE (datasheet "FIFO" section and table 22).
public enum ADXL345FIFOMode: UInt8, Sendable, Hashable, CaseIterable {
    /// The FIFO stays empty; the data registers hold the latest sample.
    case bypass = 0
    /// The FIFO collects samples until it is full, then stops collecting.
    case fifo = 1
    /// The FIFO holds the latest 32 samples, discarding older ones.
    case stream = 2
    /// As stream until a trigger event on the Trigger pin, then the last Samples entries are kept and
    /// the FIFO fills as in FIFO mode.
    case trigger = 3
}

/// One of the two interrupt pins.
public enum ADXL345InterruptPin: String, Sendable, Hashable, CaseIterable {
    /// INT1: sources whose INT_MAP bit is 0.
    case int1 = "INT1"
    /// INT2: sources whose INT_MAP bit is 1.
    case int2 = "INT2"
}

/// How the ADXL345 measures. The defaults: 100 Hz (the reset rate, which any bus carries), ±16 g in full
/// resolution (256 LSB/g), normal power, FIFO in stream mode with a watermark of 16 entries on INT1,
/// active high, no offset, and the automatic stuck limit. ``vibration`` is the 3200 Hz use-case.
///
/// Datasheet "Serial Communications": 3200 Hz and 1600 Hz are recommended only with SPI at 2 MHz or
/// more; 800 Hz needs at least 400 kHz, and lower rates scale proportionally (200 Hz: 100 kHz). An I2C
/// bus therefore carries 800 Hz at 400 kHz fast mode, and 3200 Hz belongs on SPI (at most 5 MHz).
public struct ADXL345Settings: Sendable, Hashable {
    /// The output data rate. Default: 100 Hz.
    public var dataRate: ADXL345DataRate = .hz100
    /// The g range. Default: ±16 g.
    public var range: ADXL345Range = .g16
    /// Full resolution (256 LSB/g at every range) or fixed 10-bit (256/128/64/32 LSB/g). Default: full.
    public var fullResolution = true
    /// Low-power mode: less current at 12.5…400 Hz, more noise (table 8); other rates gain nothing.
    /// Default: off.
    public var lowPower = false
    /// The FIFO mode. Default: stream.
    public var fifoMode: ADXL345FIFOMode = .stream
    /// FIFO_CTL Samples, 0…31: the entries that raise the watermark (FIFO and stream modes), or the
    /// entries kept before a trigger (trigger mode). Default: 16.
    public var watermark = 16
    /// The pin the driver's interrupts go to (watermark and overrun with a FIFO, DATA_READY in bypass),
    /// or nil for none. Default: INT1.
    public var interruptPin: ADXL345InterruptPin? = .int1
    /// Whether the interrupt pins are active low (INT_INVERT). Default: false (active high).
    public var interruptActiveLow = false
    /// OFSX, OFSY, OFSZ: offsets of 15.6 mg/LSB the chip adds to its output. Default: 0, 0, 0.
    public var offsetCodes: [Int8] = [0, 0, 0]
    /// Identical raw samples in a row that count as stuck; nil for ``automaticStuckLimit``, 0 to disable.
    public var stuckAfter: Int?

    /// The defaults above.
    public static let `default` = ADXL345Settings()

    /// The vibration use-case: 3200 Hz, ±16 g full resolution, stream mode, watermark 16 on INT1. Use it
    /// on SPI (datasheet: 2 MHz or more).
    public static let vibration = ADXL345Settings(dataRate: .hz3200)

    /// Creates settings; every parameter defaults as documented on the properties.
    /// - Parameters:
    ///   - dataRate: the output data rate.
    ///   - range: the g range.
    ///   - fullResolution: full resolution or 10-bit.
    ///   - lowPower: low-power mode.
    ///   - fifoMode: the FIFO mode.
    ///   - watermark: FIFO_CTL Samples.
    ///   - interruptPin: the interrupt pin, or nil.
    ///   - interruptActiveLow: INT_INVERT.
    ///   - offsetCodes: OFSX, OFSY, OFSZ.
    ///   - stuckAfter: the stuck limit, nil for automatic.
    public init(
        dataRate: ADXL345DataRate = .hz100, range: ADXL345Range = .g16, fullResolution: Bool = true,
        lowPower: Bool = false, fifoMode: ADXL345FIFOMode = .stream, watermark: Int = 16,
        interruptPin: ADXL345InterruptPin? = .int1, interruptActiveLow: Bool = false,
        offsetCodes: [Int8] = [0, 0, 0], stuckAfter: Int? = nil
    ) {
        self.dataRate = dataRate
        self.range = range
        self.fullResolution = fullResolution
        self.lowPower = lowPower
        self.fifoMode = fifoMode
        self.watermark = watermark
        self.interruptPin = interruptPin
        self.interruptActiveLow = interruptActiveLow
        self.offsetCodes = offsetCodes
        self.stuckAfter = stuckAfter
    }

    // MARK: - Conversion

    /// The typical sensitivity in LSB/g (table 1): 256 in full resolution; 256, 128, 64, 32 in 10-bit
    /// mode at ±2, ±4, ±8, ±16 g.
    public var lsbPerG: Int { fullResolution ? 256 : 256 >> Int(range.rawValue) }

    /// The width of the right-justified code: 10 bits in 10-bit mode; 10, 11, 12, 13 bits in full
    /// resolution at ±2, ±4, ±8, ±16 g.
    public var resolutionBits: Int { fullResolution ? 10 + Int(range.rawValue) : 10 }

    /// Standard gravity in m/s², the g the datasheet's sensitivities are given in.
    public static let standardGravity = 9.80665

    /// One LSB in m/s²: g / ``lsbPerG`` (full resolution: 3.9 mg, table 1).
    public var metresPerSecondSquaredPerLSB: Double { Self.standardGravity / Double(lsbPerG) }

    /// The identical-sample limit when ``stuckAfter`` is nil: 64 samples where the LSB is finer than the
    /// noise (full resolution, or ±2 g in 10-bit mode: 0.75 LSB rms at 100 Hz, more above), so that 64
    /// identical X, Y, Z triples in a row cannot be noise; disabled in the coarser 10-bit ranges, where
    /// a part at rest legitimately repeats its codes.
    public var automaticStuckLimit: Int { fullResolution || range == .g2 ? 64 : 0 }

    /// The stuck limit in force.
    public var stuckLimit: Int { stuckAfter ?? automaticStuckLimit }

    /// The time from setting Measure to the first sample: 1.1 ms + 1/ODR (table 1, turn-on time).
    public var firstSampleDelay: Duration { ADXL345Register.turnOnTime + dataRate.period }

    // MARK: - Register encodings

    /// BW_RATE: LOW_POWER | rate code.
    public var dataRateByte: UInt8 { (lowPower ? ADXL345Register.lowPower : 0) | dataRate.rawValue }

    /// DATA_FORMAT: INT_INVERT, FULL_RES and Range; 4-wire SPI, right-justified, no self-test.
    public var dataFormatByte: UInt8 {
        (interruptActiveLow ? ADXL345Register.interruptInvert : 0)
            | (fullResolution ? ADXL345Register.fullResolution : 0) | range.rawValue
    }

    /// FIFO_CTL: FIFO_MODE << 6 | Trigger (INT2) << 5 | Samples.
    public var fifoControlByte: UInt8 {
        fifoMode.rawValue << 6 | (interruptPin == .int2 ? 0x20 : 0) | UInt8(clamping: watermark) & 0x1F
    }

    /// INT_ENABLE: watermark and overrun with a FIFO, DATA_READY in bypass; nothing without a pin.
    public var interruptEnableByte: UInt8 {
        guard interruptPin != nil else { return 0 }
        return fifoMode == .bypass ? ADXL345Register.dataReady : ADXL345Register.watermark | ADXL345Register.overrun
    }

    /// INT_MAP: the enabled sources on INT2 when that is the pin, else all on INT1.
    public var interruptMapByte: UInt8 { interruptPin == .int2 ? interruptEnableByte : 0 }

    /// OFSX, OFSY, OFSZ as register bytes.
    public var offsetBytes: [UInt8] { offsetCodes.map { UInt8(bitPattern: $0) } }

    /// Why the chip cannot take these settings, or nil when it can.
    var problem: String? {
        guard (0...31).contains(watermark) else { return "watermark \(watermark) is outside 0…31" }
        guard offsetCodes.count == 3 else { return "offsets need three values (OFSX, OFSY, OFSZ)" }
        if let stuckAfter, stuckAfter < 0 { return "stuck-after \(stuckAfter) is negative" }
        return nil
    }
}
