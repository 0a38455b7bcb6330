// SensorGate — tests: the driver loop over a scripted stream, on a virtual clock.

import HAL
import HALSim
import Testing
import Uplink

/// A byte stream whose far end is a broker played by the test: it answers CONNECT, SUBSCRIBE, PUBLISH
/// and PINGREQ at once unless told to stay silent. A read with nothing to deliver moves the clock.
final class ScriptedBrokerStream: ByteStream {
    let clock: VirtualClock
    var sessionPresent = false
    var answersPings = true
    var acknowledgesPublishes = true
    var failsWrites = false
    private(set) var received: [MQTTPacket] = []
    private(set) var isClosed = false
    private var decoder = MQTTFrameDecoder()
    private var replies: [UInt8] = []

    init(clock: VirtualClock) { self.clock = clock }

    func write(_ bytes: [UInt8]) throws(MQTTError) {
        guard !isClosed, !failsWrites else { throw MQTTError(.closed, "scripted broker: closed") }
        decoder.append(bytes)
        while let packet = try decoder.next() {
            received.append(packet)
            let reply: MQTTPacket? =
                switch packet {
                case .connect: .connack(sessionPresent: sessionPresent, returnCode: 0)
                case .subscribe(let id, let filters): .suback(packetID: id, returnCodes: filters.map { _ in 1 })
                case .publish(let message): acknowledgesPublishes ? message.packetID.map { .puback(packetID: $0) } : nil
                case .pingreq: answersPings ? .pingresp : nil
                default: nil
                }
            if let reply { replies += try reply.encode() }
        }
    }

    func read(maxBytes: Int, timeout: Duration) throws(MQTTError) -> [UInt8] {
        guard !isClosed else { throw MQTTError(.closed, "scripted broker: closed") }
        guard !replies.isEmpty else {
            clock.advance(by: timeout)
            return []
        }
        defer { replies.removeAll() }
        return replies
    }

    func close() { isClosed = true }
}

@Suite struct MQTTConnectionTests {
    @Test func theLoopPingsWhenIdleAndReconnectsWhenThePingGoesUnanswered() throws {
        let clock = VirtualClock()
        var streams: [ScriptedBrokerStream] = []
        let connection = MQTTConnection(client: try MQTTClient(settings: MQTTSettings(deviceID: "gw-1")), clock: clock)
        {
            () throws(MQTTError) -> any ByteStream in
            let stream = ScriptedBrokerStream(clock: clock)
            streams.append(stream)
            return stream
        }
        var events: [MQTTEvent] = []
        func run(until instant: MonotonicInstant) {
            while clock.now() < instant { events += connection.step(maxWait: .seconds(30)) }
        }
        run(until: .zero + .seconds(1))
        #expect(events.first == .connected(sessionPresent: false))
        try connection.publish(topic: "sensorgate/gw-1/imu", payload: [1, 2, 3], tag: 42)
        events += connection.step(maxWait: .seconds(1))
        #expect(events.contains(.published(packetID: 3, tag: 42)))
        // Idle: the first PINGREQ goes out 1200 s after the last packet, and is answered.
        run(until: .zero + .seconds(1300))
        let pings = streams[0].received.filter { $0 == .pingreq }.count
        #expect(pings == 1)
        #expect(connection.client.state == .connected)
        // The broker goes silent: 60 s after the next PINGREQ the loop gives the stream up and opens another.
        streams[0].answersPings = false
        run(until: .zero + .seconds(2600))
        #expect(streams[0].isClosed)
        #expect(events.contains { if case .disconnected(.noResponse("PINGRESP"), _) = $0 { true } else { false } })
        #expect(streams.count == 2 && connection.client.state == .connected)
    }

    @Test func aFailedWriteReconnectsAndResendsWithDup() throws {
        let clock = VirtualClock()
        var streams: [ScriptedBrokerStream] = []
        let connection = MQTTConnection(client: try MQTTClient(settings: MQTTSettings(deviceID: "gw-1")), clock: clock)
        {
            () throws(MQTTError) -> any ByteStream in
            let stream = ScriptedBrokerStream(clock: clock)
            stream.sessionPresent = !streams.isEmpty
            streams.append(stream)
            return stream
        }
        _ = connection.step(maxWait: .seconds(1))
        streams[0].acknowledgesPublishes = false
        try connection.publish(topic: "sensorgate/gw-1/imu", payload: [7], tag: 7)
        streams[0].failsWrites = true
        try connection.publish(topic: "sensorgate/gw-1/imu", payload: [8], tag: 8)
        var events: [MQTTEvent] = []
        while streams.count < 2 || connection.client.inFlightCount > 0 {
            events += connection.step(maxWait: .seconds(1))
            if clock.now() > .zero + .seconds(60) { break }
        }
        #expect(streams[0].isClosed && streams.count == 2)
        let again = publishes(streams[1].received).filter { $0.topic == "sensorgate/gw-1/imu" }
        #expect(again.map(\.payload) == [[7], [8]])
        #expect(again.map(\.duplicate) == [true, true])
        #expect(events.filter { if case .published = $0 { true } else { false } }.count == 2)
    }
}
