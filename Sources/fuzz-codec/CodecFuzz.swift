// SensorGate — fuzz-codec: the batch decoder under libFuzzer, through its public API only.

import Codec

/// One fuzz input: a stream layout, then up to 16 batches for one ``StreamDecoder``.
///
/// Input layout (docs/fuzzing.md):
/// - byte 0: bits 0–5 channel count − 1, bit 6 explicit timestamps, bit 7 the format's own decode
///   limits (2²⁰ rows, 2²² scalars) instead of ``fastLimits``;
/// - byte 1: the nominal period, one of ``periods`` (byte mod 8);
/// - then batches, each a 2-byte little-endian length and that many bytes (cut short at the end).
///
/// Every batch goes to the same decoder, so delta batches and the decoder's carried state are
/// reached. A batch that decodes must be consistent with its layout, and when it is small it must
/// survive a lossless encode and decode with fresh coders, exactly.
enum CodecFuzz {
    /// The nominal periods the second byte chooses from, µs.
    static let periods: [Int64] = [0, 1, 1000, 3500, 4000, 10_000, 1_000_000, 1 << 40]
    /// The most batches per input.
    static let maxBatches = 16
    /// Decoded batches up to this many scalars are re-encoded and checked.
    static let maxRecodedScalars = 64
    /// The limits of most inputs: a batch of the format's largest size takes milliseconds to decode
    /// (a few bytes can claim 2²² scalars of a constant), which would slow the search a thousandfold.
    static let fastLimits = DecodeLimits(maxRows: 256, maxScalars: 1024)

    /// Runs one input; traps (a crash libFuzzer reports) only when a property fails.
    static func run(_ data: [UInt8]) {
        guard data.count >= 2 else { return }
        let channels = Int(data[0] & 63) + 1
        let explicit = data[0] & 64 != 0
        let limits = data[0] & 128 != 0 ? DecodeLimits.format : fastLimits
        guard
            let layout = try? StreamLayout(
                channels: channels, timestamps: explicit ? .explicit : .uniform,
                nominalPeriodMicros: periods[Int(data[1] % 8)])
        else { preconditionFailure("every layout of the fuzz input is valid") }
        var decoder = StreamDecoder(layout: layout, limits: limits)
        var offset = 2
        var batches = 0
        while offset < data.count && batches < maxBatches {
            var length = Int(data[offset])
            if offset + 1 < data.count { length |= Int(data[offset + 1]) << 8 }
            offset += 2
            let end = min(data.count, offset + length)
            let bytes = offset < end ? Array(data[offset..<end]) : []
            offset = end
            batches += 1
            let decoded: DecodedBatch
            do throws(CodecError) {
                decoded = try decoder.decode(bytes)
            } catch {
                precondition(!error.detail.isEmpty, "an error without a detail")
                continue
            }
            check(decoded, layout: layout, limits: limits)
        }
    }

    private static func check(_ decoded: DecodedBatch, layout: StreamLayout, limits: DecodeLimits) {
        let batch = decoded.batch
        precondition(batch.count >= 1 && batch.count <= limits.maxRows, "row count outside the limits")
        precondition(batch.codes.count == batch.count * layout.channels, "codes do not match rows × channels")
        precondition((0...FormatLimits.maxNearLosslessBound).contains(decoded.nearLosslessBound), "bound out of range")
        switch batch.timing {
        case .uniform: precondition(layout.timestamps == .uniform, "uniform timing in an explicit stream")
        case .explicit(let times):
            precondition(layout.timestamps == .explicit, "explicit timing in a uniform stream")
            precondition(times.count == batch.count, "one time per row")
        }
        guard batch.codes.count <= maxRecodedScalars else { return }
        var encoder = StreamEncoder(layout: layout, options: EncoderOptions(keyInterval: 1))
        guard let bytes = try? encoder.encode(batch) else { return }
        var fresh = StreamDecoder(layout: layout)
        guard let again = try? fresh.decode(bytes) else { preconditionFailure("a re-encoded batch does not decode") }
        precondition(again.batch == batch && again.nearLosslessBound == 0, "a re-encoded batch decodes differently")
    }
}
