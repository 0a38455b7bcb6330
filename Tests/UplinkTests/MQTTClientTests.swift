// SensorGate — tests: the MQTT client's state machine, against a broker played by the test, on a clock
// the test moves.

import HAL
import Testing
import Uplink

/// The packets in a run of outbound bytes.
func packets(_ bytes: [UInt8]) throws -> [MQTTPacket] {
    var decoder = MQTTFrameDecoder()
    decoder.append(bytes)
    var result: [MQTTPacket] = []
    while let packet = try decoder.next() { result.append(packet) }
    #expect(decoder.pendingBytes == 0)
    return result
}

/// An instant `seconds` after the origin.
func at(_ seconds: Double) -> MonotonicInstant { .zero + .seconds(seconds) }

/// The PUBLISH packets in a list, in order.
func publishes(_ list: [MQTTPacket]) -> [MQTTPublish] {
    list.compactMap { if case .publish(let message) = $0 { message } else { nil } }
}

/// The reasons of the disconnected events in a list, in order.
func reasons(_ events: [MQTTEvent]) -> [MQTTDisconnectReason] {
    events.compactMap { if case .disconnected(let reason, _) = $0 { reason } else { nil } }
}

/// A client connected at t = 0 with a fresh session (its SUBSCRIBE and birth message acknowledged).
func connectedClient(_ configure: (inout MQTTSettings) -> Void = { _ in }) throws -> MQTTClient {
    var settings = MQTTSettings(deviceID: "gw-1")
    configure(&settings)
    var client = try MQTTClient(settings: settings)
    client.connect(now: at(0))
    client.received(bytes: try MQTTPacket.connack(sessionPresent: false, returnCode: 0).encode(), now: at(0))
    for packet in try packets(client.takeOutbound()) {
        switch packet {
        case .subscribe(let id, _):
            client.received(bytes: try MQTTPacket.suback(packetID: id, returnCodes: [1]).encode(), now: at(0))
        case .publish(let message):
            if let id = message.packetID {
                client.received(bytes: try MQTTPacket.puback(packetID: id).encode(), now: at(0))
            }
        default: break
        }
    }
    _ = client.takeEvents()
    _ = client.takeOutbound()
    return client
}

@Suite struct MQTTClientTests {
    @Test func connectCarriesIdentityCredentialsPersistentSessionAndWill() throws {
        var settings = MQTTSettings(deviceID: "gw-1")
        settings.credentials = .password(username: "fleet", password: "pw")
        var client = try MQTTClient(settings: settings)
        #expect(client.wantsConnection(now: at(0)))
        client.connect(now: at(0))
        let sent = try packets(client.takeOutbound())
        let expected = MQTTConnect(
            clientID: "gw-1", cleanSession: false, keepAliveSeconds: 1200,
            will: MQTTWill(topic: "sensorgate/gw-1/status", payload: utf8("offline"), qos: .atLeastOnce, retain: true),
            username: "fleet", password: utf8("pw"))
        #expect(sent == [.connect(expected)])
    }

    @Test func aTokenIsThePasswordWithTheDeviceAsUser() throws {
        var settings = MQTTSettings(deviceID: "gw-2")
        settings.credentials = .token("eyJhbGciOi")
        var client = try MQTTClient(settings: settings)
        client.connect(now: at(0))
        guard case .connect(let connect) = try packets(client.takeOutbound()).first else {
            Issue.record("no CONNECT")
            return
        }
        #expect(connect.username == "gw-2" && connect.password == utf8("eyJhbGciOi"))
    }

