// SensorGate — Gateway: the byte streams an MQTT upstream runs over: a host TCP socket, or a socket of
// the simulated modem.

import HAL
import HALSim
import Modem
import ModemSim
import Uplink

/// Opens byte streams to the broker for ``MQTTConnection``, on the clock those streams run on.
final class MQTTLink {
    /// The clock of the connection: real time for TCP, the modem simulator's virtual clock for a modem.
    let clock: any MonotonicClock
    /// Opens a new stream.
    let open: () throws(MQTTError) -> any ByteStream
    /// The simulated module, when the link is one.
    let modem: SimModem?
    /// The simulated module's clock, which the delivery moves along with the run's simulated time.
    let modemClock: VirtualClock?
    /// The modem driver, when the link is a module (real or simulated).
    let driver: ModemDriver?

    private init(
        clock: any MonotonicClock, modem: SimModem? = nil, modemClock: VirtualClock? = nil, driver: ModemDriver? = nil,
        open: @escaping () throws(MQTTError) -> any ByteStream
    ) {
        self.clock = clock
        self.modem = modem
        self.modemClock = modemClock
        self.driver = driver
        self.open = open
    }

    /// Lets the modem driver read what the module printed while nobody listened (its PSM entry line
    /// above all), so that the next socket open wakes a sleeping module rather than talking to it.
    func noticeModem() {
        try? driver?.idle(for: .milliseconds(50))
    }

    /// A TCP socket of the host to `broker`; for `mqtts://`, TLS over it, verified against `caFile`.
    static func tcp(_ broker: MQTTBrokerURL, caFile: String?, clock: any MonotonicClock) -> MQTTLink {
        MQTTLink(clock: clock) { () throws(MQTTError) -> any ByteStream in
            let stream = try TCPStream(host: broker.host, port: broker.port, timeout: .seconds(10))
            return try MQTTLink.secured(stream, broker: broker, caFile: caFile, clock: clock)
        }
    }

    /// `stream` as it is for `mqtt://`, or wrapped in TLS for `mqtts://`.
    private static func secured(
        _ stream: any ByteStream, broker: MQTTBrokerURL, caFile: String?, clock: any MonotonicClock
    ) throws(MQTTError) -> any ByteStream {
        guard broker.usesTLS else { return stream }
        guard let caFile else {
            stream.close()
            throw MQTTError(
                .invalidArgument, "\(broker): TLS needs a CA certificate (--ca-file, or the board's ca-file)")
        }
        return try TLSStream(over: stream, host: broker.host, caFile: caFile, clock: clock, peer: "\(broker)")
    }

