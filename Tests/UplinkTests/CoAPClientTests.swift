// SensorGate — Uplink tests: the CoAP client's retransmissions, responses and block-wise uploads.

import Testing
import Uplink

@Suite struct CoAPClientTests {
    private func sent(_ events: [CoAPClientEndpoint.Event]) -> [CoAPMessage] {
        events.compactMap { event in
            if case .send(let bytes) = event { return try? CoAPMessage.decode(bytes) }
            return nil
        }
    }

    @Test func retransmissionsBackOffExponentiallyThenGiveUp() throws {
        var client = CoAPClientEndpoint(seed: 1)
        let first = try CoAPMessage.decode(try client.request(.post, path: "b", payload: [1, 2, 3], now: .zero))
        #expect(first.type == .confirmable && first.uriPath == "b" && first.payload == [1, 2, 3])
        var sendTimes: [Duration] = [.zero]
        var now = Duration.zero
        var failure: CoAPError?
        while failure == nil, let deadline = client.nextDeadline {
            #expect(client.poll(now: deadline - .milliseconds(1)).isEmpty)  // nothing before the deadline
            now = deadline
            for event in client.poll(now: now) {
                switch event {
                case .send(let bytes):
                    #expect(try CoAPMessage.decode(bytes) == first)  // the same message ID: a retransmission
                    sendTimes.append(now)
                case .failed(let error): failure = error
                case .response: Issue.record("no response was sent")
                }
            }
        }
        #expect(failure?.kind == .timeout)
        #expect(sendTimes.count == 5)  // the first transmission and MAX_RETRANSMIT = 4 retransmissions
        let gaps = zip(sendTimes.dropFirst(), sendTimes).map { $0 - $1 }
        let initial = gaps[0]
        #expect(initial >= .seconds(2) && initial <= .seconds(3))  // ACK_TIMEOUT × [1, 1.5]
        for (n, gap) in gaps.enumerated() { #expect(gap == initial * (1 << n)) }
        #expect(now == initial * 31)  // given up after 2^5 − 1 initial timeouts: at most MAX_TRANSMIT_WAIT 93 s
        #expect(!client.isBusy)
    }

    @Test func aBatchInOneDatagramCostsThirteenBytesOfCoAP() throws {
        // docs/uplink.md: header 4 + token 4 + Uri-Path "b" 2 + Content-Format 42 2 + payload marker 1.
        var client = CoAPClientEndpoint(seed: 8)
        let payload = [UInt8](repeating: 0x5A, count: 600)
        #expect(try client.request(.post, path: "b", payload: payload, now: .zero).count == payload.count + 13)
    }

    @Test func theSeedFixesTheTimeoutsAndDifferentSeedsDiffer() throws {
        func firstDeadline(_ seed: UInt64) throws -> Duration? {
            var client = CoAPClientEndpoint(seed: seed)
            _ = try client.request(.post, path: "b", payload: [1], now: .zero)
            return client.nextDeadline
        }
        #expect(try firstDeadline(7) == firstDeadline(7))
        let deadlines = try Set((0..<8).compactMap { try firstDeadline($0) })
        #expect(deadlines.count > 1)
    }

    @Test func aPiggybackedResponseCompletesTheRequest() throws {
        var client = CoAPClientEndpoint(seed: 2)
        let request = try CoAPMessage.decode(try client.request(.post, path: "b", payload: [9], now: .zero))
        let wrongToken = CoAPMessage(
            type: .acknowledgement, code: .changed, messageID: request.messageID, token: [0, 0, 0, 0, 0])
        #expect(client.receive(try wrongToken.encoded(), now: .seconds(1)).isEmpty)
        let ack = CoAPMessage(
            type: .acknowledgement, code: .changed, messageID: request.messageID, token: request.token)
        #expect(
            client.receive(try ack.encoded(), now: .seconds(1)) == [
                .response(CoAPResponse(code: .changed, options: [], payload: []))
            ])
        #expect(!client.isBusy)
    }

    @Test func aSeparateResponseIsAcknowledgedAndItsRepeatNotDeliveredTwice() throws {
        var client = CoAPClientEndpoint(seed: 3)
        let request = try CoAPMessage.decode(try client.request(.post, path: "b", payload: [9], now: .zero))
        let emptyAck = CoAPMessage(type: .acknowledgement, code: .empty, messageID: request.messageID)
        #expect(client.receive(try emptyAck.encoded(), now: .milliseconds(100)).isEmpty)
        // Acknowledged: no more retransmissions, only the wait for the separate response.
        #expect(client.poll(now: .seconds(10)).isEmpty)
        let separate = CoAPMessage(
            type: .confirmable, code: .changed, messageID: 0x1234, token: request.token, payload: [7])
        let events = client.receive(try separate.encoded(), now: .seconds(11))
        let ackBytes = try CoAPMessage(type: .acknowledgement, code: .empty, messageID: 0x1234).encoded()
        #expect(events == [.send(ackBytes), .response(CoAPResponse(code: .changed, options: [], payload: [7]))])
        // The server did not get our ACK and repeats itself: ACK again, deliver nothing.
        #expect(client.receive(try separate.encoded(), now: .seconds(13)) == [.send(ackBytes)])
        // An unrelated confirmable message is reset.
        let stray = CoAPMessage(type: .confirmable, code: .changed, messageID: 0x4321, token: [1])
        #expect(sent(client.receive(try stray.encoded(), now: .seconds(14))).first?.type == .reset)
    }

