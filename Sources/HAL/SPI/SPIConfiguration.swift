// SensorGate — HAL: SPI device configuration.

/// SPI clock polarity and phase (modes 0–3).
public enum SPIMode: UInt8, Sendable, Hashable, CaseIterable {
    /// CPOL 0, CPHA 0: clock idles low, data sampled on the rising edge.
    case mode0 = 0
    /// CPOL 0, CPHA 1: clock idles low, data sampled on the falling edge.
    case mode1 = 1
    /// CPOL 1, CPHA 0: clock idles high, data sampled on the falling edge.
    case mode2 = 2
    /// CPOL 1, CPHA 1: clock idles high, data sampled on the rising edge.
    case mode3 = 3

    /// Clock polarity: whether the clock idles high.
    public var clockIdlesHigh: Bool { rawValue & 0b10 != 0 }
    /// Clock phase: whether data is sampled on the second edge.
    public var samplesOnSecondEdge: Bool { rawValue & 0b01 != 0 }
}

/// How an SPI device is clocked. Defaults suit the Bosch, ST and ADI sensors SensorGate drives.
public struct SPIConfiguration: Sendable, Hashable {
    /// Clock polarity and phase. Default: mode 0 (the BMP280/BME280 accept 0 and 3; ADXL345 needs 3).
    public var mode: SPIMode = .mode0
    /// Bits per word. Default: 8.
    public var bitsPerWord: UInt8 = 8
    /// Clock rate in hertz. Default: 1 MHz, within every supported sensor's limit.
    public var speedHz: UInt32 = 1_000_000
    /// Whether bits go least-significant first. Default: false (most significant first).
    public var lsbFirst: Bool = false
    /// Whether the chip select is active high. Default: false (active low).
    public var chipSelectActiveHigh: Bool = false
    /// Three-wire (shared data line) mode. Default: false (4-wire).
    public var threeWire: Bool = false

    /// The defaults listed on each property.
    public static let `default` = SPIConfiguration()

    /// Creates a configuration.
    /// - Parameters:
    ///   - mode: clock polarity and phase.
    ///   - bitsPerWord: bits per word.
    ///   - speedHz: clock rate in hertz.
    ///   - lsbFirst: least-significant bit first.
    ///   - chipSelectActiveHigh: chip select polarity.
    ///   - threeWire: shared data line.
    public init(
        mode: SPIMode = .mode0, bitsPerWord: UInt8 = 8, speedHz: UInt32 = 1_000_000, lsbFirst: Bool = false,
        chipSelectActiveHigh: Bool = false, threeWire: Bool = false
    ) {
        self.mode = mode
        self.bitsPerWord = bitsPerWord
        self.speedHz = speedHz
        self.lsbFirst = lsbFirst
        self.chipSelectActiveHigh = chipSelectActiveHigh
        self.threeWire = threeWire
    }
}
