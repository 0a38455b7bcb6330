// SensorGate — Collector tests: CoAP uploads through loss, and libcoap's client against our server.

import Collector
import Envelope
import Foundation
import HAL
import Synchronization
import Testing
import Uplink

@Suite(.serialized) struct CoAPCollectorTests {
    @Test func aBlockwiseUploadSurvivesLossInBothDirectionsAndArrivesOnce() throws {
        var client = CoAPClientEndpoint(settings: CoAPSettings(blockSize: 256), seed: 11)
        var server = CoAPServerEndpoint<Int>()
        let body = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var delivered: [[UInt8]] = []
        var now = Duration.zero
        var toServer = [try client.request(.post, path: "sensorgate/batch", payload: body, now: now)]
        var datagrams = 0
        var result: CoAPClientEndpoint.Event?
        while result == nil {
            var toClient: [[UInt8]] = []
            for datagram in toServer {
                datagrams += 1
                if datagrams % 4 == 0 { continue }  // every 4th datagram to the server is lost
                if let reply = server.receive(
                    datagram, from: 1, now: now,
                    handler: { path, payload in
                        #expect(path == "sensorgate/batch")
                        delivered.append(payload)
                        return .changed
                    })
                {
                    datagrams += 1
                    if datagrams % 5 != 0 { toClient.append(reply) }  // and some answers too
                }
            }
            toServer = []
            var events: [CoAPClientEndpoint.Event] = []
            for reply in toClient { events += client.receive(reply, now: now) }
            if toClient.isEmpty, let deadline = client.nextDeadline {
                now = deadline  // nothing came back: the clock moves to the retransmission
                events += client.poll(now: now)
            }
            for event in events {
                switch event {
                case .send(let bytes): toServer.append(bytes)
                default: result = event
                }
            }
        }
        guard case .response(let response) = result else {
            Issue.record("the upload failed: \(String(describing: result))")
            return
        }
        #expect(response.code == .changed)
        #expect(delivered == [body])  // reassembled intact, handed over exactly once
        #expect(server.duplicates > 0)  // retransmissions were answered from the cache
        #expect(now > .zero)
    }

    @Test func outOfOrderAndOversizedBlocksAreRefused() throws {
        var server = CoAPServerEndpoint<Int>(maxBodyBytes: 1000)
        func post(_ block: CoAPBlock, _ size: Int, id: UInt16, size1: UInt32? = nil) throws -> CoAPMessage? {
            var options = [block.option(.block1)]
            if let size1 { options.append(CoAPOption(number: .size1, uint: size1)) }
            let message = CoAPMessage(
                type: .confirmable, code: .post, messageID: id, token: [1], options: options,
                payload: [UInt8](repeating: 1, count: size))
            return try server.receive(message.encoded(), from: 7, now: .zero) { _, _ in .changed }
                .map { try CoAPMessage.decode($0) }
        }
        #expect(try post(CoAPBlock(number: 0, more: true, szx: 2), 64, id: 1)?.code == .continue)
        #expect(try post(CoAPBlock(number: 2, more: true, szx: 2), 64, id: 2)?.code == .requestEntityIncomplete)
        // The refusal dropped the partial body: the block that would have followed block 0 is refused too.
        #expect(try post(CoAPBlock(number: 1, more: false, szx: 2), 64, id: 5)?.code == .requestEntityIncomplete)
        let tooLarge = try post(CoAPBlock(number: 0, more: true, szx: 2), 64, id: 3, size1: 5000)
        #expect(tooLarge?.code == .requestEntityTooLarge && tooLarge?.option(.size1)?.uintValue == 1000)
        let get = CoAPMessage(type: .confirmable, code: .get, messageID: 4, token: [2])
        let answer = server.receive(try get.encoded(), from: 7, now: .zero) { _, _ in .changed }
        #expect(try answer.map { try CoAPMessage.decode($0) }?.code == .methodNotAllowed)
    }

