// SensorGate — Board: the `modbus:` section: the Modbus TCP server of the gateway.

/// The board's `modbus:` section (docs/boards.md, docs/modbus.md).
public struct ModbusDescription: Sendable, Hashable {
    /// `HOST:PORT` to serve on; nil: not served unless `run --modbus-listen` asks. Default: nil.
    public var listen: String?
    /// The unit identifier served besides 0xFF, 1 … 247. Default: 1.
    public var unit: Int = 1
    /// No holding registers or coils, every write refused (exception 1). Default: false.
    public var readOnly = false
    /// Client networks allowed (CIDR); empty allows every client. Default: empty.
    public var allow: [String] = []
    /// Connections at once, 1 … 1024. Default: 64.
    public var maxClients = 64
    /// Seconds without a new value after which a point is stale (a holding register too). Default: 10.
    public var staleAfterS: Double = 10
    /// Threshold alarms on points. Default: none.
    public var alarms: [ModbusAlarmDescription] = []
    /// Where the section is.
    public var location = SourceLocation(file: "", line: 0, column: 0)

    /// The defaults.
    public init() {}
}

/// One threshold alarm of the `modbus:` section: a discrete input, its thresholds holding registers.
public struct ModbusAlarmDescription: Sendable, Hashable {
    /// The alarm's name.
    public var name: String
    /// The point it watches: `device/channel` or a derived value (`altitude/altitude`).
    public var point: String
    /// Raised above this (nil: no high threshold).
    public var high: Double?
    /// Raised below this (nil: no low threshold).
    public var low: Double?
    /// Cleared this far back inside the thresholds. Default: 0.
    public var hysteresis: Double = 0
    /// Where it is.
    public var location: SourceLocation

    /// Creates an alarm description.
    public init(name: String, point: String, high: Double?, low: Double?, hysteresis: Double, location: SourceLocation)
    {
        self.name = name
        self.point = point
        self.high = high
        self.low = low
        self.hysteresis = hysteresis
        self.location = location
    }
}
