// SensorGate — Collector: one decoded batch with its samples in physical units.

import Codec
import Envelope

/// A data batch the collector verified and decoded: where it came from, its rows' times, and its
/// codes, from which ``value(channel:row:)`` gives exact physical values through the schema.
public struct CollectedBatch: Sendable, Equatable {
    /// The envelope's header (device, stream, sequence, time range, priority).
    public let header: EnvelopeHeader
    /// The schema the batch was decoded with.
    public let schema: StreamSchema
    /// The decoded codec batch.
    public let decoded: DecodedBatch
    /// Each row's time in µs since 1970 (from the schema's epoch and rate, or the explicit times).
    public let timesMicros: [Int64]

    init(header: EnvelopeHeader, schema: StreamSchema, decoded: DecodedBatch) {
        self.header = header
        self.schema = schema
        self.decoded = decoded
        switch decoded.batch.timing {
        case .uniform(let first):
            timesMicros = (0..<decoded.batch.count).map { schema.timeMicros(index: first &+ UInt64($0)) }
        case .explicit(let times):
            timesMicros = times.map { schema.timeMicros(explicit: $0) }
        }
    }

    /// The number of rows.
    public var rows: Int { decoded.batch.count }

    /// The code of `channel` in `row`.
    public func code(channel: Int, row: Int) -> Int32 { decoded.batch.codes[channel * rows + row] }

    /// The exact physical value of `channel` in `row`: code × LSB + offset.
    public func value(channel: Int, row: Int) -> PhysicalValue {
        schema.channels[channel].value(code(channel: channel, row: row))
    }
}
