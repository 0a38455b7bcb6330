// SensorGate — tests: MQTT through the modem's socket: MQTTConnection → ModemSocketStream → ModemDriver →
// simulated module (its AT interface, on virtual time) → LoopbackTransport → a real Mosquitto.

import HAL
import HALSim
import Modem
import ModemSim
import Testing
import Uplink

/// A gateway whose MQTT connection runs through a simulated modem of `dialect` to the broker at `port`.
func modemGateway(_ dialect: ModemDialect, port: Int, device: String) throws -> (Peer, SimModem, SimModemHarness) {
    let clock = VirtualClock()
    let modem = SimModem(
        dialect: dialect, profile: .nbiot, transport: LoopbackTransport(upstreamHost: "127.0.0.1"), seed: 8)
    let harness = SimModemHarness(modem: modem, clock: clock, chunkLimit: 64)
    let driver = ModemDriver(
        dialect: dialect, lines: harness.lines, clock: clock,
        openPort: { () throws(HALError) -> any SerialPort in try harness.openPort() })
    var settings = MQTTSettings(deviceID: device)
    settings.reconnectInitialDelay = .seconds(1)
    settings.reconnectMaxDelay = .seconds(4)
    let gateway = Peer(
        MQTTConnection(client: try MQTTClient(settings: settings), clock: clock) {
            () throws(MQTTError) -> any ByteStream in
            try ModemSocketStream(driver: driver, host: "broker.example.net", port: port, clock: clock)
        })
    return (gateway, modem, harness)
}

@Suite struct MQTTOverModemTests {
    @Test(arguments: ["bc66", "sim7080g"])
    func fiftyPublishesThroughAnNBIoTModemAreAcknowledged(_ name: String) throws {
        let dialect = try #require(ModemDialect.named(name))
        let broker = try MosquittoBroker()
        let topic = "sensorgate/gw-m/data"
        let watcher = try MosquittoSubscriber(port: broker.port, filter: topic, count: 50)
        let (gateway, modem, harness) = try modemGateway(dialect, port: broker.port, device: "gw-m")
        var next = 0
        let done = try drive(
            [gateway],
            feed: {
                while next < 50 && gateway.isConnected && gateway.connection.client.canPublish {
                    try gateway.connection.publish(topic: topic, payload: payload(next), tag: UInt64(next))
                    next += 1
                }
            }, until: { gateway.acknowledged.count == 50 })
        #expect(done, "\(gateway.acknowledged.count) of 50; \(gateway.disconnects)\n\(harness.transcript.suffix(2000))")
        #expect(gateway.acknowledged.sorted() == (0..<50).map(UInt64.init))
        #expect(gateway.disconnects.isEmpty)
        #expect(Set(watcher.messages().map(\.payload)) == Set((0..<50).map { "m\($0)" }))
        #expect(modem.meter.bytesUp > 50 * (topic.utf8.count + 4))
    }

    @Test func aBrokerRestartThroughTheModemLosesNothing() throws {
        let broker = try MosquittoBroker()
        let topic = "sensorgate/gw-r/data"
        let (gateway, _, harness) = try modemGateway(.bc66, port: broker.port, device: "gw-r")
        var next = 0
        func feed(upTo limit: Int) throws {
            while next < limit && gateway.isConnected && gateway.connection.client.canPublish {
                try gateway.connection.publish(topic: topic, payload: payload(next), tag: UInt64(next))
                next += 1
            }
        }
        try #require(try drive([gateway], feed: { try feed(upTo: 10) }) { gateway.acknowledged.count == 10 })
        broker.pause()
        try feed(upTo: 14)
        broker.kill()
        try broker.start(persistence: false)
        let done = try drive([gateway], feed: { try feed(upTo: 20) }) { gateway.acknowledged.count >= 20 }
        #expect(done, "\(gateway.acknowledged.count) of 20; \(gateway.disconnects)\n\(harness.transcript.suffix(2000))")
        #expect(Set(gateway.acknowledged) == Set((0..<20).map(UInt64.init)))
        #expect(gateway.sessions == [false, false])
        // One loss, and the new socket opened at the first attempt (the old one's slot was released).
        #expect(gateway.disconnects.count == 1)
    }
}
