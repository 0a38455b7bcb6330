// SensorGate — Envelope tests: acknowledgements, signed by the device, verified by the operator.

import Crypto
import Envelope
import Testing

@Suite struct CommandAckTests {
    @Test(arguments: [
        CommandAck.Outcome.accepted, .applied, .rejected(.expired), .rejected(.badSignature),
        .failed(reason: "no sensor labelled baro2 on this board"),
        .keyRotated(newPublicKey: Curve25519.Signing.PrivateKey().publicKey),
    ])
    func everyOutcomeRoundTrips(outcome: CommandAck.Outcome) throws {
        let device = try exampleDevice()
        let ack = try CommandAck.sign(sequence: 1 << 33, outcome: outcome, identity: device)
        let read = try CommandAck.verify(ack.bytes, devicePublicKey: device.publicKey)
        #expect(read == ack)
        #expect(read.outcome == outcome && read.sequence == 1 << 33 && read.deviceID == device.deviceID)
    }

    @Test func everyRejectionKindHasItsOwnCode() {
        let codes = CommandRejection.Kind.allCases.map(\.code)
        #expect(Set(codes).count == codes.count)
        for kind in CommandRejection.Kind.allCases { #expect(CommandRejection.Kind(code: kind.code) == kind) }
        #expect(CommandRejection.Kind(code: 0) == nil)
    }

    @Test func anAckFromAnotherKeyOrDamagedIsRefused() throws {
        let device = try exampleDevice()
        let other = try identity(0x31)
        let ack = try CommandAck.sign(sequence: 7, outcome: .applied, identity: other)
        do {
            _ = try CommandAck.verify(ack.bytes, devicePublicKey: device.publicKey)
            Issue.record("an acknowledgement from another device verified")
        } catch {
            #expect(error.kind == .wrongDevice)
        }
        let genuine = try CommandAck.sign(sequence: 7, outcome: .rejected(.replay), identity: device)
        for index in genuine.bytes.indices {
            var damaged = genuine.bytes
            damaged[index] ^= 0x10
            #expect(throws: CommandRejection.self, "byte \(index)") {
                try CommandAck.verify(damaged, devicePublicKey: device.publicKey)
            }
        }
        for length in 0..<genuine.bytes.count {
            do {
                _ = try CommandAck.verify(Array(genuine.bytes.prefix(length)), devicePublicKey: device.publicKey)
                Issue.record("a \(length)-byte prefix verified")
            } catch {
                #expect(error.kind == .malformed, "length \(length)")
            }
        }
    }

    @Test func aLongFailureReasonIsCutAtACharacterBoundary() throws {
        let device = try exampleDevice()
        let ack = try CommandAck.sign(
            sequence: 1, outcome: .failed(reason: String(repeating: "é", count: 150)), identity: device)
        guard case .failed(let reason) = try CommandAck.verify(ack.bytes, devicePublicKey: device.publicKey).outcome
        else {
            Issue.record("not a failure")
            return
        }
        #expect(reason == String(repeating: "é", count: 100))
    }
}