    @Test func noSeparateResponseWithinTheExchangeLifetimeFails() throws {
        var client = CoAPClientEndpoint(settings: CoAPSettings(exchangeLifetime: .seconds(30)), seed: 4)
        let request = try CoAPMessage.decode(try client.request(.post, path: "b", payload: [9], now: .zero))
        _ = client.receive(
            try CoAPMessage(type: .acknowledgement, code: .empty, messageID: request.messageID).encoded(),
            now: .seconds(1))
        #expect(client.poll(now: .seconds(30)).isEmpty)
        #expect(
            client.poll(now: .seconds(31)) == [
                .failed(CoAPError(.timeout, "the server acknowledged but never sent its separate response"))
            ])
    }

    @Test func aResetOrAnErrorCodeFailsTheRequest() throws {
        var client = CoAPClientEndpoint(seed: 5)
        var request = try CoAPMessage.decode(try client.request(.post, path: "b", payload: [9], now: .zero))
        let reset = CoAPMessage(type: .reset, code: .empty, messageID: request.messageID)
        guard case .failed(let error) = client.receive(try reset.encoded(), now: .seconds(1)).first else {
            Issue.record("a reset must fail the request")
            return
        }
        #expect(error.kind == .reset)
        request = try CoAPMessage.decode(try client.request(.post, path: "b", payload: [9], now: .seconds(2)))
        let refusal = CoAPMessage(
            type: .acknowledgement, code: .unauthorized, messageID: request.messageID, token: request.token)
        guard case .failed(let refused) = client.receive(try refusal.encoded(), now: .seconds(3)).first else {
            Issue.record("4.01 must fail the request")
            return
        }
        #expect(refused.kind == .rejected && refused.detail.contains("4.01"))
    }

    @Test func block1FollowsContinueAndTheServersSmallerBlockSize() throws {
        var client = CoAPClientEndpoint(settings: CoAPSettings(blockSize: 1024), seed: 6)
        let payload = (0..<3000).map { UInt8($0 & 0xFF) }
        var message = try CoAPMessage.decode(try client.request(.post, path: "up", payload: payload, now: .zero))
        var received: [UInt8] = []
        var blocks: [CoAPBlock] = []
        while true {
            let block = try #require(message.option(.block1).flatMap(CoAPBlock.init(option:)))
            blocks.append(block)
            #expect(block.offset == received.count)
            received += message.payload
            // The server takes 512-byte blocks: it answers the first with SZX 5.
            let answer = CoAPMessage(
                type: .acknowledgement, code: block.more ? .continue : .changed, messageID: message.messageID,
                token: message.token,
                options: [CoAPBlock(number: block.number, more: block.more, szx: 5).option(.block1)])
            let events = client.receive(try answer.encoded(), now: .seconds(1))
            guard let next = sent(events).first else {
                #expect(events.last == .response(CoAPResponse(code: .changed, options: answer.options, payload: [])))
                break
            }
            message = next
        }
        #expect(received == payload)
        #expect(blocks.map(\.size) == [1024, 512, 512, 512, 512])
        #expect(blocks.map(\.number) == [0, 2, 3, 4, 5])
        #expect(blocks.first.map { _ in true } == true)
    }

    @Test func requestEntityTooLargeRenegotiatesTheBlockSize() throws {
        var client = CoAPClientEndpoint(settings: CoAPSettings(blockSize: 1024), seed: 7)
        let payload = [UInt8](repeating: 5, count: 800)
        // 800 bytes fit one 1024 block, so it goes whole; the server wants 256-byte blocks.
        let whole = try CoAPMessage.decode(try client.request(.put, path: "up", payload: payload, now: .zero))
        #expect(whole.option(.block1) == nil && whole.payload.count == 800)
        let tooLarge = CoAPMessage(
            type: .acknowledgement, code: .requestEntityTooLarge, messageID: whole.messageID, token: whole.token,
            options: [CoAPBlock(number: 0, more: false, szx: 4).option(.block1)])
        let retry = try #require(sent(client.receive(try tooLarge.encoded(), now: .seconds(1))).first)
        let block = try #require(retry.option(.block1).flatMap(CoAPBlock.init(option:)))
        #expect(block == CoAPBlock(number: 0, more: true, szx: 4) && retry.payload.count == 256)
        #expect(retry.option(.size1)?.uintValue == 800)
        #expect(retry.messageID != whole.messageID && retry.token == whole.token)
    }
}
