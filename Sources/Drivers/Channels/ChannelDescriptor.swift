// SensorGate — Drivers: what one output channel of a driver is: name, quantity, unit and resolution.

/// One scalar output channel of a driver: which component of which ``Quantity`` of a
/// ``SensorReading`` it is, the unit its codes are counted in, and the LSB at which the driver's
/// values are exact (or the chip's resolution for the configured range and oversampling).
///
/// The value in `unit` is `offset + code × lsb`; the reading carries it in SI units, which are
/// `unitToSI` times the value in `unit` (1 for every unit but °/s, whose SI value is in rad/s).
/// Quantising a reading is `code = round((siValue / unitToSI − offset) / lsb)`.
public struct ChannelDescriptor: Sendable, Hashable {
    /// The channel's name in streams and reports: `accel_x`, `pressure`, `temperature`.
    public var name: String
    /// The quantity of the reading the value comes from.
    public var quantity: Quantity
    /// The component of that quantity: 0 for scalars, 0…2 for x y z.
    public var component: Int
    /// The unit of `lsb` and `offset`, UCUM-style: `Pa`, `Cel`, `%`, `m/s2`, `deg/s`, `uT`.
    public var unit: String
    /// One code in `unit`, exactly.
    public var lsb: ExactRatio
    /// The value in `unit` at code 0, exactly (0 for most channels).
    public var offset: ExactRatio
    /// SI units per `unit`: the reading's value is `unitToSI` × the value in `unit`.
    public var unitToSI: Double

    /// Creates a descriptor.
    /// - Parameters:
    ///   - name: the channel name.
    ///   - quantity: the quantity.
    ///   - component: the component. Default: 0.
    ///   - unit: the unit of `lsb`.
    ///   - lsb: one code, exactly.
    ///   - offset: the value at code 0. Default: 0.
    ///   - unitToSI: SI units per `unit`. Default: 1.
    public init(
        name: String, quantity: Quantity, component: Int = 0, unit: String, lsb: ExactRatio,
        offset: ExactRatio = ExactRatio(0), unitToSI: Double = 1
    ) {
        self.name = name
        self.quantity = quantity
        self.component = component
        self.unit = unit
        self.lsb = lsb
        self.offset = offset
        self.unitToSI = unitToSI
    }

    /// The integer code of an SI value: round((value / unitToSI − offset) / lsb).
    /// - Parameter siValue: the reading's value.
    /// - Returns: the code, or nil when the value is not finite or beyond ±2³¹.
    public func code(ofSI siValue: Double) -> Int32? {
        let scaled = ((siValue / unitToSI - offset.value) / lsb.value).rounded()
        guard scaled.isFinite, scaled >= Double(Int32.min), scaled <= Double(Int32.max) else { return nil }
        return Int32(scaled)
    }

    /// The value in `unit` of a code: offset + code × lsb.
    /// - Parameter code: the code.
    /// - Returns: the value in `unit`.
    public func value(ofCode code: Int32) -> Double { offset.value + Double(code) * lsb.value }
}

/// A driver that states its output channels for the settings it was made with.
public protocol ChannelDescribing: SensorDriver {
    /// The channels the driver's readings carry with its settings, in a fixed order.
    var channels: [ChannelDescriptor] { get }
}

extension ChannelDescriptor {
    /// Three channels `prefix_x`, `prefix_y`, `prefix_z` of a vector quantity.
    /// - Parameters:
    ///   - prefix: `accel`, `gyro`, `mag`.
    ///   - quantity: the vector quantity.
    ///   - unit: the unit.
    ///   - lsb: one code.
    ///   - unitToSI: SI units per `unit`. Default: 1.
    /// - Returns: x, y and z.
    public static func vector(
        _ prefix: String, _ quantity: Quantity, unit: String, lsb: ExactRatio, unitToSI: Double = 1
    ) -> [ChannelDescriptor] {
        ["x", "y", "z"].enumerated().map { index, axis in
            ChannelDescriptor(
                name: "\(prefix)_\(axis)", quantity: quantity, component: index, unit: unit, lsb: lsb,
                unitToSI: unitToSI)
        }
    }

    /// m/s² per mg, exactly: 9.80665 / 1000.
    public static let milliG = ExactRatio.decimal(980_665, exponent: -8)
    /// Standard gravity, 9.80665 m/s² per g, exactly (CGPM 1901).
    public static let standardGravity = ExactRatio.decimal(980_665, exponent: -5)
    /// π/180: SI (rad/s) per °/s.
    public static let radiansPerDegree = Double.pi / 180
}
