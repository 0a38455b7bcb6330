// SensorGate — Drivers: the ADXL345 register map, its bit fields and one sample as the chip lays it out.

/// Register addresses and bit fields of the ADXL345 (datasheet Rev. E, register map table 19 and the
/// register definitions that follow it).
public enum ADXL345Register {
    /// DEVID, read-only: the fixed device ID ``deviceIDValue``.
    public static let deviceID: UInt8 = 0x00
    /// The value DEVID holds: 0xE5 (octal 345).
    public static let deviceIDValue: UInt8 = 0xE5
    /// THRESH_TAP, the first of the tap, activity and free-fall registers 0x1D…0x2A.
    public static let tapThreshold: UInt8 = 0x1D
    /// OFSX; OFSY and OFSZ follow at 0x1F and 0x20: two's-complement offsets of 15.6 mg/LSB (0x7F = 2 g),
    /// added to the output data.
    public static let offsetX: UInt8 = 0x1E
    /// ACT_TAP_STATUS, read-only.
    public static let activityTapStatus: UInt8 = 0x2B
    /// BW_RATE: LOW_POWER in bit 4, the rate code in bits 3:0 (reset value 0x0A, 100 Hz).
    public static let dataRate: UInt8 = 0x2C
    /// POWER_CTL: Link (bit 5), AUTO_SLEEP (4), Measure (3), Sleep (2), Wakeup (1:0).
    public static let powerControl: UInt8 = 0x2D
    /// INT_ENABLE: one bit per interrupt source, laid out as ``interruptSource``.
    public static let interruptEnable: UInt8 = 0x2E
    /// INT_MAP: a set bit sends that source to INT2, a clear bit to INT1.
    public static let interruptMap: UInt8 = 0x2F
    /// INT_SOURCE, read-only: DATA_READY (7), SINGLE_TAP (6), DOUBLE_TAP (5), Activity (4),
    /// Inactivity (3), FREE_FALL (2), Watermark (1), Overrun (0). Reading it clears bits 6:2; bits 7, 1
    /// and 0 clear when data is read from DATAX…DATAZ.
    public static let interruptSource: UInt8 = 0x30
    /// DATA_FORMAT: SELF_TEST (7), SPI 3-wire (6), INT_INVERT (5), FULL_RES (3), Justify (2), Range (1:0).
    public static let dataFormat: UInt8 = 0x31
    /// DATAX0, the first data register: X, Y and Z as little-endian two's-complement words up to 0x37.
    public static let data: UInt8 = 0x32
    /// The number of data registers: DATAX0…DATAZ1.
    public static let dataLength = 6
    /// FIFO_CTL: FIFO_MODE (7:6), Trigger (5: 0 INT1, 1 INT2), Samples (4:0).
    public static let fifoControl: UInt8 = 0x38
    /// FIFO_STATUS, read-only: FIFO_TRIG (7), Entries (5:0).
    public static let fifoStatus: UInt8 = 0x39

    /// POWER_CTL Measure: 1 measures, 0 is standby.
    public static let measure: UInt8 = 0x08
    /// POWER_CTL Sleep: samples at the Wakeup rate.
    public static let sleep: UInt8 = 0x04
    /// BW_RATE LOW_POWER.
    public static let lowPower: UInt8 = 0x10
    /// DATA_FORMAT SELF_TEST.
    public static let selfTest: UInt8 = 0x80
    /// DATA_FORMAT SPI: 1 selects 3-wire SPI.
    public static let spiThreeWire: UInt8 = 0x40
    /// DATA_FORMAT INT_INVERT: 1 makes the interrupt pins active low.
    public static let interruptInvert: UInt8 = 0x20
    /// DATA_FORMAT FULL_RES: 1 keeps 256 LSB/g in every range.
    public static let fullResolution: UInt8 = 0x08
    /// DATA_FORMAT Justify: 1 left-justifies (MSB mode), 0 right-justifies with sign extension.
    public static let justify: UInt8 = 0x04
    /// INT_SOURCE / INT_ENABLE / INT_MAP DATA_READY.
    public static let dataReady: UInt8 = 0x80
    /// INT_SOURCE / INT_ENABLE / INT_MAP Watermark.
    public static let watermark: UInt8 = 0x02
    /// INT_SOURCE / INT_ENABLE / INT_MAP Overrun.
    public static let overrun: UInt8 = 0x01
    /// The event sources (taps, activity, inactivity, free fall): bits 6:2, cleared by reading INT_SOURCE.
    public static let eventSources: UInt8 = 0x7C
    /// FIFO_STATUS FIFO_TRIG: a trigger event happened in trigger mode.
    public static let fifoTriggered: UInt8 = 0x80
    /// FIFO_STATUS Entries.
    public static let entriesMask: UInt8 = 0x3F

    /// The SPI command bit for a read (bit 7).
    public static let spiRead: UInt8 = 0x80
    /// The SPI multiple-byte bit (bit 6): without it a transfer touches one register.
    public static let spiMultipleByte: UInt8 = 0x40

    /// The FIFO depth: 32 entries, plus one more held at the output (33 samples readable at most).
    public static let fifoDepth = 32
    /// The least time between the end of reading the data registers (the pointer moving from 0x37 to
    /// 0x38, or CS going high) and the next read of the FIFO or of FIFO_STATUS, so that the FIFO has
    /// completely popped ("Retrieving Data from FIFO"): 5 µs.
    public static let fifoPopTime = Duration.nanoseconds(fifoPopNanoseconds)
    /// ``fifoPopTime`` in nanoseconds, for the driver's and the model's per-sample arithmetic (a literal:
    /// no lazy initialisation to check at each use).
    static let fifoPopNanoseconds: Int64 = 5_000
    /// The turn-on time before the first sample, on top of one output period ("1.1 ms + 1/ODR",
    /// table 1 footnote): 1.1 ms.
    public static let turnOnTime = Duration.microseconds(1100)
}

/// One sample as the data registers hold it: right-justified two's-complement codes of X, Y and Z.
public struct ADXL345RawSample: Sendable, Hashable {
    /// The X code.
    public var x: Int16
    /// The Y code.
    public var y: Int16
    /// The Z code.
    public var z: Int16

    /// Creates a sample.
    /// - Parameters:
    ///   - x: the X code.
    ///   - y: the Y code.
    ///   - z: the Z code.
    public init(x: Int16, y: Int16, z: Int16) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// The three codes, X first.
    public var codes: [Int16] { [x, y, z] }

    /// Unpacks DATAX0…DATAZ1: each axis little-endian, DATAx0 the low byte.
    /// - Parameter bytes: the six data registers.
    /// - Returns: the sample, or nil when fewer than six bytes were read.
    public static func unpack(_ bytes: some Collection<UInt8>) -> ADXL345RawSample? {
        guard bytes.count >= ADXL345Register.dataLength else { return nil }
        var words = WordReader(bytes, .littleEndian)
        return ADXL345RawSample(x: words.next(), y: words.next(), z: words.next())
    }

    /// Packs the sample as the data registers lay it out (the model's data registers).
    /// - Returns: six bytes, X low byte first.
    public func pack() -> [UInt8] {
        codes.flatMap { code in
            let bits = UInt16(bitPattern: code)
            return [UInt8(truncatingIfNeeded: bits), UInt8(truncatingIfNeeded: bits >> 8)]
        }
    }
}
