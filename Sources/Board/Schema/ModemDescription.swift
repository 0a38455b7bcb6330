// SensorGate — Board: the cellular modem that carries the upstream (`modem:`).

import Modem

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
    /// Power saving (`psm:`): the timers to request and when to wake for an upload; nil switches PSM off
    /// (the module stays reachable, and awake). Default nil.
    public var psm: ModemPSMDescription?
    /// The module's control lines (`lines:`, `pwrkey: gpio0/17`), by role. Default: none on a real
    /// module (the driver then cannot pulse it); on the simulated module an empty map wires all of
    /// PWRKEY, RESET_N and the supply switch, as before the key existed.
    public var lines: [ModemLineRole: ModemLineDescription] = [:]
    /// Where the section is.
    public var location: SourceLocation

    /// Whether the module is the simulated one.
    public var isSimulated: Bool { port == "sim" }
}

/// The `modem: psm:` block: the PSM timers the module asks the network for (`AT+CPSMS`, 3GPP TS 24.008
/// T3412 extended and T3324) and the upload schedule that lets it sleep between uploads.
public struct ModemPSMDescription: Sendable, Hashable {
    /// The periodic tracking-area update (`periodic-tau`, T3412 extended): how often the sleeping module
    /// reports to the network. Default 1 h.
    public var periodicTAU: Duration = .seconds(3600)
    /// The active time (`active-time`, T3324): how long the module stays reachable after its last
    /// transfer before it sleeps. Default 10 s.
    public var activeTime: Duration = .seconds(10)
    /// How often the gateway wakes the module and delivers what the store holds (`upload-interval`).
    /// Default 15 min.
    public var uploadInterval: Duration = .seconds(900)
    /// Batches waiting in the store that wake the module before the interval is up (`upload-backlog`).
    /// Default 64.
    public var uploadBacklog = 64
    /// Where the block is.
    public var location: SourceLocation

    /// The defaults, declared at `location`.
    /// - Parameter location: where the block is.
    public init(location: SourceLocation) { self.location = location }
}

/// One control line of the module in `modem: lines:`: a board GPIO line, and whether it is active low.
public struct ModemLineDescription: Sendable, Hashable {
    /// The GPIO line (`gpio0/17`).
    public var line: GPIOLineReference
    /// Whether the line is driven low to press the key or assert the signal (`active-low: true`: the
    /// GPIO drives the module's pin directly). Default false: a board drives the pin through an
    /// open-collector transistor, so the GPIO goes high to pull the pin low.
    public var activeLow = false
    /// Where the line is given.
    public var location: SourceLocation
}
