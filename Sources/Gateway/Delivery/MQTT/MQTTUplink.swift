// SensorGate — Gateway: how `run` reaches an MQTT broker.

import Logging
import Modem
import Uplink

/// The MQTT upstream of a run (`--upstream mqtt://HOST:PORT`, or the board's `upstream:` with
/// `protocol: mqtt`): where the broker is, how the gateway proves who it is, and which link carries
/// the bytes.
public struct MQTTUplink: Sendable {
    /// The broker.
    public var broker: MQTTBrokerURL
    /// The credentials. Default: none.
    public var credentials: MQTTCredentials = .none
    /// The first topic level (`<prefix>/<device>/<stream>`). Default: `sensorgate`.
    public var topicPrefix = "sensorgate"
    /// The link: nil for a TCP socket of the host (default); a modem dialect's name (`bc66`,
    /// `sim7080g`, …) for the simulated module's AT socket over a simulated serial link, whose network
    /// reaches the broker's real address.
    public var modemDialect: String?
    /// The modem's serial port (a device path such as /dev/ttyUSB2): the real module there carries the
    /// socket. Default nil: the simulated module of ``modemDialect``, in-process.
    public var modemPort: String?
    /// The simulated module's network: `nbiot` or `cat1`. Default `nbiot`.
    public var modemNetwork = "nbiot"
    /// PSM on the module and the upload schedule that lets it sleep (the board's `modem: psm:`).
    /// Default nil: the driver switches PSM off and the delivery keeps the connection up.
    public var powerSaving: ModemPowerSaving?
    /// Opens a real module's serial port (``modemPort``). Default nil (no real ports: simulated modems only).
    public var serialPorts: ModemSerialPorts?
    /// The module's control lines the board wires (`modem: lines:`). A real module's are opened through
    /// ``ModemSerialPorts/openLine``; the simulated module's are its own simulated lines, and an empty
    /// map gives it PWRKEY, RESET_N and the supply switch. Default: none.
    public var modemLines: [ModemLineRole: ModemLineWiring] = [:]
    /// The CA certificate (PEM) the broker's certificate must chain to, for `mqtts://`. Default: none.
    public var caFile: String?
    /// The operator's public key file (SubjectPublicKeyInfo PEM): downlink commands are accepted only
    /// when signed by it. Default: none (every command is refused, unacknowledged).
    public var operatorKeyFile: String?
    /// How long the end of a run waits for the broker to acknowledge what the store still holds.
    /// Default: 30 s (a run that ends with the broker down keeps the rest in the store for the next).
    public var drainTimeout: Duration = .seconds(30)
    /// The first reconnect delay. Default: 2 s (``MQTTSettings/reconnectInitialDelay``).
    public var reconnectInitialDelay: Duration = .seconds(2)
    /// The longest reconnect delay. Default: 60 s.
    public var reconnectMaxDelay: Duration = .seconds(60)
    /// Where the delivery logs what a person should know (swift-log): connections at `info`, refused
    /// connections, lost links and unsent batches at `warning`, commands at `notice`, with the broker
    /// and the batch as metadata. Default: a logger that writes nothing.
    public var logger = Logger(label: "sensorgate.mqtt") { _ in SwiftLogNoOpLogHandler() }

    /// An upstream with the defaults.
    /// - Parameter broker: the broker.
    public init(broker: MQTTBrokerURL) { self.broker = broker }

    /// `mqtt://host:port`, and the link.
    public var summary: String {
        let link =
            modemDialect.map { dialect in
                modemPort.map { " through the \(dialect) modem on \($0)" }
                    ?? " through the simulated \(dialect) modem (\(modemNetwork))"
            } ?? " over TCP"
        return "\(broker)" + link
    }
}

/// Where one of the module's control lines is: a GPIO chip, an offset on it, and its polarity.
public struct ModemLineWiring: Sendable, Hashable {
    /// The chip: a character device (`/dev/gpiochip0`), `gpiochipN`, a label, or `sim:NAME`.
    public var chipPath: String
    /// The line's offset on the chip.
    public var offset: UInt32
    /// Whether the line is driven low to press the key or assert the signal. Default false.
    public var activeLow: Bool

    /// Creates the wiring.
    /// - Parameters:
    ///   - chipPath: the chip.
    ///   - offset: the line's offset.
    ///   - activeLow: whether the line is active low. Default false.
    public init(chipPath: String, offset: UInt32, activeLow: Bool = false) {
        self.chipPath = chipPath
        self.offset = offset
        self.activeLow = activeLow
    }
}
