// SensorGate — Collector tests: a small simulated gateway that writes schema and batch envelopes.

import Codec
import Collector
import Envelope
import HAL

/// A gateway with one barometer stream (pressure in 0.01 Pa, temperature in 1/16 °C, 1 Hz, 10 rows a
/// batch), its envelopes signed by a fixed identity.
struct TestGateway {
    let identity: DeviceIdentity
    let schema: StreamSchema
    var encoder: StreamEncoder
    var codes: [[Int32]] = []
    var controlSequence: UInt64 = 0
    let rows = 10

    init(seed: UInt8 = 1, keyInterval: Int = 4, schema: StreamSchema? = nil) throws {
        identity = try DeviceIdentity(seed: [UInt8](repeating: seed, count: 32))
        self.schema = try schema ?? Self.barometer()
        encoder = StreamEncoder(layout: try self.schema.layout(), options: EncoderOptions(keyInterval: keyInterval))
    }

    static func barometer(firstSequence: UInt64 = 0, pressureLSB: String = "0.01") throws -> StreamSchema {
        try StreamSchema(
            streamID: 3, name: "baro", rateMilliHz: 1000, timestamps: .uniform, epochMicros: 1_767_225_600_000_000,
            firstSequence: firstSequence,
            channels: [
                .init(name: "pressure", unit: "Pa", lsb: try ExactRational(parsing: pressureLSB)),
                .init(name: "temperature", unit: "Cel", lsb: try ExactRational(parsing: "1/16")),
            ])
    }

    var registry: DeviceRegistry {
        var registry = DeviceRegistry()
        registry.register(publicKey: identity.publicKey)
        return registry
    }

    /// The schema envelope on the control stream.
    mutating func schemaEnvelope(_ schema: StreamSchema? = nil) throws -> [UInt8] {
        defer { controlSequence += 1 }
        return try EnvelopeWriter(identity: identity).write(
            payload: (schema ?? self.schema).encoded(), streamID: StreamSchema.controlStreamID,
            sequence: controlSequence, startMicros: 1_767_225_600_000_000, durationMicros: 0)
    }

    /// `count` data envelopes with sequences from `first`; their codes are kept in ``codes``.
    mutating func batches(_ count: Int, from first: UInt64 = 0) throws -> [[UInt8]] {
        var random = SplitMix64(seed: first &+ 77)
        var out: [[UInt8]] = []
        for n in 0..<count {
            let sequence = first + UInt64(n)
            let pressure = (0..<rows).map { _ in Int32(101_325 + Int.random(in: -40...40, using: &random)) }
            let temperature = (0..<rows).map { _ in Int32(400 + Int.random(in: -3...3, using: &random)) }
            codes.append(pressure + temperature)
            let batch = Batch(
                sequence: UInt32(truncatingIfNeeded: sequence), count: rows, codes: pressure + temperature,
                timing: .uniform(firstIndex: sequence * UInt64(rows)))
            let payload = try encoder.encode(batch)
            out.append(
                try EnvelopeWriter(identity: identity).write(
                    payload: payload, streamID: schema.streamID, sequence: sequence,
                    startMicros: UInt64(schema.timeMicros(index: sequence * UInt64(rows))),
                    durationMicros: UInt64(rows - 1) * 1_000_000))
        }
        return out
    }
}

extension TestGateway {
    /// A drop notice envelope on the control stream.
    mutating func noticeEnvelope(_ notice: DropNotice) throws -> [UInt8] {
        defer { controlSequence += 1 }
        return try EnvelopeWriter(identity: identity).write(
            payload: notice.encoded(), streamID: StreamSchema.controlStreamID, sequence: controlSequence,
            startMicros: 1_767_225_600_000_000, durationMicros: 0, priority: 7)
    }
}
