// SensorGate — HAL: RS-485 direction control by the UART driver.

/// How the UART driver switches an RS-485 transceiver between sending and receiving (Linux
/// `struct serial_rs485`), for ports whose hardware does not do it by itself.
public struct RS485Settings: Sendable, Hashable {
    /// Driver-controlled direction on. Default: true.
    public var enabled = true
    /// RTS is asserted while sending (the usual DE wiring). Default: true.
    public var rtsOnSend = true
    /// RTS is asserted after sending (inverted wiring). Default: false.
    public var rtsAfterSend = false
    /// Milliseconds between asserting RTS and the first bit. Default: 0.
    public var delayBeforeSendMs: UInt32 = 0
    /// Milliseconds between the last bit and releasing RTS. Default: 0.
    public var delayAfterSendMs: UInt32 = 0

    /// The defaults: on, RTS while sending, no delays.
    public init() {}
}

/// A serial port whose driver can control an RS-485 transceiver.
public protocol RS485Port: SerialPort {
    /// Applies RS-485 direction control.
    /// - Parameter settings: the settings.
    /// - Throws: `HALError`; on a port whose driver has no RS-485 mode (a pseudo-terminal, most USB
    ///   adapters, which switch by themselves) the kernel refuses it.
    func configureRS485(_ settings: RS485Settings) throws(HALError)
}
