// SensorGate — tests: the client's QoS 0 PUBLISH (the gateway's `asleep` status before a PSM sleep).

import HAL
import Testing
import Uplink

@Suite struct MQTTAtMostOnceTests {
    @Test func aQoS0PublishGoesOutAtOnceWithoutIdentifierAndIsNeverSentAgain() throws {
        var client = try connectedClient()
        let sent = try client.publishAtMostOnce(
            topic: "sensorgate/gw-1/status", payload: utf8("asleep"), retain: true, now: at(1))
        #expect(sent)
        // 3.1.1 §3.3: fixed header 0x31 (PUBLISH, QoS 0, RETAIN), remaining length 30, the topic with its
        // 2-byte length, then the payload; no packet identifier at QoS 0.
        let bytes = client.takeOutbound()
        #expect(Array(bytes.prefix(4)) == [0x31, 30, 0x00, 22])
        #expect(Array(bytes.suffix(6)) == utf8("asleep"))
        #expect(bytes.count == 32)
        #expect(client.inFlightCount == 0)
        // After a disconnect and a new session nothing of it is sent again: only the birth message.
        client.disconnect(now: at(2))
        _ = client.takeOutbound()
        client.restart(now: at(3))
        client.connect(now: at(3))
        client.received(bytes: try MQTTPacket.connack(sessionPresent: true, returnCode: 0).encode(), now: at(3))
        let again = publishes(try packets(client.takeOutbound()))
        #expect(again.map { String(decoding: $0.payload, as: UTF8.self) } == ["online"])
    }

    @Test func notConnectedItIsNotSentAndNotQueued() throws {
        var client = try MQTTClient(settings: MQTTSettings(deviceID: "gw-1"))
        let sent = try client.publishAtMostOnce(
            topic: "sensorgate/gw-1/status", payload: utf8("asleep"), retain: true, now: at(0))
        #expect(!sent)
        #expect(client.takeOutbound().isEmpty)
        #expect(client.inFlightCount == 0)
    }
}
