// SensorGate — Drivers: the BMP280/BME280 register map and the two chip variants.

/// Which Bosch chip a ``BMP280`` driver or ``BMP280Model`` speaks to.
///
/// The BME280 is register compatible with the BMP280 for pressure and temperature and adds a
/// humidity channel (BME280 datasheet §5.2, table 17): its chip ID, the two longest standby times
/// and the data block length differ.
public enum BMP280Variant: Sendable, Hashable, CaseIterable {
    /// Bosch BMP280: pressure and temperature (BST-BMP280-DS001).
    case bmp280
    /// Bosch BME280: pressure, temperature and humidity (BST-BME280-DS002).
    case bme280

    /// The part name used in messages and errors.
    public var part: String {
        switch self {
        case .bmp280: "BMP280"
        case .bme280: "BME280"
        }
    }

    /// The chip IDs register 0xD0 may hold: BMP280 0x58 (mass production) and 0x56/0x57 (samples),
    /// BMP280 datasheet §4.3.1; BME280 0x60, BME280 datasheet §5.4.1. The first is the production value.
    public var chipIDs: [UInt8] {
        switch self {
        case .bmp280: [0x58, 0x56, 0x57]
        case .bme280: [0x60]
        }
    }

    /// Whether the chip measures humidity.
    public var hasHumidity: Bool { self == .bme280 }

    /// The length of the data block from 0xF7: press, temp (3 bytes each) and, on the BME280, hum (2).
    public var dataLength: Int { hasHumidity ? 8 : 6 }

    /// The standby times of config.t_sb codes 0–7 in milliseconds (BMP280 table 11; BME280 table 27,
    /// where codes 6 and 7 mean 10 ms and 20 ms instead of 2000 ms and 4000 ms).
    public var standbyTableMilliseconds: [Double] {
        switch self {
        case .bmp280: [0.5, 62.5, 125, 250, 500, 1000, 2000, 4000]
        case .bme280: [0.5, 62.5, 125, 250, 500, 1000, 10, 20]
        }
    }
}

/// Register addresses and bit fields of the BMP280 and BME280 (BMP280 §4.2 table 18, BME280 §5.3 table 18).
public enum BMP280Register {
    /// calib00…calib25: dig_T1…dig_P9 (24 bytes), 0xA0 reserved, 0xA1 dig_H1 (BME280).
    public static let calibration: UInt8 = 0x88
    /// The number of bytes read from ``calibration``: 0x88…0xA1.
    public static let calibrationLength = 26
    /// calib26…calib32 of the BME280: dig_H2…dig_H6 at 0xE1…0xE7.
    public static let humidityCalibration: UInt8 = 0xE1
    /// The number of bytes read from ``humidityCalibration``.
    public static let humidityCalibrationLength = 7
    /// The chip ID.
    public static let id: UInt8 = 0xD0
    /// Soft reset: writing ``resetCommand`` resets the chip as a power-on does.
    public static let reset: UInt8 = 0xE0
    /// The value that triggers a soft reset; other values have no effect.
    public static let resetCommand: UInt8 = 0xB6
    /// ctrl_hum (BME280 only): osrs_h in bits 2:0; takes effect after the next write of ctrl_meas.
    public static let controlHumidity: UInt8 = 0xF2
    /// status: measuring in bit 3, im_update in bit 0.
    public static let status: UInt8 = 0xF3
    /// ctrl_meas: osrs_t in bits 7:5, osrs_p in bits 4:2, mode in bits 1:0.
    public static let controlMeasurement: UInt8 = 0xF4
    /// config: t_sb in bits 7:5, filter in bits 4:2, spi3w_en in bit 0.
    public static let config: UInt8 = 0xF5
    /// press_msb, the first data register; the data block is burst-read from here.
    public static let data: UInt8 = 0xF7

    /// status bit 3: a conversion is running.
    public static let statusMeasuring: UInt8 = 0x08
    /// status bit 0: the NVM trimming data is being copied to the image registers.
    public static let statusImageUpdate: UInt8 = 0x01

    /// The reset value of a skipped or never-measured 20-bit pressure or temperature channel.
    public static let skipped20Bit: Int32 = 0x80000
    /// The reset value of a skipped or never-measured 16-bit humidity channel.
    public static let skipped16Bit: Int32 = 0x8000
}

/// The raw ADC codes of one burst read of the data registers.
public struct BMP280RawSample: Sendable, Hashable {
    /// adc_P, 20 bits: press_msb << 12 | press_lsb << 4 | press_xlsb >> 4.
    public var pressure: Int32
    /// adc_T, 20 bits, packed as adc_P.
    public var temperature: Int32
    /// adc_H, 16 bits: hum_msb << 8 | hum_lsb; nil on the BMP280.
    public var humidity: Int32?

    /// Creates a sample.
    /// - Parameters:
    ///   - pressure: adc_P.
    ///   - temperature: adc_T.
    ///   - humidity: adc_H, or nil.
    public init(pressure: Int32, temperature: Int32, humidity: Int32?) {
        self.pressure = pressure
        self.temperature = temperature
        self.humidity = humidity
    }

    /// Unpacks the data block burst-read from 0xF7 (6 bytes, or 8 with humidity).
    /// - Parameter bytes: the data block.
    /// - Returns: the sample, or nil when the block is shorter than 6 bytes.
    public static func unpack<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> BMP280RawSample?
    where Bytes.Index == Int {
        guard bytes.count >= 6 else { return nil }
        let base = bytes.startIndex
        func byte(_ index: Int) -> UInt8 { bytes[base + index] }
        func twenty(_ index: Int) -> Int32 {
            Int32(byte(index)) << 12 | Int32(byte(index + 1)) << 4 | Int32(byte(index + 2)) >> 4
        }
        let humidity = bytes.count >= 8 ? Int32(byte(6)) << 8 | Int32(byte(7)) : nil
        return BMP280RawSample(pressure: twenty(0), temperature: twenty(3), humidity: humidity)
    }

    /// Packs the sample as the chip lays it out from 0xF7 (the model's data registers).
    /// - Returns: 6 bytes, or 8 with humidity.
    public func pack() -> [UInt8] {
        func twenty(_ value: Int32) -> [UInt8] {
            [
                UInt8(truncatingIfNeeded: value >> 12), UInt8(truncatingIfNeeded: value >> 4),
                UInt8(truncatingIfNeeded: value << 4),
            ]
        }
        var bytes = twenty(pressure) + twenty(temperature)
        if let humidity { bytes += [UInt8(truncatingIfNeeded: humidity >> 8), UInt8(truncatingIfNeeded: humidity)] }
        return bytes
    }

    /// Byte `index` of ``pack()`` (0 is 0xF7), without building the block: what the model's data
    /// registers return on each read.
    /// - Parameter index: the offset from 0xF7.
    /// - Returns: the byte; 0 past the block.
    public func byte(at index: Int) -> UInt8 {
        func twenty(_ value: Int32, _ position: Int) -> UInt8 {
            switch position {
            case 0: UInt8(truncatingIfNeeded: value >> 12)
            case 1: UInt8(truncatingIfNeeded: value >> 4)
            default: UInt8(truncatingIfNeeded: value << 4)
            }
        }
        switch index {
        case 0...2: return twenty(pressure, index)
        case 3...5: return twenty(temperature, index - 3)
        case 6: return humidity.map { UInt8(truncatingIfNeeded: $0 >> 8) } ?? 0
        case 7: return humidity.map { UInt8(truncatingIfNeeded: $0) } ?? 0
        default: return 0
        }
    }
}
