// SensorGate — Envelope tests: what the gateway answers to received command bytes.

import Envelope
import Testing

@Suite struct CommandReceiptTests {
    let device: DeviceIdentity
    let operatorKey: OperatorKey

    init() throws {
        device = try exampleDevice()
        operatorKey = try exampleOperator()
    }

    func verifier(now: UInt64 = newYear2026Micros) -> CommandVerifier {
        CommandVerifier(operatorKeys: [operatorKey.publicKey], deviceID: device.deviceID, clock: { now })
    }

    func ack(_ receipt: CommandReceipt) throws -> CommandAck {
        try CommandAck.verify(try #require(receipt.ack).bytes, devicePublicKey: device.publicKey)
    }

    @Test func anAcceptedCommandIsAcknowledgedAccepted() throws {
        var verifier = verifier()
        let signed = try command(
            .requestReading(label: "baro"), sequence: 20, device: device.deviceID, key: operatorKey)
        let receipt = verifier.receive(signed.bytes, identity: device)
        #expect(receipt.command == signed && receipt.rejection == nil)
        let answer = try ack(receipt)
        #expect(answer.sequence == 20 && answer.outcome == .accepted)
        #expect(verifier.counters.accepted == 1 && verifier.counters.totalRejected == 0)
    }

    @Test func genuineButRefusedCommandsAreAcknowledgedWithTheKind() throws {
        var verifier = verifier()
        let first = try command(.rotateKey, sequence: 20, device: device.deviceID, key: operatorKey)
        _ = verifier.receive(first.bytes, identity: device)
        let replay = verifier.receive(first.bytes, identity: device)
        #expect(replay.command == nil && replay.rejection?.kind == .replay)
        #expect(try ack(replay).outcome == .rejected(.replay) && (try ack(replay).sequence) == 20)
        var late = self.verifier(now: newYear2026Micros + 3_600_000_000)
        let expired = late.receive(
            try command(.rotateKey, sequence: 21, device: device.deviceID, key: operatorKey).bytes, identity: device)
        #expect(try ack(expired).outcome == .rejected(.expired))
        // A type this gateway does not know, signed by the operator: length 1, type 0x7f, no fields.
        let unknown = try operatorSigned(
            [0xC1] + device.deviceID.bytes + [22, 0x80, 0x80, 0x81, 0xB1, 0x84, 0xE9, 0x91, 0x03]
                + [0x80, 0x8C, 0x8E, 0xCF, 0x86, 0xE9, 0x91, 0x03, 0x01, 0x7F])
        let unsupported = verifier.receive(unknown, identity: device)
        #expect(unsupported.rejection?.kind == .unsupportedCommand)
        #expect(try ack(unsupported).outcome == .rejected(.unsupportedCommand) && (try ack(unsupported).sequence) == 22)
        // The unknown command did not move the sequence: 22 of a known type is still accepted.
        let next = try command(.rotateKey, sequence: 22, device: device.deviceID, key: operatorKey)
        #expect(verifier.receive(next.bytes, identity: device).command == next)
        #expect(verifier.counters.accepted == 2 && verifier.counters.rejected == [.replay: 1, .unsupportedCommand: 1])
    }

    @Test func bytesTheOperatorDidNotSignGetNoAnswer() throws {
        var verifier = verifier()
        let stranger = try OperatorKey(seed: [UInt8](repeating: 0x66, count: 32))
        let inputs: [[UInt8]] = [
            try command(.rotateKey, sequence: 1, device: device.deviceID, key: stranger).bytes,
            try command(.rotateKey, sequence: 1, device: try identity(0x12).deviceID, key: operatorKey).bytes,
            [0xC1, 0x00], [], Array(repeating: 0xFF, count: 200),
        ]
        for input in inputs {
            let receipt = verifier.receive(input, identity: device)
            #expect(receipt.command == nil && receipt.ack == nil && receipt.rejection != nil)
        }
        #expect(
            verifier.counters.rejected == [.badSignature: 1, .wrongDevice: 1, .malformed: 2, .unsupportedVersion: 1])
    }
}
