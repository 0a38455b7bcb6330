// SensorGate — tests: MQTT 3.1.1 packets, byte for byte as the specification gives them.

import Testing
import Uplink

/// The bytes of a text.
func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite struct MQTTPacketTests {
    /// §3.1.2.11's example variable header (flags 0xCE: user name, password, will QoS 1, will, clean
    /// session; keep-alive 10) with a payload in §3.1.3's field order.
    @Test func connectWithWillAndCredentialsIsByteExact() throws {
        let connect = MQTTConnect(
            clientID: "gw1", cleanSession: true, keepAliveSeconds: 10,
            will: MQTTWill(topic: "a/b", payload: utf8("off"), qos: .atLeastOnce, retain: false), username: "u",
            password: utf8("p"))
        let expected: [UInt8] =
            [0x10, 0x1F, 0x00, 0x04, 0x4D, 0x51, 0x54, 0x54, 0x04, 0xCE, 0x00, 0x0A]
            + [0x00, 0x03] + utf8("gw1") + [0x00, 0x03] + utf8("a/b") + [0x00, 0x03] + utf8("off")
            + [0x00, 0x01] + utf8("u") + [0x00, 0x01] + utf8("p")
        #expect(try MQTTPacket.connect(connect).encode() == expected)
        #expect(try MQTTPacket.decode(expected[...]) == .connect(connect))
    }

    @Test func persistentSessionWithRetainedWillSetsFlags() throws {
        let connect = MQTTConnect(
            clientID: "d", cleanSession: false, keepAliveSeconds: 1200,
            will: MQTTWill(topic: "s", payload: utf8("offline"), qos: .atLeastOnce, retain: true))
        let bytes = try MQTTPacket.connect(connect).encode()
        // will retain 0x20 | will QoS 1 0x08 | will flag 0x04; clean session off; keep-alive 0x04B0.
        #expect(Array(bytes[9...11]) == [0x2C, 0x04, 0xB0])
    }

    /// §2.2.3's table of remaining-length encodings, at every boundary.
    @Test(
        arguments: [
            (0, [0x00]), (127, [0x7F]), (128, [0x80, 0x01]), (16_383, [0xFF, 0x7F]), (16_384, [0x80, 0x80, 0x01]),
            (2_097_151, [0xFF, 0xFF, 0x7F]), (2_097_152, [0x80, 0x80, 0x80, 0x01]),
            (268_435_455, [0xFF, 0xFF, 0xFF, 0x7F]),
        ] as [(Int, [UInt8])])
    func remainingLengthBoundaries(length: Int, encoded: [UInt8]) throws {
        #expect(MQTTPacket.remainingLength(length) == encoded)
        #expect(try MQTTPacket.frameLength(in: ([0x30] + encoded)[...]) == 1 + encoded.count + length)
        // One byte short of the length field: not yet known.
        #expect(try MQTTPacket.frameLength(in: ([0x30] + encoded.dropLast())[...]) == nil)
    }

    @Test(arguments: [127, 128, 16_383, 16_384, 2_097_151, 2_097_152])
    func publishOfBoundarySizeRoundTrips(remaining: Int) throws {
        // Topic "t" (3 bytes) and packet identifier (2 bytes) precede the payload.
        let message = MQTTPublish(
            topic: "t", payload: [UInt8](repeating: 0xA5, count: remaining - 5), qos: .atLeastOnce, packetID: 7)
        let bytes = try MQTTPacket.publish(message).encode()
        #expect(Array(bytes[1..<(bytes.count - remaining)]) == MQTTPacket.remainingLength(remaining))
        #expect(try MQTTPacket.decode(bytes[...]) == .publish(message))
    }

    @Test func everyOtherPacketIsByteExact() throws {
        let cases: [(MQTTPacket, [UInt8])] = [
            (.connack(sessionPresent: true, returnCode: 0), [0x20, 0x02, 0x01, 0x00]),
            (.connack(sessionPresent: false, returnCode: 4), [0x20, 0x02, 0x00, 0x04]),
            (
                .publish(
                    MQTTPublish(
                        topic: "a/b", payload: utf8("hi"), qos: .atLeastOnce, retain: true, duplicate: true,
                        packetID: 10)),
                [0x3B, 0x09, 0x00, 0x03, 0x61, 0x2F, 0x62, 0x00, 0x0A, 0x68, 0x69]
            ),
            (
                .publish(MQTTPublish(topic: "a", payload: [], qos: .atMostOnce)),
                [0x30, 0x03, 0x00, 0x01, 0x61]
            ),
            (.puback(packetID: 0x1234), [0x40, 0x02, 0x12, 0x34]),
            (.pubrec(packetID: 1), [0x50, 0x02, 0x00, 0x01]),
            (.pubrel(packetID: 1), [0x62, 0x02, 0x00, 0x01]),
            (.pubcomp(packetID: 1), [0x70, 0x02, 0x00, 0x01]),
            (
                .subscribe(packetID: 10, filters: [MQTTSubscription("a/+/#", qos: .atLeastOnce)]),
                [0x82, 0x0A, 0x00, 0x0A, 0x00, 0x05] + utf8("a/+/#") + [0x01]
            ),
            (.suback(packetID: 10, returnCodes: [0x01, 0x80]), [0x90, 0x04, 0x00, 0x0A, 0x01, 0x80]),
            (.unsubscribe(packetID: 10, filters: ["a/b"]), [0xA2, 0x07, 0x00, 0x0A, 0x00, 0x03] + utf8("a/b")),
            (.unsuback(packetID: 10), [0xB0, 0x02, 0x00, 0x0A]),
            (.pingreq, [0xC0, 0x00]),
            (.pingresp, [0xD0, 0x00]),
            (.disconnect, [0xE0, 0x00]),
        ]
        for (packet, bytes) in cases {
            #expect(try packet.encode() == bytes, "\(packet)")
            #expect(try MQTTPacket.decode(bytes[...]) == packet, "\(bytes)")
        }
    }

    @Test func encodingRefusesWhatTheSpecificationForbids() {
        let forbidden: [MQTTPacket] = [
            .publish(MQTTPublish(topic: "a/+", payload: [], qos: .atLeastOnce, packetID: 1)),
            .publish(MQTTPublish(topic: "", payload: [], qos: .atLeastOnce, packetID: 1)),
            .publish(MQTTPublish(topic: "a", payload: [], qos: .atLeastOnce)),
            .puback(packetID: 0),
            .subscribe(packetID: 1, filters: []),
            .subscribe(packetID: 1, filters: [MQTTSubscription("a/#/b", qos: .atMostOnce)]),
            .connect(MQTTConnect(clientID: "x", cleanSession: true, keepAliveSeconds: 0, password: [1])),
            .connect(MQTTConnect(clientID: "x\u{0}", cleanSession: true, keepAliveSeconds: 0)),
        ]
        for packet in forbidden {
            #expect(throws: MQTTError.self, "\(packet)") { try packet.encode() }
        }
    }

    @Test(
        arguments: [
            ([0x62 & 0xF0, 0x02, 0x00, 0x01], MQTTError.Kind.invalidFlags),  // PUBREL without its 0b0010 flags
            ([0x82 & 0xF0, 0x06, 0x00, 0x01, 0x00, 0x01, 0x61, 0x00], .invalidFlags),  // SUBSCRIBE likewise
            ([0x41, 0x02, 0x00, 0x01], .invalidFlags),  // PUBACK with a flag
            ([0x36, 0x05, 0x00, 0x01, 0x61, 0x00, 0x01], .malformedPacket),  // PUBLISH QoS 3
            ([0x38, 0x03, 0x00, 0x01, 0x61], .malformedPacket),  // QoS 0 with DUP
            ([0x00, 0x00], .reservedPacketType),
            ([0xF0, 0x00], .reservedPacketType),
            ([0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], .malformedLength),
            ([0x40, 0x03, 0x00, 0x01, 0x00], .malformedPacket),  // a byte left over
            ([0x40, 0x02, 0x00, 0x00], .malformedPacket),  // packet identifier 0
            ([0x40, 0x02, 0x00], .truncated),
            ([0x30, 0x05, 0x00, 0x03, 0x61, 0xFF, 0x62], .invalidString),  // not UTF-8
            ([0x30, 0x05, 0x00, 0x03, 0x61, 0x00, 0x62], .invalidString),  // U+0000
            ([0x30, 0x05, 0x00, 0x03, 0x61, 0x2F, 0x23], .malformedPacket),  // '#' in a topic name
            ([0x30, 0x05, 0x00, 0x09, 0x61, 0x62, 0x63], .truncated),  // string longer than the packet
            ([0x20, 0x02, 0x02, 0x00], .malformedPacket),  // CONNACK reserved bits
            ([0x90, 0x03, 0x00, 0x01, 0x03], .malformedPacket),  // SUBACK return code 3
            ([0x90, 0x02, 0x00, 0x01], .malformedPacket),  // SUBACK without return codes
            ([0xC0, 0x01, 0x00], .malformedPacket),  // PINGREQ with a body
            ([0x10, 0x0C, 0x00, 0x04, 0x4D, 0x51, 0x54, 0x54, 0x04, 0x40, 0x00, 0x0A, 0x00, 0x00], .malformedPacket),
            ([0x10, 0x0C, 0x00, 0x04, 0x4D, 0x51, 0x54, 0x54, 0x03, 0x00, 0x00, 0x0A, 0x00, 0x00], .malformedPacket),
        ] as [([UInt8], MQTTError.Kind)])
    func malformedBytesGiveTheirError(bytes: [UInt8], kind: MQTTError.Kind) {
        #expect { try MQTTPacket.decode(bytes[...]) } throws: { ($0 as? MQTTError)?.kind == kind }
    }

    @Test func theFrameDecoderTakesBytesOneAtATime() throws {
        let packets: [MQTTPacket] = [
            .connack(sessionPresent: false, returnCode: 0),
            .publish(
                MQTTPublish(topic: "x/y", payload: [UInt8](repeating: 1, count: 300), qos: .atLeastOnce, packetID: 9)),
            .pingresp, .suback(packetID: 2, returnCodes: [1]),
        ]
        var stream: [UInt8] = []
        for packet in packets { stream += try packet.encode() }
        var decoder = MQTTFrameDecoder()
        var decoded: [MQTTPacket] = []
        for byte in stream {
            decoder.append([byte])
            while let packet = try decoder.next() { decoded.append(packet) }
        }
        #expect(decoded == packets)
        #expect(decoder.pendingBytes == 0)
    }

    @Test func anOversizedPacketIsRefusedBeforeItsBodyArrives() {
        var decoder = MQTTFrameDecoder(maxPacketBytes: 1000)
        decoder.append([0x30, 0x80, 0x80, 0x01])
        #expect { try decoder.next() } throws: { ($0 as? MQTTError)?.kind == .packetTooLarge }
    }
}
