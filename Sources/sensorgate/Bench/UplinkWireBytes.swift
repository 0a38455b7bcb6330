// SensorGate — sensorgate bench uplink: bytes on the wire per sample, MQTT and CoAP against JSON per reading.

import Board
import Collector
import Envelope
import Foundation
import Gateway
import HALLinux
import Store
import Uplink

/// The IP and transport header model used for every protocol (docs/uplink.md, "Benchmark").
enum WireModel {
    /// IPv4 (20) + TCP (20) + the timestamp option Linux sends on every segment (12).
    static let tcpSegmentHeader = 52
    /// The TCP payload of one segment at a 1500-byte MTU with those headers.
    static let mss = 1448
    /// IPv4 (20) + UDP (8).
    static let udpDatagramHeader = 28

    /// IP and TCP header bytes for one QoS 1 PUBLISH of `publishBytes` and its PUBACK on a quiet
    /// connection: the data segments, the broker's delayed ACK of every second one (the last rides on
    /// the PUBACK), the PUBACK's segment, and the gateway's ACK of it.
    static func mqttHeaders(publishBytes: Int) -> Int {
        let dataSegments = (publishBytes + mss - 1) / mss
        let brokerAcks = (dataSegments - 1) / 2
        return (dataSegments + brokerAcks + 2) * tcpSegmentHeader
    }
}

/// What one protocol costs for the whole run.
struct WireCost: Codable {
    /// Bytes of the protocol itself (MQTT packets or CoAP messages, both directions), payload excluded.
    var protocolBytes = 0
    /// IP, TCP or UDP header bytes, both directions.
    var headerBytes = 0
    /// Messages (PUBLISH packets or CoAP exchanges).
    var messages = 0
    /// Everything on the wire: payload + protocol + headers.
    var wireBytes = 0
    /// `wireBytes` per sample.
    var bytesPerSample = 0.0
}

/// Bytes on the wire for the reference board's batches over MQTT and CoAP, and for the same readings
/// sent as JSON, one MQTT message per reading.
struct UplinkWireResult: Codable {
    var board: String
    var simulatedS: Double
    /// The shortest batch interval of the board's streams (each stream keeps its own).
    var batchIntervalS: Double
    /// Readings (rows: one reading of one sensor, all its channels).
    var samples: Int
    var dataBatches: Int
    var schemas: Int
    /// The codec's bytes (data batches).
    var codecBytes: Int
    /// The envelopes' bytes (data batches and schemas): codec + header + signature.
    var envelopeBytes: Int
    var mqtt: WireCost
    var coap: WireCost
    var jsonPerReadingMQTT: WireCost
    /// (MQTT wire − codec) / codec, and the same for CoAP: everything above the codec.
    var mqttOverheadOfCodec: Double
    var coapOverheadOfCodec: Double
    /// Protocol + headers only (the envelope excluded) over the codec bytes.
    var mqttProtocolShareOfCodec: Double
    var coapProtocolShareOfCodec: Double
    /// JSON-per-reading wire bytes over ours.
    var jsonOverMQTT: Double
    var jsonOverCoAP: Double
    /// One JSON message, as an example.
    var jsonExample: String
}

