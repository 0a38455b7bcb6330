// SensorGate — Drivers: the MPU-6050 register map, bit fields and big-endian sample layout.

/// Register addresses and bit fields of the InvenSense MPU-6050 (register map RM-MPU-6000A-00 rev 4.2,
/// §3 and §4, cited by register number). Multi-byte values are big-endian two's complement (high byte at
/// the lower address).
public enum MPU6050Register {
    /// Register 25, SMPLRT_DIV: Sample Rate = gyroscope output rate / (1 + SMPLRT_DIV).
    public static let sampleRateDivider: UInt8 = 0x19
    /// Register 26, CONFIG: EXT_SYNC_SET in bits 5:3, DLPF_CFG in bits 2:0.
    public static let config: UInt8 = 0x1A
    /// Register 27, GYRO_CONFIG: FS_SEL in bits 4:3.
    public static let gyroConfig: UInt8 = 0x1B
    /// Register 28, ACCEL_CONFIG: AFS_SEL in bits 4:3.
    public static let accelConfig: UInt8 = 0x1C
    /// Register 35, FIFO_EN: TEMP, XG, YG, ZG, ACCEL, SLV2, SLV1, SLV0 (bits 7…0).
    public static let fifoEnable: UInt8 = 0x23
    /// Register 55, INT_PIN_CFG: INT_LEVEL, INT_OPEN, LATCH_INT_EN, INT_RD_CLEAR, … (bits 7…4).
    public static let intPinConfig: UInt8 = 0x37
    /// Register 56, INT_ENABLE: FIFO_OFLOW_EN in bit 4, DATA_RDY_EN in bit 0.
    public static let intEnable: UInt8 = 0x38
    /// Register 58, INT_STATUS: FIFO_OFLOW_INT in bit 4, DATA_RDY_INT in bit 0; cleared when read.
    public static let intStatus: UInt8 = 0x3A
    /// Register 59, ACCEL_XOUT_H: the first sensor register; TEMP_OUT and GYRO_xOUT follow to 0x48.
    public static let accelXOutHigh: UInt8 = 0x3B
    /// Register 104, SIGNAL_PATH_RESET: GYRO_RESET, ACCEL_RESET, TEMP_RESET in bits 2:0.
    public static let signalPathReset: UInt8 = 0x68
    /// Register 106, USER_CTRL: FIFO_EN in bit 6, FIFO_RESET in bit 2, SIG_COND_RESET in bit 0.
    public static let userControl: UInt8 = 0x6A
    /// Register 107, PWR_MGMT_1: DEVICE_RESET, SLEEP, CYCLE, —, TEMP_DIS, CLKSEL[2:0]; reset value 0x40.
    public static let powerManagement1: UInt8 = 0x6B
    /// Register 114, FIFO_COUNT_H; reading it latches FIFO_COUNT_L (register 115).
    public static let fifoCountHigh: UInt8 = 0x72
    /// Register 116, FIFO_R_W: reads pop the FIFO; the address does not advance.
    public static let fifoReadWrite: UInt8 = 0x74
    /// Register 117, WHO_AM_I.
    public static let whoAmI: UInt8 = 0x75
    /// The value of WHO_AM_I: 0x68, whatever the AD0 pin (register 117).
    public static let whoAmIValue: UInt8 = 0x68

    /// PWR_MGMT_1 DEVICE_RESET: resets every register to its default; the chip clears it.
    public static let deviceReset: UInt8 = 0x80
    /// PWR_MGMT_1 SLEEP, set after reset.
    public static let sleep: UInt8 = 0x40
    /// PWR_MGMT_1 CLKSEL = 1: PLL with the X-axis gyroscope as reference, which InvenSense recommends
    /// over the internal oscillator.
    public static let clockPLLGyroX: UInt8 = 0x01
    /// SIGNAL_PATH_RESET: GYRO_RESET | ACCEL_RESET | TEMP_RESET.
    public static let resetAllSignalPaths: UInt8 = 0x07
    /// USER_CTRL FIFO_EN.
    public static let userFIFOEnable: UInt8 = 0x40
    /// USER_CTRL FIFO_RESET: empties the FIFO when written with FIFO_EN 0.
    public static let userFIFOReset: UInt8 = 0x04
    /// USER_CTRL SIG_COND_RESET: resets the signal paths and clears the sensor registers.
    public static let userSignalConditionReset: UInt8 = 0x01
    /// FIFO_EN: temperature, gyroscope x y z and accelerometer (a 14-byte frame per sample).
    public static let fifoSensors: UInt8 = 0xF8
    /// INT_PIN_CFG INT_LEVEL: active low.
    public static let intActiveLow: UInt8 = 0x80
    /// INT_PIN_CFG LATCH_INT_EN: the pin is held until the interrupt is cleared (else a 50 µs pulse).
    public static let intLatch: UInt8 = 0x20
    /// INT_PIN_CFG INT_RD_CLEAR: any read clears the status (else only reading INT_STATUS does).
    public static let intClearOnAnyRead: UInt8 = 0x10
    /// INT_ENABLE / INT_STATUS FIFO overflow.
    public static let fifoOverflow: UInt8 = 0x10
    /// INT_ENABLE / INT_STATUS data ready.
    public static let dataReady: UInt8 = 0x01

