// SensorGate — tests: the MQTT client against a real Mosquitto broker on the loopback, over TCPStream.

import Testing
import Uplink

/// The payload of message `index`.
func payload(_ index: Int) -> [UInt8] { Array("m\(index)".utf8) }

@Suite struct MQTTMosquittoTests {
    @Test func aThousandPublishesAreAcknowledgedAndSeenByMosquittoSub() throws {
        let broker = try MosquittoBroker()
        let topic = "sensorgate/gw-a/data"
        let subscriber = try MosquittoSubscriber(port: broker.port, filter: topic, count: 1000)
        let publisher = try Peer(device: "gw-a", port: broker.port, clock: WallClock())
        var next = 0
        let done = try drive(
            [publisher],
            feed: {
                while next < 1000 && publisher.isConnected && publisher.connection.client.canPublish {
                    try publisher.connection.publish(topic: topic, payload: payload(next), tag: UInt64(next))
                    next += 1
                }
            }, until: { publisher.acknowledged.count == 1000 })
        #expect(done, "\(publisher.acknowledged.count) of 1000 acknowledged; disconnects: \(publisher.disconnects)")
        #expect(publisher.acknowledged.sorted() == (0..<1000).map(UInt64.init))
        #expect(publisher.sessions == [false] && publisher.disconnects.isEmpty)
        let seen = subscriber.messages()
        #expect(seen.allSatisfy { $0.topic == topic })
        #expect(Set(seen.map(\.payload)) == Set((0..<1000).map { "m\($0)" }), "mosquitto_sub saw \(seen.count)")
    }

    @Test func aBrokerKilledMidStreamLosesNothing() throws {
        let broker = try MosquittoBroker(persistence: false)
        let clock = WallClock()
        let topic = "sensorgate/gw-b/data"
        // The subscriber is another instance of our client on a persistent session, subscribed to the data.
        let subscriber = try Peer(device: "collector-b", port: broker.port, clock: clock) {
            $0.downlinkFilters = [topic]
            $0.announcesStatus = false
        }
        let publisher = try Peer(device: "gw-b", port: broker.port, clock: clock)
        try #require(drive([subscriber, publisher]) { subscriber.subscriptions == 1 && publisher.isConnected })
        let total = 600
        var next = 0
        func feed(upTo limit: Int) throws {
            while next < limit && publisher.isConnected && publisher.connection.client.canPublish {
                try publisher.connection.publish(topic: topic, payload: payload(next), tag: UInt64(next))
                next += 1
            }
        }
        let seenAll = { (count: Int) in Set(subscriber.messages.map(\.payload)).count >= count }
        try #require(try drive([publisher, subscriber], feed: { try feed(upTo: 300) }) { seenAll(300) })

        // Mid-stream: the broker freezes, a full window goes out unacknowledged, and the broker dies.
        broker.pause()
        try feed(upTo: 300 + 8)
        #expect(publisher.connection.client.windowUsed == 8)
        broker.kill()
        try broker.start(persistence: true)

        // The subscriber reconnects and subscribes again first, then the publisher resends its window.
        try #require(drive([subscriber]) { subscriber.subscriptions == 2 })
        try #require(
            try drive([publisher, subscriber], feed: { try feed(upTo: total) }) {
                publisher.acknowledged.count == total && seenAll(total)
            }, "acknowledged \(publisher.acknowledged.count), seen \(Set(subscriber.messages.map(\.payload)).count)")
        #expect(publisher.sessions == [false, false])  // the killed broker kept nothing
        #expect(publisher.disconnects.contains { if case .connectionLost = $0 { true } else { false } })
        #expect(Set(publisher.acknowledged) == Set((0..<total).map(UInt64.init)))
        #expect(Set(subscriber.messages.map(\.payload)) == Set((0..<total).map(payload)))

        // A clean restart of the persistent broker keeps the session: sessionPresent, nothing lost.
        broker.terminate()
        try broker.start(persistence: true)
        try #require(drive([publisher]) { publisher.sessions.count == 3 })
        #expect(publisher.sessions.last == true)
    }

    @Test func theLastWillAnnouncesOfflineWhenTheSocketDrops() throws {
        let broker = try MosquittoBroker()
        let status = "sensorgate/gw-c/status"
        let watcher = try MosquittoSubscriber(port: broker.port, filter: status, count: 2)
        let gateway = try Peer(device: "gw-c", port: broker.port, clock: WallClock())
        try #require(drive([gateway]) { gateway.isConnected && gateway.connection.client.inFlightCount == 0 })
        gateway.connection.dropStream()  // no DISCONNECT: the broker must publish the will
        let seen = watcher.messages()
        #expect(seen.map(\.topic) == [status, status])
        #expect(seen.map(\.payload) == ["online", "offline"])
    }

    @Test func aPublishWhosePubackNeverComesIsSentAgain() throws {
        let broker = try MosquittoBroker()
        let topic = "sensorgate/gw-e/data"
        let watcher = try MosquittoSubscriber(port: broker.port, filter: topic, count: 1)
        let gateway = try Peer(device: "gw-e", port: broker.port, clock: WallClock()) {
            $0.ackTimeout = .milliseconds(300)
            $0.responseTimeout = .milliseconds(300)
        }
        try #require(drive([gateway]) { gateway.isConnected && gateway.connection.client.inFlightCount == 0 })
        broker.pause()  // the PUBLISH reaches the socket; no PUBACK will come
        let id = try gateway.connection.publish(topic: topic, payload: payload(1), tag: 1)
        try #require(drive([gateway]) { gateway.disconnects.contains(.ackTimeout(packetID: id)) })
        broker.resume()
        try #require(drive([gateway]) { gateway.acknowledged == [1] }, "\(gateway.disconnects)")
        #expect(gateway.sessions.count >= 2)
        #expect(watcher.messages().map(\.payload) == ["m1"])
    }

    @Test func aWrongPasswordIsNamedAndRetriedWithBackOff() throws {
        let broker = try MosquittoBroker(passwords: ["gw-d": "right"])
        let clock = WallClock()
        let wrong = try Peer(device: "gw-d", port: broker.port, clock: clock) {
            $0.credentials = .password(username: "gw-d", password: "wrong")
        }
        try #require(drive([wrong]) { wrong.disconnects.count >= 3 })
        for reason in wrong.disconnects {
            guard case .refused(let code) = reason else {
                Issue.record("expected a refusal, got \(reason)")
                continue
            }
            #expect(code == 4 || code == 5, "\(MQTTConnectReturnCode.text(code))")
        }
        #expect(wrong.sessions.isEmpty)
        let right = try Peer(device: "gw-d", port: broker.port, clock: clock) {
            $0.credentials = .password(username: "gw-d", password: "right")
        }
        try #require(drive([right]) { right.isConnected })
    }
}