    @Test func aMessageIDThatCameRoundWithANewTokenIsANewRequest() throws {
        var server = CoAPServerEndpoint<Int>()
        var bodies: [[UInt8]] = []
        func post(id: UInt16, token: [UInt8], body: [UInt8], at now: Duration) throws -> CoAPMessage? {
            let message = CoAPMessage(
                type: .confirmable, code: .post, messageID: id, token: token, options: CoAPOption.uriPath("b"),
                payload: body)
            return try server.receive(message.encoded(), from: 1, now: now) { _, payload in
                bodies.append(payload)
                return .changed
            }.map { try CoAPMessage.decode($0) }
        }
        let first = try post(id: 0x1234, token: [0xA1, 0xB2], body: [1], at: .seconds(1))
        // A retransmission (same ID, same token) inside EXCHANGE_LIFETIME: the cached answer, no second delivery.
        let again = try post(id: 0x1234, token: [0xA1, 0xB2], body: [1], at: .seconds(3))
        #expect(again?.token == [0xA1, 0xB2] && again?.messageID == 0x1234 && again?.code == .changed)
        #expect(bodies == [[1]] && server.duplicates == 1)
        // 65 536 messages later the client's IDs came round, still inside the 247 s: a new request with its own
        // token gets its own answer, carrying that token (the client discards a reply to another token).
        let wrapped = try post(id: 0x1234, token: [0x07, 0x08, 0x09], body: [2], at: .seconds(60))
        #expect(first?.token == [0xA1, 0xB2])
        #expect(wrapped?.token == [0x07, 0x08, 0x09] && wrapped?.code == .changed)
        #expect(bodies == [[1], [2]] && server.duplicates == 1)
        // And that exchange's own retransmission is again answered from the cache.
        _ = try post(id: 0x1234, token: [0x07, 0x08, 0x09], body: [2], at: .seconds(61))
        #expect(bodies == [[1], [2]] && server.duplicates == 2)
    }

    @Test func answersAreForgottenWhenTheirLifetimeEndsAndNotBefore() throws {
        var server = CoAPServerEndpoint<Int>(exchangeLifetime: .seconds(10))
        func post(id: UInt16, token: UInt8, from peer: Int, at now: Duration) throws {
            let message = CoAPMessage(
                type: .confirmable, code: .post, messageID: id, token: [token], options: CoAPOption.uriPath("b"),
                payload: [token])
            _ = try server.receive(message.encoded(), from: peer, now: now) { _, _ in .changed }
        }
        // 3000 exchanges over 3 s from two peers, then the same message ID answered again later for a new token.
        for index in 0..<3000 {
            try post(id: UInt16(index), token: 1, from: index % 2, at: .milliseconds(index))
        }
        try post(id: 5, token: 2, from: 1, at: .seconds(8))
        #expect(server.rememberedExchanges == 3000)
        try post(id: 9000, token: 1, from: 0, at: .milliseconds(11_500))  // 10 s after the first 1500
        #expect(server.rememberedExchanges == 1500 + 1)
        // All the first 3000 expired, but not ID 5's new answer.
        try post(id: 9001, token: 1, from: 0, at: .seconds(13))
        #expect(server.rememberedExchanges == 3)
        // Its retransmission: still answered from the cache.
        try post(id: 5, token: 2, from: 1, at: .milliseconds(17_999))
        #expect(server.duplicates == 1)
        try post(id: 9002, token: 1, from: 0, at: .seconds(24))
        #expect(server.rememberedExchanges == 1)  // only the last one
    }

