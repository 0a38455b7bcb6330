// SensorGate — Collector tests: exactly-once decoding in any order, and what is refused and why.

import Codec
import Collector
import Envelope
import Foundation
import HAL
import Testing

@Suite struct CollectorTests {
    @Test func twiceOutOfOrderWithAForgedAndACorruptedOneEachBatchDecodesOnce() throws {
        var gateway = try TestGateway(keyInterval: 4)
        let schema = try gateway.schemaEnvelope()
        let batches = try gateway.batches(12)
        var forged = batches[5]
        forged[forged.count - 70] ^= 0x01  // a payload byte: the signature no longer verifies
        let truncated = Array(batches[6].dropLast(3))
        var random = SplitMix64(seed: 3)
        let feed =
            [schema] + batches.shuffled(using: &random) + [forged, truncated] + batches.shuffled(using: &random)
            + [schema]
        var collector = Collector(registry: gateway.registry)
        var decoded: [UInt64: CollectedBatch] = [:]
        for envelope in feed {
            for batch in collector.receive(envelope).batches {
                #expect(decoded[batch.header.sequence] == nil, "sequence \(batch.header.sequence) decoded twice")
                decoded[batch.header.sequence] = batch
            }
        }
        #expect(collector.finish().isEmpty)
        #expect(decoded.count == 12)
        for (sequence, batch) in decoded { #expect(batch.decoded.batch.codes == gateway.codes[Int(sequence)]) }
        let report = collector.report
        #expect(report.received == feed.count)
        #expect(report.accepted == 13)
        #expect(report.duplicates == 13)
        #expect(report.rejected == ["badSignature": 1, "truncated": 1])
        #expect(report.schemas == 1)
        let stream = try #require(report.streams.first)
        #expect(stream.batches == 12 && stream.keyBatches == 3 && stream.samples == 120)
        #expect(stream.sequenceGaps == 0 && stream.held == 0 && stream.undecodable == 0)
        #expect(stream.firstSequence == 0 && stream.lastSequence == 11)
        #expect(stream.schemaFingerprint.count == 16 && stream.name == "baro")
    }

    @Test func aDeltaIsHeldUntilItsPredecessorDecodes() throws {
        var gateway = try TestGateway(keyInterval: 10)
        var collector = Collector(registry: gateway.registry)
        _ = collector.receive(try gateway.schemaEnvelope())
        let batches = try gateway.batches(4)
        #expect(collector.receive(batches[2]).disposition == .held)
        #expect(collector.receive(batches[0]).batches.map(\.header.sequence) == [0])
        #expect(collector.receive(batches[3]).disposition == .held)
        let released = collector.receive(batches[1])
        #expect(released.disposition == .decoded)
        #expect(released.batches.map(\.header.sequence) == [1, 2, 3])
        #expect(collector.report.streams.first?.held == 0)
    }

    @Test func aLostBatchCostsOnlyTheDeltasUpToTheNextKey() throws {
        var gateway = try TestGateway(keyInterval: 4)
        var collector = Collector(registry: gateway.registry)
        _ = collector.receive(try gateway.schemaEnvelope())
        let batches = try gateway.batches(8)
        var sequences: [UInt64] = []
        for (n, envelope) in batches.enumerated() where n != 1 {
            sequences += collector.receive(envelope).batches.map(\.header.sequence)
        }
        #expect(sequences == [0, 4, 5, 6, 7])
        let problems = collector.finish()
        #expect(problems.count == 2)
        #expect(problems.first?.contains("sequence 2: undecodable, its predecessor 1 never decoded") == true)
        let stream = try #require(collector.report.streams.first)
        #expect(stream.sequenceGaps == 1 && stream.undecodable == 2 && stream.batches == 5 && stream.held == 0)
    }

    @Test func batchesBeforeTheirSchemaWaitForIt() throws {
        var gateway = try TestGateway(keyInterval: 4)
        var collector = Collector(registry: gateway.registry)
        let batches = try gateway.batches(3)
        for envelope in batches { #expect(collector.receive(envelope).disposition == .held) }
        let receipt = collector.receive(try gateway.schemaEnvelope())
        #expect(receipt.disposition == .schema(gateway.schema))
        #expect(receipt.batches.map(\.header.sequence) == [0, 1, 2])
    }

    @Test func aSignedButUndecodablePayloadTakesItsDeltasWithIt() throws {
        var gateway = try TestGateway(keyInterval: 10)
        var collector = Collector(registry: gateway.registry)
        _ = collector.receive(try gateway.schemaEnvelope())
        let good = try gateway.batches(4)
        let writer = EnvelopeWriter(identity: gateway.identity)
        let garbage = try writer.write(
            payload: [0x50, 0x01, 0x05, 0x00, 0x09, 1, 2], streamID: 3, sequence: 1, startMicros: 0, durationMicros: 0)
        _ = collector.receive(good[0])
        #expect(collector.receive(good[2]).disposition == .held)
        let receipt = collector.receive(garbage)
        #expect(receipt.disposition == .undecodable)
        #expect(receipt.problems.count == 2)
        #expect(collector.receive(good[3]).disposition == .undecodable)
        #expect(collector.report.streams.first?.undecodable == 3)
        #expect(collector.report.accepted == 5)
    }

    @Test func unknownDevicesAndBadSchemasAreCountedApart() throws {
        let gateway = try TestGateway()
        var stranger = try TestGateway(seed: 9)
        var collector = Collector(registry: gateway.registry)
        _ = collector.receive(try stranger.schemaEnvelope())
        let badSchema = try EnvelopeWriter(identity: gateway.identity).write(
            payload: [1, 0], streamID: 0, sequence: 99, startMicros: 0, durationMicros: 0)
        let receipt = collector.receive(badSchema)
        #expect(receipt.disposition == .undecodable)
        #expect(receipt.problems.first?.contains("not a stream schema") == true)
        let report = collector.report
        #expect(report.rejected == ["unknownDevice": 1] && report.badSchemas == 1 && report.schemas == 0)
    }

    @Test func aChangedSchemaAppliesFromItsFirstSequence() throws {
        var gateway = try TestGateway(keyInterval: 4)
        var collector = Collector(registry: gateway.registry)
        _ = collector.receive(try gateway.schemaEnvelope())
        let changed = try TestGateway.barometer(firstSequence: 4, pressureLSB: "1/8")
        _ = collector.receive(try gateway.schemaEnvelope(changed))
        var values: [UInt64: String] = [:]
        for envelope in try gateway.batches(6).reversed() {
            for batch in collector.receive(envelope).batches {
                values[batch.header.sequence] = batch.value(channel: 0, row: 0).decimalText()
                #expect(batch.schema.firstSequence == (batch.header.sequence >= 4 ? 4 : 0))
            }
        }
        #expect(values.count == 6)
        let code = gateway.codes[4][0]
        #expect(values[4] == PhysicalValue(code: code, lsb: try ExactRational(parsing: "1/8")).decimalText())
    }

    @Test func physicalValuesAndTimesAreExactInTheJSONLines() throws {
        var gateway = try TestGateway()
        var collector = Collector(registry: gateway.registry)
        _ = collector.receive(try gateway.schemaEnvelope())
        let batch = try #require(collector.receive(try gateway.batches(1)[0]).batches.first)
        let line = JSONLines.batchLine(batch)
        #expect(line.hasPrefix("{\"type\":\"batch\",\"device\":\"\(gateway.identity.deviceID)\",\"stream\":3"))
        #expect(line.contains("\"rows\":10,\"first_time_us\":1767225600000000,\"last_time_us\":1767225609000000"))
        let samples = JSONLines.sampleLines(batch)
        #expect(samples.count == 10)
        let p = gateway.codes[0][0]
        let t = gateway.codes[0][10]
        let pressure = PhysicalValue(code: p, lsb: try ExactRational(parsing: "0.01")).decimalText()
        let temperature = PhysicalValue(code: t, lsb: try ExactRational(parsing: "1/16")).decimalText()
        #expect(
            samples[0] == "{\"type\":\"sample\",\"device\":\"\(gateway.identity.deviceID)\",\"stream\":3,"
                + "\"sequence\":0,\"t_us\":1767225600000000,\"codes\":[\(p),\(t)],"
                + "\"values\":{\"pressure\":\(pressure),\"temperature\":\(temperature)}}")
        #expect(pressure.contains(".") && temperature.count <= 8)
        #expect(JSONLines.quoted("a\"b\\c\n\u{1}") == "\"a\\\"b\\\\c\\n\\u0001\"")
    }

    @Test func theHoldLimitGivesUpTheOldestHeldBatchAndItsFollowers() throws {
        var gateway = try TestGateway(keyInterval: 100)
        var collector = Collector(registry: gateway.registry, settings: .init(maxHeldPerStream: 2))
        _ = collector.receive(try gateway.schemaEnvelope())
        let batches = try gateway.batches(6)
        _ = collector.receive(batches[0])
        #expect(collector.receive(batches[3]).disposition == .held)
        #expect(collector.receive(batches[4]).disposition == .held)
        // A third held batch is one too many: 3 is given up, and 4 and 5, which need it, with it.
        let receipt = collector.receive(batches[5])
        #expect(receipt.problems.count == 3)
        #expect(receipt.problems.first?.contains("sequence 3: undecodable, dropped") == true)
        #expect(collector.report.streams.first?.held == 0)
        #expect(collector.report.streams.first?.undecodable == 3)
    }
}

@Suite struct CollectorStateTests {
    @Test func aRestartedCollectorKeepsItsSchemasAndRefusesReplays() throws {
        var gateway = try TestGateway(keyInterval: 2)
        var first = Collector(registry: gateway.registry)
        let schema = try gateway.schemaEnvelope()
        let batches = try gateway.batches(6)
        _ = first.receive(schema)
        for envelope in batches[0..<3] { _ = first.receive(envelope) }
        let saved = try JSONEncoder().encode(first.state)
        var second = Collector(registry: gateway.registry)
        try second.restore(try JSONDecoder().decode(CollectorState.self, from: saved))
        // Old envelopes are still replays, and the schema need not be sent again.
        #expect(second.receive(batches[1]).disposition == .duplicate(.replay))
        #expect(second.receive(schema).disposition == .duplicate(.replay))
        // The decoder state is not kept: delta 3 waits, key 4 and delta 5 decode.
        #expect(second.receive(batches[3]).disposition == .held)
        #expect(second.receive(batches[4]).batches.map(\.header.sequence) == [4])
        #expect(second.receive(batches[5]).batches.map(\.header.sequence) == [5])
        #expect(second.report.streams.first?.name == "baro")
    }
}
