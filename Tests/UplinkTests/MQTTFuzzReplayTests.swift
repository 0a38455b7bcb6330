// SensorGate — tests: truncated and garbled MQTT packets give errors, never a crash (seeded replay).

import HAL
import Testing
import Uplink

@Suite struct MQTTFuzzReplayTests {
    /// Valid packets of every type: the seeds the mutations start from.
    static func seeds() throws -> [[UInt8]] {
        let packets: [MQTTPacket] = [
            .connect(
                MQTTConnect(
                    clientID: "gw-7", cleanSession: false, keepAliveSeconds: 1200,
                    will: MQTTWill(topic: "sensorgate/gw-7/status", payload: utf8("offline")), username: "gw-7",
                    password: utf8("secret"))),
            .connack(sessionPresent: true, returnCode: 0),
            .publish(
                MQTTPublish(topic: "sensorgate/gw-7/imu", payload: Array(0..<200), qos: .atLeastOnce, packetID: 513)),
            .publish(MQTTPublish(topic: "t", payload: utf8("q0"), qos: .atMostOnce, retain: true)),
            .puback(packetID: 1), .pubrec(packetID: 2), .pubrel(packetID: 3), .pubcomp(packetID: 4),
            .subscribe(packetID: 5, filters: [MQTTSubscription("sensorgate/+/cmd", qos: .atLeastOnce)]),
            .suback(packetID: 5, returnCodes: [1, 0x80]),
            .unsubscribe(packetID: 6, filters: ["a/#"]), .unsuback(packetID: 6),
            .pingreq, .pingresp, .disconnect,
        ]
        return try packets.map { try $0.encode() }
    }

    /// Decodes through the frame decoder; any packet that comes out must survive encode → decode unchanged.
    static func replay(_ bytes: [UInt8]) -> (packets: Int, error: MQTTError?) {
        var decoder = MQTTFrameDecoder(maxPacketBytes: 4096)
        decoder.append(bytes)
        var count = 0
        do {
            while let packet = try decoder.next() {
                count += 1
                let again = try MQTTPacket.decode(try packet.encode()[...])
                if again != packet { return (count, MQTTError(.malformedPacket, "round trip changed \(packet)")) }
            }
            return (count, nil)
        } catch {
            return (count, error)
        }
    }

    @Test func everyTruncationIsIncompleteOrAnError() throws {
        for seed in try Self.seeds() {
            for length in 0..<seed.count {
                var decoder = MQTTFrameDecoder()
                decoder.append(Array(seed[0..<length]))
                // A cut packet is never a packet: the decoder waits for more bytes.
                #expect(try decoder.next() == nil, "\(seed) cut at \(length)")
                #expect(throws: MQTTError.self) { try MQTTPacket.decode(seed[0..<length]) }
            }
        }
    }

    @Test func garbledPacketsDecodeOrFailCleanly() throws {
        let seeds = try Self.seeds()
        var random = SplitMix64(seed: 0x5EED_0008)
        var outcomes = (decoded: 0, rejected: 0)
        for round in 0..<20_000 {
            var bytes = seeds[round % seeds.count]
            let mutations = 1 + Int(random.next() % 4)
            for _ in 0..<mutations {
                let position = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 4 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes[position] ^= 1 << UInt8(random.next() % 8)
                case 2: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
                default: if bytes.count > 1 { bytes.remove(at: position) }
                }
            }
            let result = Self.replay(bytes)
            if let error = result.error {
                #expect(error.kind != .malformedPacket || !error.description.hasPrefix("round trip"), "\(bytes)")
                outcomes.rejected += 1
            } else {
                outcomes.decoded += 1
            }
        }
        // Both paths are exercised: the mutations are not all fatal, and the validation rejects many.
        #expect(outcomes.decoded > 1000 && outcomes.rejected > 1000, "\(outcomes)")
    }
}
