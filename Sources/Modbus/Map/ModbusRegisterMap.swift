// SensorGate — Modbus: the register map: where each point, alarm and setting sits.

/// The server's register map. Addresses are the protocol's 0-based addresses (the PDU's); in the
/// 1-based "3xxxx" notation of many SCADA tools, input register 100 is 30101.
///
/// Input registers:
/// - 0: map layout version (1); 1: points; 2: alarms; 3: settings served (0 in read-only mode);
///   4–5: update counter (uint32, high word first; it moves whenever the gateway publishes).
/// - From ``pointBase``, 8 registers per point, in point order:
///   +0–1 float32 value, +2–3 int32 scaled (value = offset + int32 × scale), +4 int16 scaled
///   (value = int16 × scale, saturated), +5 quality, +6–7 age in ms (uint32; 0xFFFFFFFF before the first value).
///
/// 32-bit values are big-endian in each register and the high word first (word order "ABCD"; in
/// pymodbus `word_order="big"`, in mbpoll `-B`).
///
/// Discrete inputs: one per alarm, 1 = active. Coils (not in read-only mode): one per alarm, 1 = enabled
/// (a disabled alarm reads 0). Holding registers (not in read-only mode): two per setting, float32, written
/// whole (a write covering half of one is refused with exception 2).
public struct ModbusRegisterMap: Sendable {
    /// The layout's version, in input register 0.
    public static let layoutVersion: UInt16 = 1
    /// The first point record's input register.
    public static let pointBase = 100
    /// Input registers per point.
    public static let recordRegisters = 8

    /// The devices that have fault alarms, by label.
    public let devices: [String]
    /// The points, in record order.
    public let points: [ModbusPoint]
    /// The alarms, in discrete-input order.
    public let alarms: [ModbusAlarm]
    /// The settings, in holding-register order (they apply in read-only mode too, at their defaults).
    public let settings: [ModbusSetting]
    /// When true, no holding registers and no coils are served and every write function is refused.
    public let readOnly: Bool

    /// Creates a map.
    public init(
        devices: [String], points: [ModbusPoint], alarms: [ModbusAlarm], settings: [ModbusSetting], readOnly: Bool
    ) {
        self.devices = devices
        self.points = points
        self.alarms = alarms
        self.settings = settings
        self.readOnly = readOnly
    }

    /// Input registers served: 0 ..< this.
    public var inputRegisterCount: Int { Self.pointBase + Self.recordRegisters * points.count }
    /// Holding registers served: 0 ..< this.
    public var holdingRegisterCount: Int { readOnly ? 0 : 2 * settings.count }
    /// Discrete inputs served.
    public var discreteInputCount: Int { alarms.count }
    /// Coils served.
    public var coilCount: Int { readOnly ? 0 : alarms.count }

    /// The first input register of a point's record.
    /// - Parameter point: the point's index.
    /// - Returns: the register address.
    public static func recordAddress(_ point: Int) -> Int { pointBase + recordRegisters * point }

    /// The index of the point called `name`, or nil.
    /// - Parameter name: `device/channel` or `derived/what`.
    /// - Returns: its index.
    public func point(named name: String) -> Int? { points.firstIndex { $0.name == name } }
}

/// A point's quality register.
public enum ModbusQuality: UInt16, Sendable, CaseIterable {
    /// No value yet.
    case noData = 0
    /// A fresh value.
    case good = 1
    /// The sampler reported the device's last samples missing (a failing or backed-off sensor).
    case missing = 2
    /// No new value for longer than `stale-after-s`.
    case stale = 3
    /// Good, but the int16 register saturated (read the float or the int32).
    case int16Saturated = 4
}
