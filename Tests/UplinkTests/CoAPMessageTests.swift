// SensorGate — Uplink tests: the CoAP message codec, byte for byte (RFC 7252 §3, Appendix A, RFC 7959).

import HAL
import Testing
import Uplink

@Suite struct CoAPMessageTests {
    @Test func theRFCExampleRequestAndPiggybackedResponseAreByteExact() throws {
        // RFC 7252 Appendix A, "Confirmable request; piggybacked response": CON GET /temperature, MID 0x7d34.
        let request = CoAPMessage(
            type: .confirmable, code: .get, messageID: 0x7D34, options: CoAPOption.uriPath("temperature"))
        let requestBytes: [UInt8] = [0x40, 0x01, 0x7D, 0x34, 0xBB] + Array("temperature".utf8)
        #expect(try request.encoded() == requestBytes)
        #expect(try CoAPMessage.decode(requestBytes) == request)
        let response = CoAPMessage(
            type: .acknowledgement, code: .content, messageID: 0x7D34, payload: Array("22.3 C".utf8))
        let responseBytes: [UInt8] = [0x60, 0x45, 0x7D, 0x34, 0xFF] + Array("22.3 C".utf8)
        #expect(try response.encoded() == responseBytes)
        #expect(try CoAPMessage.decode(responseBytes) == response)
        #expect(response.code.description == "2.05")
    }

    @Test func extendedDeltaAndLengthNibbles13And14() throws {
        let message = CoAPMessage(
            type: .nonConfirmable, code: .post, messageID: 1, token: [0xAA],
            options: [
                CoAPOption(number: CoAPOption.Number(rawValue: 300), value: [UInt8](repeating: 7, count: 300)),
                CoAPBlock(number: 2, more: true, szx: 6).option(.block1),
                CoAPOption(number: .size1, uint: 5000),
                CoAPOption(number: .uriPath, value: [UInt8](repeating: 0x61, count: 20)),
            ])
        let bytes = try message.encoded()
        var expected: [UInt8] = [0x51, 0x02, 0x00, 0x01, 0xAA]
        expected += [0xBD, 20 - 13] + [UInt8](repeating: 0x61, count: 20)  // Uri-Path 11, length 20: nibble 13
        expected += [0xD1, 27 - 11 - 13, 0x2E]  // Block1: delta 16 → 13 + 3; value 2 << 4 | 8 | 6
        expected += [0xD2, 60 - 27 - 13, 0x13, 0x88]  // Size1 5000: delta 33 → 13 + 20
        // Option 300 comes after 60: delta 240 (nibble 13, + 227), length 300 (nibble 14, + 0x001f).
        expected += [0xDE, 240 - 13, 0x00, 0x1F] + [UInt8](repeating: 7, count: 300)
        #expect(bytes == expected)
        #expect(try CoAPMessage.decode(bytes).options.map(\.number.rawValue) == [11, 27, 60, 300])
        let big = CoAPMessage(
            type: .confirmable, code: .get, messageID: 2,
            options: [CoAPOption(number: CoAPOption.Number(rawValue: 2000), value: [1])])
        #expect(try big.encoded() == [0x40, 0x01, 0x00, 0x02, 0xE1, 0x06, 0xC3, 0x01])  // 2000 − 269 = 0x06c3
        #expect(try CoAPMessage.decode(try big.encoded()) == big)
    }

    @Test func theBlockOptionValue() throws {
        let block = CoAPBlock(number: 3, more: false, szx: 5)
        #expect(block.size == 512 && block.offset == 1536)
        #expect(block.option(.block1).value == [0x35])
        #expect(CoAPBlock(option: block.option(.block1)) == block)
        #expect(CoAPBlock(option: CoAPOption(number: .block1, value: [0x0F])) == nil)  // SZX 7 is reserved
        #expect(
            CoAPBlock.szx(forSize: 1024) == 6 && CoAPBlock.szx(forSize: 16) == 0 && CoAPBlock.szx(forSize: 100) == nil)
        #expect(CoAPOption(number: .size1, uint: 0).value.isEmpty)
    }

    @Test func malformedDatagramsAreTypedErrors() {
        let cases: [[UInt8]] = [
            [0x40, 0x01, 0x00],  // short header
            [0x80, 0x01, 0x00, 0x01],  // version 2
            [0x49, 0x01, 0x00, 0x01] + [UInt8](repeating: 0, count: 9),  // token length 9
            [0x42, 0x01, 0x00, 0x01, 0xAA],  // ends inside the token
            [0x40, 0x01, 0x00, 0x01, 0xF1, 0x00],  // delta nibble 15
            [0x40, 0x01, 0x00, 0x01, 0x1F],  // length nibble 15
            [0x40, 0x01, 0x00, 0x01, 0xD1],  // ends inside an extended delta
            [0x40, 0x01, 0x00, 0x01, 0x13, 0x61],  // option runs past the end
            [0x40, 0x01, 0x00, 0x01, 0xFF],  // payload marker, no payload
            [0x41, 0x00, 0x00, 0x01, 0x01],  // Empty with a token
        ]
        for bytes in cases {
            let error = #expect(throws: CoAPError.self, "\(bytes)") { try CoAPMessage.decode(bytes) }
            #expect(error?.kind == .malformed)
        }
    }

    @Test func randomMessagesRoundTripAndRandomBytesNeverTrap() throws {
        var random = SplitMix64(seed: 9)
        for _ in 0..<300 {
            let options = (0..<Int.random(in: 0...6, using: &random)).map { _ in
                CoAPOption(
                    number: CoAPOption.Number(rawValue: UInt16.random(in: 1...3000, using: &random)),
                    value: (0..<Int.random(in: 0...400, using: &random)).map { _ in
                        UInt8.random(in: 0...255, using: &random)
                    })
            }.sorted { $0.number.rawValue < $1.number.rawValue }
            let message = CoAPMessage(
                type: .confirmable, code: .post, messageID: UInt16.random(in: 0...UInt16.max, using: &random),
                token: (0..<Int.random(in: 0...8, using: &random)).map { _ in 1 }, options: options,
                payload: (0..<Int.random(in: 0...50, using: &random)).map { _ in 2 })
            #expect(try CoAPMessage.decode(try message.encoded()) == message)
            let noise = (0..<Int.random(in: 0...40, using: &random)).map { _ in
                UInt8.random(in: 0...255, using: &random)
            }
            _ = try? CoAPMessage.decode(noise)
        }
    }
}