    /// The FIFO size in bytes (product specification §7.17).
    public static let fifoCapacity = 1024
    /// Bytes per FIFO frame with ``fifoSensors``: accelerometer 6, temperature 2, gyroscope 6, in
    /// register order (register 116: data is written to the FIFO in order of register number).
    public static let fifoFrameLength = 14
}

/// The sensor registers ACCEL_XOUT_H (0x3B) … GYRO_ZOUT_L (0x48): accelerometer x y z, temperature,
/// gyroscope x y z, each a big-endian 16-bit two's-complement code. FIFO frames have the same layout.
public struct MPU6050RawSample: Sendable, Hashable {
    /// ACCEL_XOUT, ACCEL_YOUT, ACCEL_ZOUT.
    public var accel: SensorComponents<Int16>
    /// TEMP_OUT.
    public var temperature: Int16
    /// GYRO_XOUT, GYRO_YOUT, GYRO_ZOUT.
    public var gyro: SensorComponents<Int16>

    /// Creates a sample.
    /// - Parameters:
    ///   - accel: accelerometer codes x y z.
    ///   - temperature: the temperature code.
    ///   - gyro: gyroscope codes x y z.
    public init(accel: SensorComponents<Int16>, temperature: Int16, gyro: SensorComponents<Int16>) {
        self.accel = accel
        self.temperature = temperature
        self.gyro = gyro
    }

    /// The registers after reset: every one 0.
    public static let zero = MPU6050RawSample(accel: [0, 0, 0], temperature: 0, gyro: [0, 0, 0])

    /// Unpacks the 14 bytes read from 0x3B (or one FIFO frame).
    /// - Parameter bytes: at least 14 bytes.
    /// - Returns: the sample, or nil when short.
    public static func unpack(_ bytes: some Collection<UInt8>) -> MPU6050RawSample? {
        guard bytes.count >= 14 else { return nil }
        var words = WordReader(bytes, .bigEndian)
        let accel = SensorComponents(words.next(), words.next(), words.next())
        let temperature = words.next()
        return MPU6050RawSample(
            accel: accel, temperature: temperature, gyro: SensorComponents(words.next(), words.next(), words.next()))
    }

    /// The sample in the first 14 bytes of `raw` (big-endian words, as the collection form reads them), in place.
    /// - Parameter raw: the block; nil when shorter than 14 bytes.
    /// - Returns: the sample.
    public static func unpack(_ raw: UnsafeRawBufferPointer) -> MPU6050RawSample? {
        guard raw.count >= 14 else { return nil }
        @inline(__always) func word(_ index: Int) -> Int16 {
            Int16(bigEndian: raw.loadUnaligned(fromByteOffset: 2 * index, as: Int16.self))
        }
        return MPU6050RawSample(
            accel: SensorComponents(word(0), word(1), word(2)), temperature: word(3),
            gyro: SensorComponents(word(4), word(5), word(6)))
    }

    /// The 14 bytes as the chip lays them out from 0x3B.
    /// - Returns: the block.
    public func pack() -> [UInt8] {
        (Array(accel) + [temperature] + Array(gyro)).flatMap {
            [UInt8(truncatingIfNeeded: $0 >> 8), UInt8(truncatingIfNeeded: $0)]
        }
    }

    /// Byte `index` (0 … 13) of ``pack()``, without building the block.
    /// - Parameter index: the offset from 0x3B.
    /// - Returns: the byte; 0 past the block.
    public func byte(at index: Int) -> UInt8 {
        let word = index / 2
        let vector = word < 3 ? accel : gyro
        let position = word < 3 ? word : word - 4
        let code: Int16 =
            word == 3 ? temperature : (0..<vector.count).contains(position) && word < 7 ? vector[position] : 0
        return UInt8(truncatingIfNeeded: index % 2 == 0 ? code >> 8 : code)
    }

    /// The codes in a fixed order (accel, temperature, gyro) for stuck detection.
    public var codes: InlineCodes {
        InlineCodes(accel, temperature, gyro)
    }
}
