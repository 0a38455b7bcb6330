// SensorGate — tests: a TCP socket of the simulated module is a byte stream, whatever the network's jitter and loss.

import HAL
import HALSim
import Modem
import ModemSim
import Testing

@Suite struct StreamOrderTests {
    /// Sends `rounds` messages of `size` counting bytes on a TCP socket and returns what the server got.
    private func stream(_ rig: Rig, rounds: Int, size: Int) throws -> (sent: [UInt8], received: [UInt8]) {
        let id = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        var sent: [UInt8] = []
        for round in 0..<rounds {
            let message = (0..<size).map { UInt8(truncatingIfNeeded: $0 * 7 + round) }
            try rig.driver.send(message, on: id)
            sent += message
            try rig.idle(until: { (rig.server.received.values.first?.count ?? 0) >= sent.count })
        }
        return (sent, rig.server.received.values.first ?? [])
    }

    /// NB-IoT's latency varies by ±300 ms while a 1 kB piece takes 273 ms on the air, so later pieces
    /// often arrive first on the radio; the peer must still get the bytes in the order they were sent.
    @Test(arguments: ["bc66", "bc660k"], [21, 22, 23])
    func jitterNeverReordersTheStream(_ name: String, seed: UInt64) throws {
        let dialect = try #require(ModemDialect.named(name))
        let rig = Rig(dialect, seed: seed)
        let (sent, received) = try stream(rig, rounds: 6, size: 4 * dialect.maxSendBytes)
        #expect(rig.modem.segmentsHeldForOrder > 0, "the jitter never put a segment ahead of an earlier one")
        #expect(received.count == sent.count)
        let inOrder = received == sent
        #expect(inOrder, "only the first \(zip(received, sent).prefix { $0 == $1 }.count) bytes in order")
    }

    /// A lost segment pays a retransmission timeout; the segments after it wait for it.
    @Test(arguments: ["bg96", "sim7600"])
    func aRetransmissionHoldsBackLaterSegments(_ name: String) throws {
        let dialect = try #require(ModemDialect.named(name))
        var lossy = NetworkProfile.cat1
        lossy.lossRate = 0.3
        var held = 0
        for seed: UInt64 in 5...8 {
            let rig = Rig(dialect, network: lossy, seed: seed)
            let (sent, received) = try stream(rig, rounds: 4, size: 2 * dialect.maxSendBytes)
            held += rig.modem.segmentsHeldForOrder
            let inOrder = received == sent
            #expect(
                inOrder, "seed \(seed): only the first \(zip(received, sent).prefix { $0 == $1 }.count) bytes in order")
        }
        #expect(held > 0, "no segment overtook a retransmission")
    }

    /// AT close right after a send is a graceful close: the segments still on the air reach the peer,
    /// and the peer sees the close only after the last of them (a DISCONNECT written just before the
    /// close, as before a PSM sleep, was dropped on the air before).
    @Test(arguments: ["bc66", "bg96", "sim7600"])
    func aCloseRightAfterASendDeliversTheBytesFirst(_ name: String) throws {
        let dialect = try #require(ModemDialect.named(name))
        let rig = Rig(dialect, network: .nbiot, seed: 9)
        let id = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        let message = (0..<(2 * dialect.maxSendBytes + 17)).map { UInt8(truncatingIfNeeded: $0 * 5) }
        try rig.driver.send(message, on: id)
        #expect(!rig.server.open.isEmpty)
        #expect((rig.server.received.values.first?.count ?? 0) < message.count, "nothing was still on the air")
        try rig.driver.close(id)
        try rig.idle(until: { rig.server.open.isEmpty })
        #expect(rig.server.open.isEmpty)
        #expect(rig.server.received.values.first == message)
    }

    /// A lost UDP datagram frees its room in the module's send buffer like a delivered one.
    @Test func lostDatagramsDoNotFillTheSendBuffer() throws {
        var deaf = NetworkProfile.nbiot
        deaf.lossRate = 1
        let rig = Rig(.bc66, network: deaf, quirks: .none, seed: 3)
        let id = try rig.driver.openSocket(.udp, host: "192.0.2.10", port: 7000)
        let datagram = [UInt8](repeating: 0x5A, count: 1000)
        for _ in 0..<12 {
            try rig.driver.send(datagram, on: id)
            try rig.driver.idle(for: .seconds(3))
        }
        #expect(rig.driver.metrics.sendBufferFull == 0)
        #expect(rig.driver.metrics.bytesSent == 12 * datagram.count)
        #expect(rig.server.received.isEmpty)
    }
}

@Suite struct UnconfirmedSendTests {
    /// The module sends a piece but its answer is lost: the driver must not send it again (the
    /// stream would hold it twice); it closes the socket and says so, and a new socket works.
    @Test(arguments: ModemDialect.all.map(\.name))
    func anUnconfirmedSendClosesTheSocketInsteadOfDuplicating(_ name: String) throws {
        let dialect = try #require(ModemDialect.named(name))
        let rig = Rig(dialect, quirks: .none, seed: 9)
        let id = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        let message = (0..<300).map { UInt8(truncatingIfNeeded: $0) }
        rig.modem.inject(.lostSendResult, at: rig.clock.now())
        #expect { try rig.driver.send(message, on: id) } throws: {
            ($0 as? ModemError)?.kind == .socketNotOpen
        }
        #expect(rig.driver.metrics.unconfirmedSends == 1)
        #expect(rig.driver.socketState(id) == .closed)
        try rig.idle(until: { (rig.server.received.values.first?.count ?? 0) >= message.count })
        try rig.driver.idle(for: .seconds(10))
        let once = rig.server.received.values.first == message
        #expect(once, "the server got \(rig.server.received.values.first?.count ?? 0) bytes, not \(message.count)")
        #expect(rig.modem.socketStates.isEmpty)

        let again = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        try rig.driver.send(Array("after\n".utf8), on: again)
        try rig.idle(until: { rig.server.received.count == 2 })
        #expect(rig.server.received.values.contains(Array("after\n".utf8)))
    }

    /// SIMCom CIP confirms fewer bytes than asked: the driver sends the rest, once.
    @Test(arguments: ["sim7600", "a7670"], [0, 1, 100, 999])
    func aPartialSendSendsTheRestOnce(_ name: String, taken: Int) throws {
        let dialect = try #require(ModemDialect.named(name))
        let rig = Rig(dialect, quirks: .none, seed: 9)
        let id = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 3) }
        rig.modem.inject(.partialSend(count: taken), at: rig.clock.now())
        try rig.driver.send(message, on: id)
        try rig.idle(until: { (rig.server.received.values.first?.count ?? 0) >= message.count })
        try rig.driver.idle(for: .seconds(5))
        let whole = rig.server.received.values.first == message
        #expect(whole, "the server got \(rig.server.received.values.first?.count ?? 0) bytes, not \(message.count)")
        #expect(rig.driver.metrics.bytesSent == message.count)
        #expect(rig.driver.socketState(id) == .open)
    }
}
