// SensorGate — HAL: serial line settings.

/// Parity of a serial line.
public enum SerialParity: Sendable, Hashable {
    /// No parity bit.
    case none
    /// Even parity.
    case even
    /// Odd parity.
    case odd
}

/// Stop bits of a serial line.
public enum SerialStopBits: Sendable, Hashable {
    /// One stop bit.
    case one
    /// Two stop bits.
    case two
}

/// Flow control of a serial line.
public enum SerialFlowControl: Sendable, Hashable {
    /// None.
    case none
    /// RTS/CTS hardware handshake (what cellular modules expect at high baud rates).
    case hardware
    /// XON/XOFF in-band; unusable for binary payloads, offered for old devices.
    case software
}

/// Serial line settings. Defaults: 115200 baud, 8N1, no flow control — the factory setting of the
/// Quectel and SIMCom modules SensorGate drives.
public struct SerialSettings: Sendable, Hashable {
    /// Baud rate in bits per second. Default: 115200.
    public var baudRate: Int = 115_200
    /// Data bits, 5–8. Default: 8.
    public var dataBits: Int = 8
    /// Parity. Default: `.none`.
    public var parity: SerialParity = .none
    /// Stop bits. Default: `.one`.
    public var stopBits: SerialStopBits = .one
    /// Flow control. Default: `.none`.
    public var flowControl: SerialFlowControl = .none

    /// The defaults listed on each property.
    public static let `default` = SerialSettings()

    /// Creates settings.
    /// - Parameters:
    ///   - baudRate: bits per second.
    ///   - dataBits: 5–8.
    ///   - parity: parity.
    ///   - stopBits: stop bits.
    ///   - flowControl: flow control.
    public init(
        baudRate: Int = 115_200, dataBits: Int = 8, parity: SerialParity = .none, stopBits: SerialStopBits = .one,
        flowControl: SerialFlowControl = .none
    ) {
        self.baudRate = baudRate
        self.dataBits = dataBits
        self.parity = parity
        self.stopBits = stopBits
        self.flowControl = flowControl
    }
}

/// Which queue to discard.
public enum SerialQueue: Sendable, Hashable {
    /// Received, not yet read.
    case input
    /// Written, not yet sent.
    case output
    /// Both.
    case both
}

/// The modem control lines of a serial port.
public struct ModemControlLines: OptionSet, Sendable, Hashable {
    /// The raw bits.
    public let rawValue: UInt8
    /// Creates a set from raw bits.
    /// - Parameter rawValue: the bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Data terminal ready (output).
    public static let dtr = ModemControlLines(rawValue: 1 << 0)
    /// Request to send (output).
    public static let rts = ModemControlLines(rawValue: 1 << 1)
    /// Clear to send (input).
    public static let cts = ModemControlLines(rawValue: 1 << 2)
    /// Data set ready (input).
    public static let dsr = ModemControlLines(rawValue: 1 << 3)
    /// Data carrier detect (input).
    public static let dcd = ModemControlLines(rawValue: 1 << 4)
    /// Ring indicator (input).
    public static let ri = ModemControlLines(rawValue: 1 << 5)
}
