// SensorGate — Drivers: the LSM6DSO register map, bit fields, output block and FIFO words.

/// Register addresses and bit fields of the ST LSM6DSO (DS12140 §8 register mapping, §9 register
/// descriptions). Multi-byte values are little-endian two's complement (low byte at the lower address).
public enum LSM6DSORegister {
    /// FIFO_CTRL1: the watermark WTM[7:0], in FIFO words.
    public static let fifoControl1: UInt8 = 0x07
    /// FIFO_CTRL2: STOP_ON_WTM in bit 7, WTM[8] in bit 0.
    public static let fifoControl2: UInt8 = 0x08
    /// FIFO_CTRL3: BDR_GY[3:0] in bits 7:4, BDR_XL[3:0] in bits 3:0 (batch data rates, coded as the ODRs).
    public static let fifoControl3: UInt8 = 0x09
    /// FIFO_CTRL4: FIFO_MODE[2:0] in bits 2:0.
    public static let fifoControl4: UInt8 = 0x0A
    /// INT1_CTRL: what drives the INT1 pin.
    public static let int1Control: UInt8 = 0x0D
    /// WHO_AM_I, read-only.
    public static let whoAmI: UInt8 = 0x0F
    /// The value of WHO_AM_I (DS12140 §9.11).
    public static let whoAmIValue: UInt8 = 0x6C
    /// CTRL1_XL: ODR_XL[3:0] in bits 7:4, FS_XL[1:0] in bits 3:2, LPF2_XL_EN in bit 1.
    public static let control1XL: UInt8 = 0x10
    /// CTRL2_G: ODR_G[3:0] in bits 7:4, FS_G[1:0] in bits 3:2, FS_125 in bit 1.
    public static let control2G: UInt8 = 0x11
    /// CTRL3_C: BOOT, BDU, H_LACTIVE, PP_OD, SIM, IF_INC, —, SW_RESET (bits 7…0); reset value 0x04.
    public static let control3C: UInt8 = 0x12
    /// STATUS_REG: TDA, GDA, XLDA in bits 2:0. The output block is read from here (0x1F is reserved).
    public static let status: UInt8 = 0x1E
    /// OUT_TEMP_L: the first output register; OUT_TEMP, OUTX/Y/Z_G and OUTX/Y/Z_A follow to 0x2D.
    public static let outTemperature: UInt8 = 0x20
    /// FIFO_STATUS1: DIFF_FIFO[7:0].
    public static let fifoStatus1: UInt8 = 0x3A
    /// FIFO_STATUS2: FIFO_WTM_IA, FIFO_OVR_IA, FIFO_FULL_IA, COUNTER_BDR_IA, FIFO_OVR_LATCHED, —,
    /// DIFF_FIFO[9:8] (bits 7…0).
    public static let fifoStatus2: UInt8 = 0x3B
    /// FIFO_DATA_OUT_TAG: the tag of the oldest FIFO word; its six data bytes follow at 0x79…0x7E.
    public static let fifoDataOutTag: UInt8 = 0x78
    /// FIFO_DATA_OUT_Z_H, the last byte of a FIFO word: reading it moves to the next word, and with
    /// IF_INC the address rolls back to ``fifoDataOutTag``.
    public static let fifoDataOutLast: UInt8 = 0x7E

    /// CTRL3_C SW_RESET: resets the control registers; the chip clears it when done.
    public static let softwareReset: UInt8 = 0x01
    /// CTRL3_C IF_INC: register address auto-increment on multi-byte access (1 after reset).
    public static let autoIncrement: UInt8 = 0x04
    /// CTRL3_C H_LACTIVE: interrupt pins active low.
    public static let interruptActiveLow: UInt8 = 0x20
    /// CTRL3_C BDU: output registers not updated until both bytes have been read.
    public static let blockDataUpdate: UInt8 = 0x40
    /// CTRL3_C BOOT: reloads the trimming parameters from flash; the chip clears it when done.
    public static let boot: UInt8 = 0x80