    /// A cellular module of `dialect`, driven by the real ``ModemDriver`` (power-on, registration, PDP
    /// context, AT socket): the real module on the serial port `port`, on the real clock; or, when `port`
    /// is nil, the simulated module on a simulated serial link, whose network (`network`: nbiot or cat1)
    /// carries the socket to the broker's real host and port (`LoopbackTransport`).
    /// - Throws: `GatewayError` (`.configuration`) for an unknown dialect or network.
    /// - Parameters:
    ///   - serialPorts: opens a real serial port (the Linux backend's termios port); the real clock it runs on.
    ///   - transport: makes the simulated module's network; nil: the loopback to the broker's address.
    ///   - psm: the PSM timers to request; nil switches PSM off.
    ///   - wiring: the module's control lines (the board's `modem: lines:`).
    static func modem(
        dialect name: String, port: String?, network: String, broker: MQTTBrokerURL, caFile: String?, seed: UInt64,
        serialPorts: ModemSerialPorts?, transport: (() -> any NetworkTransport)? = nil, psm: PSMSettings? = nil,
        lines wiring: [ModemLineRole: ModemLineWiring] = [:]
    ) throws(GatewayError) -> MQTTLink {
        guard let dialect = ModemDialect.named(name) else {
            let known = ModemDialect.all.map(\.name).joined(separator: ", ")
            throw GatewayError(.configuration, "--modem \(name): no such modem dialect; one of \(known)")
        }
        var settings = ModemSettings()
        if let psm {
            guard dialect.supportsPSM, dialect.psmCommand(psm) != nil else {
                throw GatewayError(
                    .configuration,
                    "modem \(name): PSM timers (TAU \(psm.periodicUpdate), active \(psm.activeTime)) cannot be "
                        + "requested: the module has no AT+CPSMS or a timer is out of range")
            }
            settings.psm = psm
        }
        if let port {
            guard let serialPorts else {
                throw GatewayError(.configuration, "modem port \(port): this build opens no real serial ports")
            }
            let clock = serialPorts.clock
            let driver = ModemDriver(
                dialect: dialect, settings: settings, lines: try serialPorts.lines(wiring), clock: clock,
                openPort: { () throws(HALError) -> any SerialPort in try serialPorts.open(port) })
            return MQTTLink(clock: clock, driver: driver) { () throws(MQTTError) -> any ByteStream in
                let stream = try ModemSocketStream(driver: driver, host: broker.host, port: broker.port, clock: clock)
                return try MQTTLink.secured(stream, broker: broker, caFile: caFile, clock: clock)
            }
        }
        guard let profile = NetworkProfile.named(network) else {
            throw GatewayError(.configuration, "modem network '\(network)': use nbiot or cat1")
        }
        let clock = VirtualClock()
        let host = broker.host == "localhost" ? "127.0.0.1" : broker.host
        let module = SimModem(
            dialect: dialect, profile: profile, transport: transport?() ?? LoopbackTransport(upstreamHost: host),
            seed: seed)
        let harness = SimModemHarness(modem: module, clock: clock)
        let lines = wiring.isEmpty ? harness.lines : harness.lines(wired: Set(wiring.keys))
        let driver = ModemDriver(
            dialect: dialect, settings: settings, lines: lines, clock: clock,
            openPort: { () throws(HALError) -> any SerialPort in try harness.openPort() })
        return MQTTLink(clock: clock, modem: module, modemClock: clock, driver: driver) {
            () throws(MQTTError) -> any ByteStream in
            let stream = try ModemSocketStream(driver: driver, host: broker.host, port: broker.port, clock: clock)
            return try MQTTLink.secured(stream, broker: broker, caFile: caFile, clock: clock)
        }
    }
}

/// How a run opens a real modem's serial port (given by the Linux backend) and the clock it runs on.
public struct ModemSerialPorts: Sendable {
    /// The real monotonic clock.
    public var clock: any MonotonicClock & Sendable
    /// Opens the port at a device path (exclusive, raw, 115200 8N1).
    public var open: @Sendable (String) throws(HALError) -> any SerialPort
    /// Requests a control line of the module as an output (the Linux backend's GPIO), at its inactive
    /// level unless told otherwise. Default nil: the build drives no GPIO, so a board that wires lines
    /// cannot run.
    public var openLine: (@Sendable (ModemLineWiring, _ initialActive: Bool) throws(HALError) -> any GPIOOutputLine)?

    /// Creates the opener.
    /// - Parameters:
    ///   - clock: the real monotonic clock.
    ///   - open: opens a port by path.
    ///   - openLine: requests a control line as an output. Default nil.
    public init(
        clock: any MonotonicClock & Sendable, open: @escaping @Sendable (String) throws(HALError) -> any SerialPort,
        openLine: (@Sendable (ModemLineWiring, _ initialActive: Bool) throws(HALError) -> any GPIOOutputLine)? = nil
    ) {
        self.clock = clock
        self.open = open
        self.openLine = openLine
    }
}

extension ModemSerialPorts {
    /// Opens the module's control lines: each inactive, the supply switch on (the module stays powered).
    /// - Parameter wiring: the lines by role.
    /// - Returns: the driver's lines.
    /// - Throws: `GatewayError` (`.configuration`) naming the line that cannot be requested.
    func lines(_ wiring: [ModemLineRole: ModemLineWiring]) throws(GatewayError) -> ModemPowerLines {
        var lines = ModemPowerLines()
        for (role, place) in wiring.sorted(by: { $0.key < $1.key }) {
            guard let openLine else {
                throw GatewayError(
                    .configuration, "modem line '\(role.rawValue)': this build drives no GPIO lines; remove 'lines'")
            }
            let line: any GPIOOutputLine
            do { line = try openLine(place, role == .supply) } catch {
                throw GatewayError(
                    .configuration,
                    "modem line '\(role.rawValue)' (\(place.chipPath) line \(place.offset)): \(error.description)")
            }
            switch role {
            case .powerKey: lines.powerKey = line
            case .reset: lines.reset = line
            case .wake: lines.wake = line
            case .supply: lines.supply = line
            }
        }
        return lines
    }
}