    @Test func theCollectorServerAgesExchangesOnTheClockItIsGiven() throws {
        let simulated = Mutex(Duration.seconds(10))
        let server = try CoAPCollectorServer(
            address: UDPAddress(host: 0x7F00_0001, port: 0), collector: Collector(registry: DeviceRegistry()),
            exchangeClock: { simulated.withLock { $0 } })
        let client = try UDPSocket(bindTo: UDPAddress(host: 0x7F00_0001, port: 0))
        let request = try CoAPMessage(
            type: .confirmable, code: .post, messageID: 77, token: [5, 6], options: CoAPOption.uriPath("b"),
            payload: [0xFF]
        ).encoded()
        func exchange() throws -> CoAPMessage? {
            try client.send(request, to: server.localAddress)
            #expect(try server.serveOnce(timeout: .seconds(5)))  // the datagram is already queued: no wait
            return try client.receive(timeout: .seconds(5)).map { try CoAPMessage.decode($0.bytes) }
        }
        #expect(try exchange()?.code == .badRequest)  // not an envelope: answered, and remembered
        simulated.withLock { $0 += .seconds(200) }  // within EXCHANGE_LIFETIME (247 s) on the given clock
        #expect(try exchange()?.messageID == 77)
        #expect(server.coapDuplicates == 1)
        simulated.withLock { $0 += .seconds(100) }  // 300 s on the given clock, however little real time passed
        #expect(try exchange()?.code == .badRequest)
        #expect(server.coapDuplicates == 1)  // forgotten: handled as new
    }

    @Test func randomDatagramsNeverTrapEitherEndpoint() throws {
        var random = SplitMix64(seed: 21)
        var server = CoAPServerEndpoint<Int>(maxBodyBytes: 4096)
        var client = CoAPClientEndpoint(seed: 22)
        _ = try client.request(.post, path: "b", payload: [UInt8](repeating: 1, count: 3000), now: .zero)
        let valid = try CoAPMessage(
            type: .confirmable, code: .post, messageID: 9, token: [1, 2],
            options: CoAPOption.uriPath("b") + [CoAPBlock(number: 0, more: true, szx: 6).option(.block1)],
            payload: [UInt8](repeating: 3, count: 1024)
        ).encoded()
        for n in 0..<3000 {
            var datagram: [UInt8]
            if n % 2 == 0 {
                datagram = (0..<Int.random(in: 0...64, using: &random)).map { _ in
                    UInt8.random(in: 0...255, using: &random)
                }
            } else {  // a valid message with a few bytes changed
                datagram = valid
                for _ in 0..<3 {
                    datagram[Int.random(in: 0..<datagram.count, using: &random)] = UInt8.random(
                        in: 0...255, using: &random)
                }
            }
            let now = Duration.milliseconds(n)
            if let reply = server.receive(datagram, from: n % 3, now: now, handler: { _, _ in .changed }) {
                #expect(throws: Never.self) { try CoAPMessage.decode(reply) }
            }
            _ = client.receive(datagram, now: now)
            _ = client.poll(now: now)
        }
    }

    @Test func libcoapsClientDeliversEnvelopesBlockwiseToOurServer() throws {
        var gateway = try TestGateway(keyInterval: 4)
        let folder = NSTemporaryDirectory() + "coap-collector-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let envelopes = [try gateway.schemaEnvelope()] + (try gateway.batches(3))
        let output = try JSONLinesFile(path: folder + "/out.jsonl")
        let server = try CoAPCollectorServer(
            address: UDPAddress(host: 0x7F00_0001, port: 0), collector: Collector(registry: gateway.registry),
            output: output)
        let binary = "/usr/bin/coap-client-notls"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            Issue.record("\(binary) is missing: run Scripts/setup (Debian package libcoap3-bin)")
            return
        }
        for (n, envelope) in envelopes.enumerated() {
            let file = folder + "/envelope-\(n).bin"
            try Data(envelope).write(to: URL(fileURLWithPath: file))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["-m", "post", "-b", "32", "-f", file, "coap://\(server.localAddress)/sensorgate"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let clock = ContinuousClock()
            let end = clock.now + .seconds(20)
            while process.isRunning && clock.now < end { try server.serveOnce(timeout: .milliseconds(20)) }
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "coap-client-notls for envelope \(n)")
            #expect(envelope.count > 64)  // so that it went in several blocks
        }
        let report = server.finish()
        #expect(report.received == 4 && report.accepted == 4 && report.schemas == 1)
        #expect(report.streams.first?.batches == 3 && report.streams.first?.samples == 30)
        let lines = try String(contentsOfFile: folder + "/out.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
    }
}