    /// STATUS_REG XLDA: new accelerometer data.
    public static let accelDataAvailable: UInt8 = 0x01
    /// STATUS_REG GDA: new gyroscope data.
    public static let gyroDataAvailable: UInt8 = 0x02
    /// STATUS_REG TDA: new temperature data.
    public static let temperatureDataAvailable: UInt8 = 0x04

    /// FIFO_STATUS2 FIFO_WTM_IA: the FIFO holds at least the watermark.
    public static let fifoWatermarkReached: UInt8 = 0x80
    /// FIFO_STATUS2 FIFO_OVR_IA: the FIFO is full and data was lost.
    public static let fifoOverrun: UInt8 = 0x40
    /// FIFO_STATUS2 FIFO_FULL_IA: the FIFO will be full at the next batch.
    public static let fifoFull: UInt8 = 0x20
    /// FIFO_STATUS2 FIFO_OVR_LATCHED: an overrun happened since FIFO_STATUS2 was last read.
    public static let fifoOverrunLatched: UInt8 = 0x08

    /// INT1_CTRL INT1_DRDY_XL.
    public static let int1AccelDataReady: UInt8 = 0x01
    /// INT1_CTRL INT1_DRDY_G.
    public static let int1GyroDataReady: UInt8 = 0x02
    /// INT1_CTRL INT1_FIFO_TH (watermark).
    public static let int1FIFOThreshold: UInt8 = 0x08
    /// INT1_CTRL INT1_FIFO_OVR.
    public static let int1FIFOOverrun: UInt8 = 0x10
    /// INT1_CTRL INT1_FIFO_FULL.
    public static let int1FIFOFull: UInt8 = 0x20

    /// TAG_SENSOR of an uncompressed gyroscope word (FIFO_DATA_OUT_TAG, §9).
    public static let tagGyro: UInt8 = 0x01
    /// TAG_SENSOR of an uncompressed accelerometer word.
    public static let tagAccel: UInt8 = 0x02
    /// TAG_SENSOR of a temperature word.
    public static let tagTemperature: UInt8 = 0x03

    /// Bytes per FIFO word: the tag and six data bytes.
    public static let fifoWordLength = 7
    /// FIFO words the chip holds without compression: 3 kbytes of data, 512 words (ST's STEVAL-BCN002V1B
    /// user manual §2.3.1.4; the Linux st_lsm6dsx driver's max_fifo_size for this chip).
    public static let fifoCapacity = 512
}

/// One read of the output block OUT_TEMP_L (0x20) … OUTZ_H_A (0x2D): temperature, gyroscope x y z,
/// accelerometer x y z, each a little-endian 16-bit two's-complement code.
public struct LSM6DSORawSample: Sendable, Hashable {
    /// OUT_TEMP.
    public var temperature: Int16
    /// OUTX_G, OUTY_G, OUTZ_G.
    public var gyro: SensorComponents<Int16>
    /// OUTX_A, OUTY_A, OUTZ_A.
    public var accel: SensorComponents<Int16>

    /// Creates a sample.
    /// - Parameters:
    ///   - temperature: OUT_TEMP.
    ///   - gyro: gyroscope codes x y z.
    ///   - accel: accelerometer codes x y z.
    public init(temperature: Int16, gyro: SensorComponents<Int16>, accel: SensorComponents<Int16>) {
        self.temperature = temperature
        self.gyro = gyro
        self.accel = accel
    }

    /// The block after a reset: every output register 0.
    public static let zero = LSM6DSORawSample(temperature: 0, gyro: [0, 0, 0], accel: [0, 0, 0])

    /// Unpacks the 14 bytes read from 0x20.
    /// - Parameter bytes: at least 14 bytes.
    /// - Returns: the sample, or nil when the block is short.
    public static func unpack(_ bytes: some Collection<UInt8>) -> LSM6DSORawSample? {
        guard bytes.count >= 14 else { return nil }
        var words = WordReader(bytes, .littleEndian)
        let temperature = words.next()
        let gyro = SensorComponents(words.next(), words.next(), words.next())
        return LSM6DSORawSample(
            temperature: temperature, gyro: gyro, accel: SensorComponents(words.next(), words.next(), words.next()))
    }

