// SensorGate — Board: the cellular modem that carries the upstream (`modem:`).

/// The simulated network a simulated module registers on.
public enum ModemNetworkKind: String, Sendable, Hashable, CaseIterable {
    /// NB-IoT: slow, long latency, power saving.
    case nbiot
    /// LTE Cat-1.
    case cat1
}

/// The board's `modem:` section: which module carries the MQTT connection, on which serial port.
public struct ModemDescription: Sendable, Hashable {
    /// The module's AT dialect (`dialect`: bc66, sim7080g, eg915u, …; `sensorgate modem-sim --help` lists them).
    public var dialect: String
    /// The serial port (`port`): a device path such as /dev/ttyUSB2 or /dev/ttyS1, or `sim` for the
    /// simulated module in-process. Default `sim`.
    public var port = "sim"
    /// The simulated module's network (`network`: nbiot or cat1). Default nbiot.
    public var network = ModemNetworkKind.nbiot
    /// Where the section is.
    public var location: SourceLocation

    /// Whether the module is the simulated one.
    public var isSimulated: Bool { port == "sim" }
}
