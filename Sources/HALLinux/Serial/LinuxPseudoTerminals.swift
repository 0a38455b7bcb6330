// SensorGate — HALLinux: pseudo-terminal pairs for simulated devices (HAL's PseudoTerminalProvider).

import HAL

extension PseudoTerminal: PseudoTerminalPair {
    /// The controller end.
    public var controllerPort: any SerialPort { controller }
}

/// Opens kernel pseudo-terminals (``PseudoTerminal``) and their terminal ends (``TermiosSerialPort``).
public struct LinuxPseudoTerminals: PseudoTerminalProvider {
    /// A provider.
    public init() {}

    /// A new pair, the terminal end held open and raw until the gateway opens it.
    public func openPseudoTerminal() throws(HALError) -> any PseudoTerminalPair { try PseudoTerminal() }

    /// The terminal end through termios, exclusively, as a real UART is opened.
    public func openSerialPort(path: String, settings: SerialSettings) throws(HALError) -> any SerialPort {
        try TermiosSerialPort(path: path, settings: settings)
    }
}
