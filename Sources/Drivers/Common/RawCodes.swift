// SensorGate — Drivers: a reading's raw integer codes by name, stored inline.

/// The name of a raw code as `read --json` prints it. Cases are declared in the order of their
/// names, so that ``RawCodes`` iterates in the sorted order the JSON keys have always had.
public enum RawName: String, Sendable, Hashable, CaseIterable, Comparable {
    /// LSM6DSO and MPU-6050 accelerometer codes, x y z.
    case accel
    /// ADXL345 DATAX code.
    case accelX = "accel_x"
    /// ADXL345 DATAY code.
    case accelY = "accel_y"
    /// ADXL345 DATAZ code.
    case accelZ = "accel_z"
    /// A generic ADC code (test doubles and simple drivers).
    case adc
    /// BME280 humidity ADC code.
    case adcH = "adc_h"
    /// BMP280/BME280 pressure ADC code.
    case adcP = "adc_p"
    /// BMP280/BME280 temperature ADC code.
    case adcT = "adc_t"
    /// MS5611 D1 (pressure) conversion.
    case d1
    /// MS5611 D2 (temperature) conversion.
    case d2
    /// LSM6DSO and MPU-6050 gyroscope codes, x y z.
    case gyro
    /// LIS3MDL magnetometer codes, x y z.
    case mag
    /// SHT3x humidity code.
    case sRH = "s_rh"
    /// SHT3x temperature code.
    case sT = "s_t"
    /// LIS3MDL temperature code.
    case temp
    /// TMP117 Temp_Result register.
    case tempResult = "temp_result"
    /// LSM6DSO and MPU-6050 temperature code.
    case temperature

    /// Orders by declaration, which is the order of the names.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.ordinal < rhs.ordinal }

    /// The case's place in the declaration order.
    var ordinal: UInt8 {
        switch self {
        case .accel: 0
        case .accelX: 1
        case .accelY: 2
        case .accelZ: 3
        case .adc: 4
        case .adcH: 5
        case .adcP: 6
        case .adcT: 7
        case .d1: 8
        case .d2: 9
        case .gyro: 10
        case .mag: 11
        case .sRH: 12
        case .sT: 13
        case .temp: 14
        case .tempResult: 15
        case .temperature: 16
        }
    }
}

/// The raw codes of one reading by name, up to ``capacity`` names of up to three codes each, held
/// inline and kept sorted by name: setting and reading a code never allocates. Reads like a
/// dictionary: `raw[.adcT]`, or `raw["adc_t"]` by the printed name.
public struct RawCodes: Sendable, Hashable {
    /// The most names one reading holds: four (no chip delivers more).
    public static var capacity: Int { 4 }

    private var names: InlineArray<4, RawName>
    private var codes: InlineArray<4, SensorComponents<Int64>>
    private var stored: UInt8

    /// No codes.
    public init() {
        names = InlineArray(repeating: .accel)
        codes = InlineArray(repeating: SensorComponents())
        stored = 0
    }

    /// Adds the codes of `name`, which must come after every name held (a driver's fixed layout:
    /// the ADXL345's `accel_x`, `accel_y`, `accel_z`), without a search; ignored when four are held.
    /// With the three inertial drivers' readings built this way rather than through the subscript
    /// (search, shift, optional), 7 416 -> 7 061 instructions per sample on the simulated reference
    /// board (docs/performance.md).
    /// - Parameters:
    ///   - name: the name, after every name held.
    ///   - value: its codes (empty codes are not stored).
    mutating func append(_ name: RawName, _ value: SensorComponents<Int64>) {
        assert(stored == 0 || names[count - 1] < name, "RawCodes.append takes names in ascending order")
        guard count < Self.capacity, !value.isEmpty else { return }
        names[count] = name
        codes[count] = value
        stored += 1
    }

    /// The codes of `name`, or nil when the reading has none. Setting nil removes them; setting a
    /// fifth name when four are held is ignored (no chip has more; ``capacity``).
    public subscript(name: RawName) -> SensorComponents<Int64>? {
        get {
            guard let position = position(of: name) else { return nil }
            return codes[position]
        }
        set {
            if let position = position(of: name) {
                if let newValue, !newValue.isEmpty {
                    codes[position] = newValue
                } else {
                    remove(at: position)
                }
            } else if let newValue, !newValue.isEmpty {
                insert(name, newValue)
            }
        }
    }

    /// The codes of the name printed as `name` (`adc_t`), or nil.
    public subscript(name: String) -> SensorComponents<Int64>? {
        guard let known = RawName(rawValue: name) else { return nil }
        return self[known]
    }

    /// How many names the reading has.
    public var count: Int { Int(stored) }

    /// Whether the reading has no raw code.
    public var isEmpty: Bool { stored == 0 }

    /// The names present, sorted.
    public var keys: [RawName] { (0..<count).map { names[$0] } }

    private func position(of name: RawName) -> Int? {
        for position in 0..<count where names[position] == name { return position }
        return nil
    }

    private mutating func insert(_ name: RawName, _ value: SensorComponents<Int64>) {
        guard count < Self.capacity else { return }
        var position = count
        while position > 0, name < names[position - 1] {
            names[position] = names[position - 1]
            codes[position] = codes[position - 1]
            position -= 1
        }
        names[position] = name
        codes[position] = value
        stored += 1
    }

    private mutating func remove(at position: Int) {
        for later in (position + 1)..<Swift.max(position + 1, count) {
            names[later - 1] = names[later]
            codes[later - 1] = codes[later]
        }
        stored -= 1
        codes[count] = SensorComponents()
    }

    /// Equal when both hold the same names with the same codes.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        guard lhs.stored == rhs.stored else { return false }
        return (0..<lhs.count).allSatisfy { lhs.names[$0] == rhs.names[$0] && lhs.codes[$0] == rhs.codes[$0] }
    }

    /// Hashes the names and codes present.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(stored)
        for position in 0..<count {
            hasher.combine(names[position])
            hasher.combine(codes[position])
        }
    }
}

extension RawCodes: Sequence {
    /// The names present and their codes, sorted by name.
    public struct Iterator: IteratorProtocol {
        fileprivate let raw: RawCodes
        fileprivate var position = 0

        /// The next name and its codes, or nil at the end.
        public mutating func next() -> (name: RawName, codes: SensorComponents<Int64>)? {
            guard position < raw.count else { return nil }
            defer { position += 1 }
            return (raw.names[position], raw.codes[position])
        }
    }

    /// Iterates the names present.
    public func makeIterator() -> Iterator { Iterator(raw: self) }
}

extension RawCodes: ExpressibleByDictionaryLiteral {
    /// The literal's codes (for tests and tables; drivers set codes by subscript).
    /// - Parameter elements: name and codes pairs; a later pair replaces an earlier one.
    public init(dictionaryLiteral elements: (RawName, SensorComponents<Int64>)...) {
        self.init()
        for (name, value) in elements { self[name] = value }
    }
}
