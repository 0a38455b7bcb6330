// SensorGate — tests: MQTT through the modem's socket: MQTTConnection → ModemSocketStream → ModemDriver →
// simulated module (its AT interface, on virtual time) → LoopbackTransport → a real Mosquitto.

import HAL
import HALSim
import Modem
import ModemSim
import Testing
import Uplink

@Suite struct MQTTOverModemTests {
    @Test(arguments: ["bc66", "sim7080g"])
    func fiftyPublishesThroughAnNBIoTModemAreAcknowledged(_ name: String) throws {
        let dialect = try #require(ModemDialect.named(name))
        let broker = try MosquittoBroker()
        let topic = "sensorgate/gw-m/data"
        let watcher = try MosquittoSubscriber(port: broker.port, filter: topic, count: 50)
        let clock = VirtualClock()
        let modem = SimModem(
            dialect: dialect, profile: .nbiot, transport: LoopbackTransport(upstreamHost: "127.0.0.1"), seed: 8)
        let harness = SimModemHarness(modem: modem, clock: clock, chunkLimit: 64)
        let driver = ModemDriver(
            dialect: dialect, lines: harness.lines, clock: clock,
            openPort: { () throws(HALError) -> any SerialPort in try harness.openPort() })
        let client = try MQTTClient(settings: MQTTSettings(deviceID: "gw-m"))
        let gateway = Peer(
            MQTTConnection(client: client, clock: clock) { () throws(MQTTError) -> any ByteStream in
                try ModemSocketStream(driver: driver, host: "broker.example.net", port: broker.port, clock: clock)
            })
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
}
