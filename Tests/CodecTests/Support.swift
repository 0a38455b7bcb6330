// SensorGate — Codec tests: seeded inputs and a stream round-trip helper.

import Codec
import Testing

/// A layout for tests.
func layout(channels: Int, explicit: Bool = false, period: Int64 = 4000) throws -> StreamLayout {
    try StreamLayout(channels: channels, timestamps: explicit ? .explicit : .uniform, nominalPeriodMicros: period)
}

/// Encodes `batches` as one stream and decodes them again, expecting every batch back exactly.
@discardableResult
func roundTrip(
    _ batches: [Batch], layout: StreamLayout, options: EncoderOptions = EncoderOptions(),
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> [[UInt8]] {
    var encoder = StreamEncoder(layout: layout, options: options)
    var decoder = StreamDecoder(layout: layout)
    var encoded: [[UInt8]] = []
    for batch in batches {
        let bytes = try encoder.encode(batch)
        let decoded = try decoder.decode(bytes)
        #expect(decoded.batch == batch, sourceLocation: sourceLocation)
        encoded.append(bytes)
    }
    return encoded
}

/// Uniform batches of `rows` rows cut from channel-major `columns`.
func uniformBatches(_ columns: [[Int32]], rows: Int) -> [Batch] {
    let total = columns[0].count
    return stride(from: 0, to: total - rows + 1, by: rows).enumerated().map { number, start in
        Batch(
            sequence: UInt32(number), count: rows, codes: columns.flatMap { $0[start..<(start + rows)] },
            timing: .uniform(firstIndex: UInt64(start)))
    }
}
