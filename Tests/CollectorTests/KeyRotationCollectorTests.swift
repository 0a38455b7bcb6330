// SensorGate — Collector tests: a device's new key learned from its signed `key rotated` acknowledgement.

import Codec
import Collector
import Envelope
import Testing

@Suite struct KeyRotationCollectorTests {
    @Test func aRotationSignedByTheOldKeyRegistersTheNewOne() throws {
        let old = try TestGateway(seed: 1)
        var new = try TestGateway(seed: 2)
        var collector = Collector(registry: old.registry)
        // Before the rotation, the new identity's batches are from an unknown device.
        let early = collector.receive(try new.schemaEnvelope())
        guard case .rejected(let error) = early.disposition else {
            Issue.record("accepted a batch from an unregistered key: \(early.disposition)")
            return
        }
        #expect(error.kind == .unknownDevice)
        let ack = try CommandAck.sign(
            sequence: 9, outcome: .keyRotated(newPublicKey: new.identity.publicKey), identity: old.identity)
        let learned = try #require(try collector.learnKeyRotation(from: ack.bytes))
        #expect(learned.deviceID == old.identity.deviceID && learned.sequence == 9)
        // From now on the new identity's schema and batches verify and decode.
        #expect(collector.receive(try new.schemaEnvelope()).disposition == .schema(new.schema))
        let decoded = try new.batches(3).flatMap { collector.receive($0).batches }
        #expect(decoded.count == 3)
        #expect(collector.report.totalRejected == 1)
    }

    @Test func aForgedOrForeignRotationIsNotLearned() throws {
        let old = try TestGateway(seed: 1)
        let intruder = try TestGateway(seed: 3)
        var collector = Collector(registry: old.registry)
        // Signed by a key the collector does not know, claiming to be another device: refused.
        let foreign = try CommandAck.sign(
            sequence: 1, outcome: .keyRotated(newPublicKey: intruder.identity.publicKey), identity: intruder.identity)
        #expect(throws: CommandRejection.self) { try collector.learnKeyRotation(from: foreign.bytes) }
        // The registered device's ID with a wrong signature: refused.
        var forged = try CommandAck.sign(
            sequence: 1, outcome: .keyRotated(newPublicKey: intruder.identity.publicKey), identity: old.identity
        ).bytes
        forged[forged.count - 1] ^= 0x01
        #expect(throws: CommandRejection.self) { try collector.learnKeyRotation(from: forged) }
        // Any other acknowledgement is no rotation.
        let applied = try CommandAck.sign(sequence: 2, outcome: .applied, identity: old.identity)
        #expect(try collector.learnKeyRotation(from: applied.bytes) == nil)
        var probe = try TestGateway(seed: 3)
        let disposition = collector.receive(try probe.schemaEnvelope()).disposition
        guard case .rejected = disposition else {
            Issue.record("the intruder's key was learned: \(disposition)")
            return
        }
    }
}
