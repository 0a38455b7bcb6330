// SensorGate — Collector tests: drop notices explain the gaps the gateway made on purpose, and only those.

import Codec
import Collector
import Envelope
import Testing

@Suite struct DropNoticeCollectorTests {
    @Test func aNoticeExplainsTheGapsItNamesAndNoOthers() throws {
        var gateway = try TestGateway(keyInterval: 1)
        var collector = Collector(registry: gateway.registry)
        _ = collector.receive(try gateway.schemaEnvelope())
        // Sequences 0 … 19; the gateway dropped 5 … 9 by age, and 14 never arrived for no stated reason.
        for (sequence, envelope) in try gateway.batches(20).enumerated()
        where !(5...9).contains(sequence) && sequence != 14 {
            _ = collector.receive(envelope)
        }
        var stream = try #require(collector.report.streams.first)
        #expect(stream.sequenceGaps == 6 && stream.unexplainedGaps == 6 && stream.droppedByGateway == 0)

        let notice = try DropNotice(entries: [
            .init(streamID: 3, reason: .age, batches: 5, bytes: 900, firstSequence: 5, lastSequence: 9)
        ])
        let envelope = try gateway.noticeEnvelope(notice)
        #expect(collector.receive(envelope).disposition == .drops(notice))
        stream = try #require(collector.report.streams.first)
        #expect(stream.sequenceGaps == 6 && stream.unexplainedGaps == 1)
        #expect(stream.droppedByGateway == 5 && stream.droppedByReason == ["age": 5])
        #expect(collector.report.dropNotices == 1)

        // The same notice again is a replay: it must not count twice.
        #expect(collector.receive(envelope).disposition == .duplicate(.replay))
        #expect(collector.report.streams.first?.droppedByGateway == 5)
    }

    @Test func aNoticeForBatchesAfterTheLastArrivalCountsWithoutAGap() throws {
        var gateway = try TestGateway(keyInterval: 1)
        var collector = Collector(registry: gateway.registry)
        _ = collector.receive(try gateway.schemaEnvelope())
        for envelope in try gateway.batches(4) { _ = collector.receive(envelope) }
        let notice = try DropNotice(entries: [
            .init(streamID: 3, reason: .diskFull, batches: 2, bytes: 100, firstSequence: 4, lastSequence: 5),
            .init(streamID: 9, reason: .thinned, batches: 1, bytes: 10, firstSequence: 0, lastSequence: 0),
        ])
        _ = collector.receive(try gateway.noticeEnvelope(notice))
        let streams = collector.report.streams
        #expect(streams.map(\.stream) == [3, 9])
        #expect(streams[0].droppedByReason == ["diskFull": 2] && streams[0].unexplainedGaps == 0)
        #expect(streams[1].droppedByGateway == 1 && streams[1].batches == 0)
    }

    @Test func aBadControlPayloadIsCountedAndNamed() throws {
        var gateway = try TestGateway()
        var collector = Collector(registry: gateway.registry)
        let envelope = try EnvelopeWriter(identity: gateway.identity).write(
            payload: [0x81, 0x00], streamID: StreamSchema.controlStreamID, sequence: gateway.controlSequence,
            startMicros: 1_767_225_600_000_000, durationMicros: 0)
        gateway.controlSequence += 1
        let receipt = collector.receive(envelope)
        #expect(receipt.disposition == .undecodable)
        #expect(receipt.problems.first?.contains("drop notice without entries") == true)
        #expect(collector.report.badSchemas == 1)
    }
}