    /// The 14 bytes as the chip lays them out from 0x20.
    /// - Returns: the block.
    public func pack() -> [UInt8] {
        ([temperature] + Array(gyro) + Array(accel)).flatMap {
            [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)]
        }
    }

    /// Byte `index` (0 … 13) of ``pack()``, without building the block.
    /// - Parameter index: the offset from 0x20.
    /// - Returns: the byte; 0 past the block.
    public func byte(at index: Int) -> UInt8 {
        let word = index / 2
        let vector = word < 4 ? gyro : accel
        let position = word < 4 ? word - 1 : word - 4
        let code: Int16 =
            word == 0 ? temperature : (0..<vector.count).contains(position) && word < 7 ? vector[position] : 0
        return UInt8(truncatingIfNeeded: index % 2 == 0 ? code : code >> 8)
    }

    /// The codes in a fixed order (temperature, gyro, accel) for stuck detection.
    public var codes: InlineCodes {
        var codes = InlineCodes(CollectionOfOne(temperature))
        for code in gyro { codes.append(Int64(code)) }
        for code in accel { codes.append(Int64(code)) }
        return codes
    }
}

/// A little-endian 16-bit two's-complement value.
/// - Parameters:
///   - low: the byte at the lower address.
///   - high: the byte at the higher address.
/// - Returns: the value.
func littleEndian(_ low: UInt8, _ high: UInt8) -> Int16 {
    Int16(bitPattern: UInt16(high) << 8 | UInt16(low))
}

/// One FIFO word as read from FIFO_DATA_OUT_TAG … FIFO_DATA_OUT_Z_H.
public struct LSM6DSOFIFOWord: Sendable, Hashable {
    /// The tag byte: TAG_SENSOR[4:0] in bits 7:3, TAG_CNT[1:0] in bits 2:1, TAG_PARITY in bit 0.
    public var tag: UInt8
    /// X, Y, Z (or the first data word for temperature), little-endian.
    public var data: [Int16]

    /// Creates a word.
    /// - Parameters:
    ///   - tag: the tag byte.
    ///   - data: three codes.
    public init(tag: UInt8, data: [Int16]) {
        self.tag = tag
        self.data = data
    }

    /// A word for `sensor` in time slot `count`, with the parity bit making the tag's bits 7:1 even
    /// (the model's convention; the datasheet does not spell the parity out and drivers ignore it).
    /// - Parameters:
    ///   - sensor: TAG_SENSOR.
    ///   - count: TAG_CNT (taken modulo 4).
    ///   - data: three codes.
    /// - Returns: the word.
    public static func make(sensor: UInt8, count: Int, data: [Int16]) -> LSM6DSOFIFOWord {
        LSM6DSOFIFOWord(tag: tag(sensor: sensor, count: count), data: data)
    }

    /// The tag byte of a word for `sensor` in time slot `count`, parity included (see
    /// ``make(sensor:count:data:)``).
    /// - Parameters:
    ///   - sensor: TAG_SENSOR.
    ///   - count: TAG_CNT (taken modulo 4).
    /// - Returns: the tag byte.
    public static func tag(sensor: UInt8, count: Int) -> UInt8 {
        let upper = sensor << 3 | UInt8(count & 3) << 1
        return upper | UInt8(upper.nonzeroBitCount & 1)
    }

    /// TAG_SENSOR: which sensor wrote the word.
    public var sensor: UInt8 { tag >> 3 }
    /// TAG_CNT: the time slot counter, equal for words written at the same instant.
    public var slot: UInt8 { (tag >> 1) & 0x03 }

    /// Unpacks 7 bytes read from 0x78.
    /// - Parameter bytes: at least 7 bytes.
    /// - Returns: the word, or nil when short.
    public static func unpack(_ bytes: some Collection<UInt8>) -> LSM6DSOFIFOWord? {
        let block = Array(bytes)
        guard block.count >= 7 else { return nil }
        return LSM6DSOFIFOWord(tag: block[0], data: (0..<3).map { littleEndian(block[1 + 2 * $0], block[2 + 2 * $0]) })
    }

    /// The 7 bytes as the chip shows them at 0x78…0x7E.
    /// - Returns: the bytes.
    public func pack() -> [UInt8] {
        [tag] + data.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
    }
}
