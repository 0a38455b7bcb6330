// SensorGate — Codec tests: key and delta batches, lost batches, and the encoder's checks.

import Codec
import HAL
import Testing

@Suite struct StreamTests {
    private func stream(_ count: Int, rows: Int = 50) -> [Batch] {
        var random = SplitMix64(seed: 11)
        var value: Int32 = 100
        return (0..<count).map { n in
            let codes: [Int32] = (0..<rows).map { _ in
                value &+= Int32.random(in: -9...9, using: &random)
                return value
            }
            return Batch(sequence: UInt32(n), count: rows, codes: codes, timing: .uniform(firstIndex: UInt64(n * rows)))
        }
    }

    @Test func keyBatchesComeEveryKeyInterval() throws {
        let layout = try layout(channels: 1)
        var encoder = StreamEncoder(layout: layout, options: EncoderOptions(keyInterval: 4))
        var decoder = StreamDecoder(layout: layout)
        var keys: [Bool] = []
        for batch in stream(9) { keys.append(try decoder.decode(try encoder.encode(batch)).isKey) }
        #expect(keys == [true, false, false, false, true, false, false, false, true])
    }

    @Test func aLostBatchStopsDeltasUntilTheNextKey() throws {
        let layout = try layout(channels: 1)
        var encoder = StreamEncoder(layout: layout, options: EncoderOptions(keyInterval: 5))
        let batches = stream(12)
        let encoded = try batches.map { try encoder.encode($0) }
        var decoder = StreamDecoder(layout: layout)
        for n in 0..<3 { #expect(try decoder.decode(encoded[n]).batch == batches[n]) }
        // Batch 3 is lost: 4 must be refused, and so must every delta batch until key batch 5.
        let error = #expect(throws: CodecError.self) { try decoder.decode(encoded[4]) }
        #expect(error?.kind == .missingPredecessor)
        let decoded = try decoder.decode(encoded[5])
        #expect(decoded.isKey && decoded.batch == batches[5])
        for n in 6..<12 { #expect(try decoder.decode(encoded[n]).batch == batches[n]) }
    }

    @Test func aDeltaBatchAloneIsRefused() throws {
        let layout = try layout(channels: 1)
        var encoder = StreamEncoder(layout: layout)
        let encoded = try stream(2).map { try encoder.encode($0) }
        var decoder = StreamDecoder(layout: layout)
        let error = #expect(throws: CodecError.self) { try decoder.decode(encoded[1]) }
        #expect(error?.kind == .missingPredecessor)
    }

    @Test func aSequenceGapMakesTheEncoderSendAKey() throws {
        let layout = try layout(channels: 1)
        var encoder = StreamEncoder(layout: layout)
        var batches = stream(3)
        batches[2].sequence = 7
        var decoder = StreamDecoder(layout: layout)
        let flags = try batches.map { try decoder.decode(try encoder.encode($0)).isKey }
        #expect(flags == [true, false, true])
    }

    @Test func theEncoderRejectsBatchesThatDoNotFitTheLayout() throws {
        var encoder = StreamEncoder(layout: try layout(channels: 2))
        let wrongCount = Batch(sequence: 0, count: 3, codes: [1, 2, 3], timing: .uniform(firstIndex: 0))
        #expect(throws: CodecError(.invalidInput, "3 codes for 3 rows × 2 channels")) { try encoder.encode(wrongCount) }
        let wrongTiming = Batch(sequence: 0, count: 1, codes: [1, 2], timing: .explicit([0]))
        let error = #expect(throws: CodecError.self) { try encoder.encode(wrongTiming) }
        #expect(error?.kind == .invalidInput)
        let empty = Batch(sequence: 0, count: 0, codes: [], timing: .uniform(firstIndex: 0))
        #expect(throws: CodecError.self) { try encoder.encode(empty) }
        #expect(throws: CodecError.self) {
            try StreamLayout(channels: 65, timestamps: .uniform, nominalPeriodMicros: 1)
        }
    }
}