    @Test func aFreshSessionSubscribesToCommandsAndAnnouncesOnline() throws {
        var client = try MQTTClient(settings: MQTTSettings(deviceID: "gw-1"))
        client.connect(now: at(0))
        _ = client.takeOutbound()
        client.received(bytes: try MQTTPacket.connack(sessionPresent: false, returnCode: 0).encode(), now: at(1))
        #expect(client.takeEvents() == [.connected(sessionPresent: false)])
        let sent = try packets(client.takeOutbound())
        #expect(sent.count == 2)
        #expect(
            sent.first == .subscribe(packetID: 1, filters: [MQTTSubscription("sensorgate/gw-1/cmd", qos: .atLeastOnce)])
        )
        #expect(
            publishes(sent) == [
                MQTTPublish(
                    topic: "sensorgate/gw-1/status", payload: utf8("online"), qos: .atLeastOnce, retain: true,
                    packetID: 2)
            ])
        client.received(bytes: try MQTTPacket.suback(packetID: 1, returnCodes: [1]).encode(), now: at(1))
        #expect(client.takeEvents() == [.subscribed(returnCodes: [1])])
    }

    @Test func theWindowHoldsEightAndAPubackFreesASlot() throws {
        var client = try connectedClient()
        for tag in 1...8 {
            try client.publish(topic: "sensorgate/gw-1/imu", payload: [UInt8(tag)], tag: UInt64(tag), now: at(1))
        }
        #expect(!client.canPublish)
        #expect { try client.publish(topic: "sensorgate/gw-1/imu", payload: [9], tag: 9, now: at(1)) } throws: {
            ($0 as? MQTTError)?.kind == .windowFull
        }
        let sent = publishes(try packets(client.takeOutbound()))
        #expect(sent.map(\.payload) == (1...8).map { [UInt8($0)] })
        #expect(sent.allSatisfy { !$0.duplicate && $0.qos == .atLeastOnce })
        let third = try #require(sent[2].packetID)
        client.received(bytes: try MQTTPacket.puback(packetID: third).encode(), now: at(2))
        #expect(client.takeEvents() == [.published(packetID: third, tag: 3)])
        #expect(client.canPublish)
        // A repeated PUBACK (after a retransmission) changes nothing.
        client.received(bytes: try MQTTPacket.puback(packetID: third).encode(), now: at(2))
        #expect(client.takeEvents().isEmpty && client.windowUsed == 7)
    }

    @Test func unackedPublishesGoAgainInOrderWithDupAfterReconnect() throws {
        var client = try connectedClient()
        var ids: [UInt16] = []
        for tag in 1...5 {
            ids.append(
                try client.publish(topic: "sensorgate/gw-1/imu", payload: [UInt8(tag)], tag: UInt64(tag), now: at(1)))
        }
        _ = client.takeOutbound()
        client.received(bytes: try MQTTPacket.puback(packetID: ids[1]).encode(), now: at(2))
        client.connectionLost(now: at(3))
        guard case .disconnected(.connectionLost, let reconnectAt?) = client.takeEvents().last else {
            Issue.record("no disconnected event")
            return
        }
        #expect(!client.wantsConnection(now: at(3)))
        #expect(client.wantsConnection(now: reconnectAt))
        // A message published while offline waits for the connection, and goes first time without DUP.
        let offline = try client.publish(topic: "sensorgate/gw-1/imu", payload: [6], tag: 6, now: at(4))
        client.connect(now: reconnectAt)
        _ = client.takeOutbound()
        client.received(bytes: try MQTTPacket.connack(sessionPresent: true, returnCode: 0).encode(), now: reconnectAt)
        let sent = publishes(try packets(client.takeOutbound()))
        // The birth message follows the data, on every connect.
        #expect(sent.last?.topic == "sensorgate/gw-1/status" && sent.last?.duplicate == false)
        let again = sent.filter { $0.topic == "sensorgate/gw-1/imu" }
        #expect(again.map(\.packetID) == [ids[0], ids[2], ids[3], ids[4], offline])
        #expect(again.map(\.duplicate) == [true, true, true, true, false])
        #expect(again.map(\.payload) == [[1], [3], [4], [5], [6]])
    }

    @Test func aLostSessionMeansResubscribeAndRepublishEverythingUnacked() throws {
        var client = try connectedClient()
        let first = try client.publish(topic: "sensorgate/gw-1/imu", payload: [1], tag: 1, now: at(1))
        _ = client.takeOutbound()
        client.connectionLost(now: at(2))
        client.connect(now: at(10))
        _ = client.takeOutbound()
        _ = client.takeEvents()
        client.received(bytes: try MQTTPacket.connack(sessionPresent: false, returnCode: 0).encode(), now: at(10))
        #expect(client.takeEvents() == [.connected(sessionPresent: false)])
        let sent = try packets(client.takeOutbound())
        #expect(publishes(sent).first?.packetID == first && publishes(sent).first?.duplicate == true)
        #expect(sent.contains { if case .subscribe = $0 { true } else { false } })
        #expect(publishes(sent).last?.topic == "sensorgate/gw-1/status")
    }

    @Test func aKeptSessionDoesNotSubscribeAgain() throws {
        var client = try connectedClient()
        client.connectionLost(now: at(2))
        client.connect(now: at(10))
        _ = client.takeOutbound()
        client.received(bytes: try MQTTPacket.connack(sessionPresent: true, returnCode: 0).encode(), now: at(10))
        let sent = try packets(client.takeOutbound())
        #expect(!sent.contains { if case .subscribe = $0 { true } else { false } })
    }

    @Test func keepAlivePingsAfterSilenceAndDropsWithoutAnswer() throws {
        var client = try connectedClient()
        client.tick(now: at(1199))
        #expect(client.takeOutbound().isEmpty)
        #expect(client.nextDeadline == at(1200))
        client.tick(now: at(1200))
        #expect(try packets(client.takeOutbound()) == [.pingreq])
        client.received(bytes: try MQTTPacket.pingresp.encode(), now: at(1201))
        // Traffic restarts the interval: a publish at 2000 moves the next ping to 3200.
        try client.publish(topic: "sensorgate/gw-1/imu", payload: [1], tag: 1, now: at(2000))
        client.received(bytes: try MQTTPacket.puback(packetID: 3).encode(), now: at(2001))
        _ = client.takeOutbound()
        client.tick(now: at(3199))
        #expect(client.takeOutbound().isEmpty)
        client.tick(now: at(3200))
        #expect(try packets(client.takeOutbound()) == [.pingreq])
        client.tick(now: at(3259))
        #expect(client.state == .connected)
        _ = client.takeEvents()
        client.tick(now: at(3260))
        guard case .disconnected(.noResponse("PINGRESP"), let reconnectAt?) = client.takeEvents().first else {
            Issue.record("no PINGRESP timeout")
            return
        }
        // First back-off: 2 s less up to half of it.
        #expect(reconnectAt >= at(3261) && reconnectAt <= at(3262))
    }

    @Test func aMissingConnackOrPubackDropsTheConnection() throws {
        var client = try MQTTClient(settings: MQTTSettings(deviceID: "gw-1"))
        client.connect(now: at(0))
        client.tick(now: at(59))
        #expect(client.state == .connecting(since: at(0)))
        client.tick(now: at(60))
        #expect(reasons(client.takeEvents()) == [.noResponse("CONNACK")])

        var connected = try connectedClient()
        let id = try connected.publish(topic: "sensorgate/gw-1/imu", payload: [1], tag: 1, now: at(10))
        connected.tick(now: at(129))
        #expect(connected.state == .connected)
        connected.tick(now: at(130))
        guard case .disconnected(.ackTimeout(let late), _) = connected.takeEvents().last else {
            Issue.record("no ack timeout")
            return
        }
        #expect(late == id && connected.inFlightPacketIDs == [id])
    }

    @Test func downlinkCommandsAreDeliveredAndAcknowledged() throws {
        var client = try connectedClient()
        let command = MQTTPublish(
            topic: "sensorgate/gw-1/cmd", payload: utf8("rate=50"), qos: .atLeastOnce, packetID: 77)
        client.received(bytes: try MQTTPacket.publish(command).encode(), now: at(5))
        #expect(client.takeEvents() == [.message(command)])
        #expect(try packets(client.takeOutbound()) == [.puback(packetID: 77)])
        // QoS 2 (a broker that ignores the granted QoS): delivered once, PUBREC, PUBREL → PUBCOMP.
        let twice = MQTTPublish(topic: "sensorgate/gw-1/cmd", payload: utf8("x"), qos: .exactlyOnce, packetID: 78)
        client.received(bytes: try MQTTPacket.publish(twice).encode(), now: at(6))
        var again = twice
        again.duplicate = true
        client.received(bytes: try MQTTPacket.publish(again).encode(), now: at(6))
        client.received(bytes: try MQTTPacket.pubrel(packetID: 78).encode(), now: at(6))
        #expect(client.takeEvents() == [.message(twice)])
        #expect(
            try packets(client.takeOutbound()) == [
                .pubrec(packetID: 78), .pubrec(packetID: 78), .pubcomp(packetID: 78),
            ])
    }

    @Test func packetIdentifiersWrapAndSkipThoseInFlight() throws {
        var client = try connectedClient { $0.inFlightWindow = 2 }
        // Identifiers 1 (SUBSCRIBE) and 2 (birth) are done; 3 stays unacknowledged.
        let held = try client.publish(topic: "sensorgate/gw-1/a", payload: [], tag: 0, now: at(1))
        #expect(held == 3)
        var last: UInt16 = 0
        for tag in 1...65_534 {
            last = try client.publish(topic: "sensorgate/gw-1/a", payload: [], tag: UInt64(tag), now: at(1))
            client.received(bytes: try MQTTPacket.puback(packetID: last).encode(), now: at(1))
        }
        _ = client.takeOutbound()
        // 4 … 65535, then 1, 2: the 65 534th is 2; the next skips 3, which is still in flight.
        #expect(last == 2)
        #expect(try client.publish(topic: "sensorgate/gw-1/a", payload: [], tag: 1, now: at(1)) == 4)
    }

    @Test func backOffDoublesUpToItsCapWithSeededJitter() throws {
        func delays(seed: UInt64) throws -> [Double] {
            var settings = MQTTSettings(deviceID: "gw-1")
            settings.seed = seed
            var client = try MQTTClient(settings: settings)
            var now = at(0)
            var result: [Double] = []
            for _ in 0..<12 {
                client.connect(now: now)
                client.connectionLost(now: now)
                guard case .disconnected(let next?) = client.state else { return [] }
                let (seconds, attoseconds) = (next - now).components
                result.append(Double(seconds) + Double(attoseconds) / 1e18)
                now = next
            }
            return result
        }
        let first = try delays(seed: 42)
        for (attempt, delay) in first.enumerated() {
            let base = min(600, 2 * Double(1 << attempt))
            #expect(delay >= base / 2 && delay <= base, "attempt \(attempt): \(delay) s")
        }
        #expect(try delays(seed: 42) == first)
        #expect(try delays(seed: 43) != first)
    }

    @Test func aRefusedConnectionNamesTheCauseAndBacksOff() throws {
        var client = try MQTTClient(settings: MQTTSettings(deviceID: "gw-1"))
        client.connect(now: at(0))
        client.received(bytes: try MQTTPacket.connack(sessionPresent: false, returnCode: 4).encode(), now: at(0))
        #expect(reasons(client.takeEvents()) == [.refused(returnCode: 4)])
        #expect(MQTTConnectReturnCode.text(4).contains("user name or password"))
        #expect(!client.wantsConnection(now: at(0.5)))
    }

    @Test func garbageFromTheBrokerIsAProtocolErrorNotACrash() throws {
        var client = try connectedClient()
        client.received(bytes: [0x62, 0x02, 0x00], now: at(1))
        #expect(client.state == .connected)  // a cut packet: waits for more
        client.received(bytes: [0x01], now: at(1))
        #expect(try packets(client.takeOutbound()) == [.pubcomp(packetID: 1)])
        client.received(bytes: [0x60, 0x02, 0x00, 0x01], now: at(1))  // PUBREL without its flags
        guard case .disconnected(.protocolError(let error), _) = client.takeEvents().last else {
            Issue.record("no protocol error")
            return
        }
        #expect(error.kind == .invalidFlags)
        // A CONNACK to a connected client breaks the protocol too.
        var other = try connectedClient()
        other.received(bytes: try MQTTPacket.connack(sessionPresent: false, returnCode: 0).encode(), now: at(1))
        #expect(other.takeEvents().contains { if case .disconnected(.protocolError, _) = $0 { true } else { false } })
    }

    @Test func disconnectSendsDisconnectAndStops() throws {
        var client = try connectedClient()
        client.disconnect(now: at(1))
        #expect(try packets(client.takeOutbound()) == [.disconnect])
        #expect(client.state == .stopped && !client.wantsConnection(now: at(100_000)))
        #expect(client.takeEvents() == [.disconnected(.requested, reconnectAt: nil)])
    }

    @Test func settingsThatCannotBeSentAreRefused() {
        #expect(throws: MQTTError.self) { try MQTTClient(settings: MQTTSettings(deviceID: "")) }
        #expect(throws: MQTTError.self) { try MQTTClient(settings: MQTTSettings(deviceID: "a/b")) }
        #expect(throws: MQTTError.self) { try MQTTClient(settings: MQTTSettings(deviceID: "a+")) }
        var settings = MQTTSettings(deviceID: "gw")
        settings.inFlightWindow = 0
        #expect(throws: MQTTError.self) { try MQTTClient(settings: settings) }
    }
}
