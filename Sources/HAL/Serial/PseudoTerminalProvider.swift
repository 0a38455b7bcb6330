// SensorGate — HAL: kernel pseudo-terminals for simulated devices behind a real tty.

/// One pseudo-terminal pair: the controller end, held by a simulated device, and the terminal end's
/// path, which the gateway opens like a UART.
public protocol PseudoTerminalPair: AnyObject {
    /// The controller end, as a serial port (the simulated device's side of the line).
    var controllerPort: any SerialPort { get }
    /// The terminal end's path (`/dev/pts/N`).
    var terminalPath: String { get }
}

/// Opens pseudo-terminal pairs and the terminal ends as serial ports: what a simulated board needs to
/// put a simulated device behind a real tty, so that the gateway's serial code path (termios, poll,
/// timeouts) is the one a real line takes. The Linux backend conforms (HALLinux).
public protocol PseudoTerminalProvider {
    /// Opens a new pseudo-terminal pair.
    /// - Returns: the pair; it stays open as long as the object lives.
    /// - Throws: `HALError` when the system has no free pseudo-terminals.
    func openPseudoTerminal() throws(HALError) -> any PseudoTerminalPair

    /// Opens a terminal end (or any serial device) as a serial port with line settings.
    /// - Parameters:
    ///   - path: the path.
    ///   - settings: baud rate and framing (a pseudo-terminal refuses parity).
    /// - Returns: the port.
    /// - Throws: `HALError` naming the path.
    func openSerialPort(path: String, settings: SerialSettings) throws(HALError) -> any SerialPort
}
