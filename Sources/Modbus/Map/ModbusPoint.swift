// SensorGate — Modbus: what the register map is made of: points, alarms, settings.

/// One value the server publishes: a channel of a device, or a value derived from channels.
public struct ModbusPoint: Sendable, Hashable {
    /// The name, `device/channel` or `derived/what` (`barometer/pressure`, `orientation/roll`).
    public var name: String
    /// The unit of the float and of the scaled integers (`Pa`, `Cel`, `m/s2`, `deg`).
    public var unit: String
    /// What it is, for the map's readers.
    public var summary: String
    /// The int32 register pair: value = offset + int32 × scale (for a channel: the collector's code and LSB).
    public var int32Scale: Double
    /// The int32's offset (a channel's value at code 0).
    public var int32Offset: Double
    /// The int16 register: value = int16 × scale, saturated at ±32767 (quality says when it saturated).
    public var int16Scale: Double
    /// The index of the device (in ``ModbusRegisterMap/devices``) whose fault alarm covers it; nil for none.
    public var device: Int?

    /// Creates a point.
    public init(
        name: String, unit: String, summary: String, int32Scale: Double, int32Offset: Double = 0,
        int16Scale: Double, device: Int?
    ) {
        self.name = name
        self.unit = unit
        self.summary = summary
        self.int32Scale = int32Scale
        self.int32Offset = int32Offset
        self.int16Scale = int16Scale
        self.device = device
    }
}

/// One alarm: a discrete input (active) and, unless read-only, a coil (enabled).
public struct ModbusAlarm: Sendable, Hashable {
    /// What raises it.
    public enum Kind: Sendable, Hashable {
        /// A device's values are missing (the sampler reported missing samples) or older than `stale-after-s`.
        case deviceFault(device: Int)
        /// A point above its high or below its low threshold (settings), with hysteresis.
        case threshold(point: Int)
    }

    /// The name (`barometer/fault`, `pressure-high`).
    public var name: String
    /// What it means.
    public var summary: String
    /// What raises it.
    public var kind: Kind

    /// Creates an alarm.
    public init(name: String, summary: String, kind: Kind) {
        self.name = name
        self.summary = summary
        self.kind = kind
    }
}

/// One setting: a 32-bit float in two holding registers (not served in read-only mode).
public struct ModbusSetting: Sendable, Hashable {
    /// What the setting controls.
    public enum Role: Sendable, Hashable {
        /// Seconds after which a point without a new value is stale.
        case staleAfterS
        /// The sea-level pressure the altitude is computed against.
        case seaLevelPressurePa
        /// An alarm's high threshold (NaN: none).
        case alarmHigh(alarm: Int)
        /// An alarm's low threshold (NaN: none).
        case alarmLow(alarm: Int)
        /// An alarm's hysteresis: how far back past the threshold a value must go to clear it.
        case alarmHysteresis(alarm: Int)
    }

    /// The name (`stale-after-s`).
    public var name: String
    /// The unit.
    public var unit: String
    /// What it does.
    public var summary: String
    /// What it controls.
    public var role: Role
    /// The value at start.
    public var defaultValue: Double
    /// Values a write may set; others are refused with exception 3.
    public var range: ClosedRange<Double>
    /// Whether NaN (none) may be written.
    public var allowsNaN: Bool

    /// Creates a setting.
    public init(
        name: String, unit: String, summary: String, role: Role, defaultValue: Double, range: ClosedRange<Double>,
        allowsNaN: Bool = false
    ) {
        self.name = name
        self.unit = unit
        self.summary = summary
        self.role = role
        self.defaultValue = defaultValue
        self.range = range
        self.allowsNaN = allowsNaN
    }
}