enum UplinkWireBytes {
    /// Runs the board offline in virtual time, then costs every stored envelope over each protocol.
    /// - Returns: the costs, and the last data batch of each stream (one interval's publishes of one
    ///   gateway, for the fleet benchmark).
    static func measure(board file: String, duration: Duration) throws -> (
        UplinkWireResult, round: [FleetEnvelope]
    ) {
        let description = try BoardLoader.load(path: file)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-uplink-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        var settings = GatewaySettings()
        settings.duration = duration
        settings.stateDirectory = folder.path
        settings.delivery = .offline
        let runner = GatewayRunner(
            board: description, settings: settings, wallClock: LinuxMonotonicClock(),
            utcStartMicros: Int64(Date().timeIntervalSince1970 * 1e6))
        let report = try runner.run()
        let store = try BatchStore(directory: folder.path)
        let batches = try store.pending(limit: Int.max)
        let publicKey = try DeviceIdentity.loadPublicKey(file: folder.path + "/identity/device.pub")
        var registry = DeviceRegistry()
        let device = registry.register(publicKey: publicKey)
        var collector = Collector(registry: registry)

        var mqtt = WireCost()
        var coap = WireCost()
        var json = WireCost()
        var envelopeBytes = 0
        var example = ""
        var lastOfStream: [UInt32: (stream: String, payload: [UInt8])] = [:]
        var coapClient = CoAPClientEndpoint(seed: 7)
        var coapServer = CoAPServerEndpoint<Int>()
        var clock = Duration.zero
        for batch in batches {
            envelopeBytes += batch.payload.count
            if batch.stream != 0 { lastOfStream[batch.stream] = (batch.streamName, batch.payload) }
            // MQTT: the exact PUBLISH our client sends, its PUBACK, and the TCP/IP segments.
            let topic = "sensorgate/\(device)/\(batch.streamName)"
            let publish = try MQTTPacket.publish(
                MQTTPublish(topic: topic, payload: batch.payload, qos: .atLeastOnce, packetID: 1)
            ).encode().count
            mqtt.messages += 1
            mqtt.protocolBytes += publish - batch.payload.count + 4
            mqtt.headerBytes += WireModel.mqttHeaders(publishBytes: publish)
            // CoAP: the real client and server endpoints exchange the datagrams in memory.
            var outbound = [
                try coapClient.request(
                    .post, path: CoAPUpstream.defaultPath, payload: batch.payload, now: clock)
            ]
            coap.messages += 1
            var done = false
            while !done, let datagram = outbound.popLast() {
                coap.protocolBytes += datagram.count
                coap.headerBytes += WireModel.udpDatagramHeader
                clock += .milliseconds(1)
                guard let reply = coapServer.receive(datagram, from: 1, now: clock, handler: { _, _ in .changed })
                else { break }
                coap.protocolBytes += reply.count
                coap.headerBytes += WireModel.udpDatagramHeader
                for event in coapClient.receive(reply, now: clock) {
                    switch event {
                    case .send(let next): outbound.append(next)
                    case .response, .failed: done = true
                    }
                }
            }
            coap.protocolBytes -= batch.payload.count
            // JSON per reading, from the decoded batch.
            for decoded in collector.receive(batch.payload).batches {
                let label = decoded.schema.name
                let names = decoded.schema.channels.map { JSONLines.quoted($0.name) }
                for row in 0..<decoded.rows {
                    var text = "{\"device\":\"\(device)\",\"sensor\":\(JSONLines.quoted(label)),"
                    text += "\"ts\":\(decoded.timesMicros[row] / 1000),\"values\":{"
                    text += (0..<names.count).map {
                        "\(names[$0]):" + String(format: "%.6g", decoded.value(channel: $0, row: row).doubleValue)
                    }.joined(separator: ",")
                    text += "}}"
                    if example.isEmpty { example = text }
                    let payload = Array(text.utf8)
                    let packet = try MQTTPacket.publish(
                        MQTTPublish(
                            topic: "sensorgate/\(device)/\(label)", payload: payload, qos: .atLeastOnce, packetID: 1)
                    ).encode().count
                    json.messages += 1
                    json.protocolBytes += packet - payload.count + 4
                    // One segment each way (the ACKs ride on later segments: the peer's best case).
                    json.headerBytes += 2 * WireModel.tcpSegmentHeader
                    json.wireBytes += payload.count
                }
            }
        }
        let samples = report.sealer.samples
        func finish(_ cost: inout WireCost, payload: Int) {
            cost.wireBytes += payload + cost.protocolBytes + cost.headerBytes
            cost.bytesPerSample = Double(cost.wireBytes) / Double(max(samples, 1))
        }
        finish(&mqtt, payload: envelopeBytes)
        finish(&coap, payload: envelopeBytes)
        finish(&json, payload: 0)
        let codec = report.sealer.payloadBytes
        let interval = description.devices.map { Double($0.batching.interval.nanoseconds) / 1e9 }.min() ?? 10
        let intervals = Dictionary(
            uniqueKeysWithValues: description.devices.map { ($0.label, $0.batching.interval) })
        let round = lastOfStream.keys.sorted().compactMap { key in
            lastOfStream[key].map {
                FleetEnvelope(stream: $0.stream, payload: $0.payload, interval: intervals[$0.stream] ?? .seconds(10))
            }
        }
        let result = UplinkWireResult(
            board: file, simulatedS: report.simulatedS, batchIntervalS: interval, samples: samples,
            dataBatches: report.sealer.batches, schemas: report.sealer.schemas, codecBytes: codec,
            envelopeBytes: envelopeBytes, mqtt: mqtt, coap: coap, jsonPerReadingMQTT: json,
            mqttOverheadOfCodec: Double(mqtt.wireBytes - codec) / Double(codec),
            coapOverheadOfCodec: Double(coap.wireBytes - codec) / Double(codec),
            mqttProtocolShareOfCodec: Double(mqtt.protocolBytes + mqtt.headerBytes) / Double(codec),
            coapProtocolShareOfCodec: Double(coap.protocolBytes + coap.headerBytes) / Double(codec),
            jsonOverMQTT: Double(json.wireBytes) / Double(mqtt.wireBytes),
            jsonOverCoAP: Double(json.wireBytes) / Double(coap.wireBytes), jsonExample: example)
        return (result, round)
    }
}
