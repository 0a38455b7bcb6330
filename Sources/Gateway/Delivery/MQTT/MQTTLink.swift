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

    private init(
        clock: any MonotonicClock, modem: SimModem?, open: @escaping () throws(MQTTError) -> any ByteStream
    ) {
        self.clock = clock
        self.modem = modem
        self.open = open
    }

    /// A TCP socket of the host to `broker`; for `mqtts://`, TLS over it, verified against `caFile`.
    static func tcp(_ broker: MQTTBrokerURL, caFile: String?, clock: any MonotonicClock) -> MQTTLink {
        MQTTLink(clock: clock, modem: nil) { () throws(MQTTError) -> any ByteStream in
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

    /// The simulated module of `dialect` on a simulated serial link, driven by the real ``ModemDriver``
    /// (power-on, registration, PDP context, AT socket); its network carries the socket to the
    /// broker's real host and port (`LoopbackTransport`).
    /// - Throws: `GatewayError` (`.configuration`) for an unknown dialect.
    static func modem(
        dialect name: String, broker: MQTTBrokerURL, caFile: String?, seed: UInt64
    ) throws(GatewayError) -> MQTTLink {
        guard let dialect = ModemDialect.named(name) else {
            let known = ModemDialect.all.map(\.name).joined(separator: ", ")
            throw GatewayError(.configuration, "--modem \(name): no such modem dialect; one of \(known)")
        }
        let clock = VirtualClock()
        let host = broker.host == "localhost" ? "127.0.0.1" : broker.host
        let module = SimModem(
            dialect: dialect, profile: .nbiot, transport: LoopbackTransport(upstreamHost: host), seed: seed)
        let harness = SimModemHarness(modem: module, clock: clock)
        let driver = ModemDriver(
            dialect: dialect, lines: harness.lines, clock: clock,
            openPort: { () throws(HALError) -> any SerialPort in try harness.openPort() })
        return MQTTLink(clock: clock, modem: module) { () throws(MQTTError) -> any ByteStream in
            let stream = try ModemSocketStream(driver: driver, host: broker.host, port: broker.port, clock: clock)
            return try MQTTLink.secured(stream, broker: broker, caFile: caFile, clock: clock)
        }
    }
}
