// SensorGate — Envelope tests: the gateway accepts only the operator's fresh commands for it.

import Envelope
import Testing

@Suite struct CommandVerifierTests {
    let device: DeviceIdentity
    let operatorKey: OperatorKey
    let clock = TestClock(newYear2026Micros + 1_000_000)

    init() throws {
        device = try exampleDevice()
        operatorKey = try exampleOperator()
    }

    func verifier(last: UInt64? = nil) -> CommandVerifier {
        CommandVerifier(
            operatorKeys: [operatorKey.publicKey], deviceID: device.deviceID, lastAcceptedSequence: last,
            clock: clock.clock)
    }

    func rejection(_ bytes: [UInt8], _ verifier: inout CommandVerifier) -> CommandRejection? {
        do {
            _ = try verifier.verify(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        OperatorCommand.setSamplingRate(label: "baro", rateMilliHz: 50_000),
        .setSamplingRate(label: "imu-ü", rateMilliHz: UInt32.max), .requestReading(label: "humidity"),
        .requestReading(label: nil), .rotateKey, .setSeaLevelPressure(deciPascals: 1_013_250),
        .setSeaLevelPressure(deciPascals: 800_000), .setSeaLevelPressure(deciPascals: 1_100_000),
    ])
    func everyCommandRoundTripsAndIsAcceptedOnce(operatorCommand: OperatorCommand) throws {
        var verifier = verifier()
        let signed = try command(operatorCommand, sequence: 41, device: device.deviceID, key: operatorKey)
        let accepted = try verifier.verify(signed.bytes)
        #expect(accepted.command == operatorCommand && accepted.sequence == 41)
        #expect(accepted.deviceID == device.deviceID && accepted.expiresAtMicros == newYear2026Micros + 600_000_000)
        #expect(verifier.lastAcceptedSequence == 41)
        #expect(rejection(signed.bytes, &verifier)?.kind == .replay)
        #expect(verifier.lastAcceptedSequence == 41)
    }

    @Test func aCommandForAnotherDeviceIsRefused() throws {
        var verifier = verifier()
        let other = try identity(0x44).deviceID
        let signed = try command(.rotateKey, sequence: 1, device: other, key: operatorKey)
        let refusal = rejection(signed.bytes, &verifier)
        #expect(refusal?.kind == .wrongDevice)
        #expect(refusal?.detail.contains(other.description) == true)
        #expect(verifier.lastAcceptedSequence == nil)
    }

    @Test func onlyAConfiguredOperatorKeySigns() throws {
        var verifier = verifier()
        let stranger = try OperatorKey(seed: [UInt8](repeating: 0x55, count: 32))
        let forged = try command(.rotateKey, sequence: 9, device: device.deviceID, key: stranger)
        #expect(rejection(forged.bytes, &verifier)?.kind == .badSignature)
        // A device's own identity (same curve, envelope context) is not an operator either.
        let deviceAsOperator = try OperatorKey(
            seed: try hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
        let selfSigned = try command(.rotateKey, sequence: 9, device: device.deviceID, key: deviceAsOperator)
        #expect(rejection(selfSigned.bytes, &verifier)?.kind == .badSignature)
        // Refusals moved nothing: the genuine command with the same sequence is still accepted.
        #expect(verifier.lastAcceptedSequence == nil)
        _ = try verifier.verify(try command(.rotateKey, sequence: 9, device: device.deviceID, key: operatorKey).bytes)
        // A second configured key (during an operator key rotation) is accepted too.
        var twoKeys = verifier
        twoKeys.operatorKeys.append(stranger.publicKey)
        #expect(
            try twoKeys.verify(try command(.rotateKey, sequence: 10, device: device.deviceID, key: stranger).bytes)
                .sequence == 10)
    }

    @Test func aSignatureOverTheEnvelopeContextIsNotACommandSignature() throws {
        // Domain separation: the same key signing the same bytes under another context does not verify.
        var verifier = verifier()
        let signed = try command(.requestReading(label: nil), sequence: 3, device: device.deviceID, key: operatorKey)
        let other = try SignedCommand.sign(
            .requestReading(label: nil), for: device.deviceID, sequence: 4, issuedAtMicros: newYear2026Micros,
            expiresAtMicros: newYear2026Micros + 600_000_000, operatorKey: operatorKey)
        // Splice the signature of command 3 onto command 4: refused.
        let spliced = Array(other.signedBytes) + Array(signed.signature)
        #expect(rejection(spliced, &verifier)?.kind == .badSignature)
    }

    @Test func validityIsCheckedAgainstTheInjectedClock() throws {
        var verifier = verifier()
        let signed = try command(.rotateKey, sequence: 5, device: device.deviceID, key: operatorKey)
        clock.nowMicros = newYear2026Micros + 600_000_001
        let expired = rejection(signed.bytes, &verifier)
        #expect(expired?.kind == .expired && expired?.detail.contains("expired 0.000 s ago") == true)
        clock.nowMicros = newYear2026Micros + 600_000_000
        #expect(try verifier.verify(signed.bytes).sequence == 5)
        // Issued 5 min 1 s ahead of the gateway's clock: beyond the default skew.
        let future = try command(
            .rotateKey, sequence: 6, device: device.deviceID, key: operatorKey,
            issued: clock.nowMicros + 300_000_001)
        #expect(rejection(future.bytes, &verifier)?.kind == .notYetValid)
        let withinSkew = try command(
            .rotateKey, sequence: 6, device: device.deviceID, key: operatorKey, issued: clock.nowMicros + 300_000_000)
        #expect(try verifier.verify(withinSkew.bytes).sequence == 6)
    }

    @Test func sequencesMustRiseAndTheLastOneSurvivesARestart() throws {
        var verifier = verifier()
        for sequence: UInt64 in [1, 2, 10] {
            _ = try verifier.verify(
                try command(.requestReading(label: nil), sequence: sequence, device: device.deviceID, key: operatorKey)
                    .bytes)
        }
        let old = try command(.requestReading(label: nil), sequence: 7, device: device.deviceID, key: operatorKey)
        #expect(rejection(old.bytes, &verifier)?.kind == .replay)
        // The caller persisted 10; a verifier restarted with it refuses 7 and 10, accepts 11.
        var restarted = self.verifier(last: verifier.lastAcceptedSequence)
        #expect(rejection(old.bytes, &restarted)?.kind == .replay)
        let next = try command(.rotateKey, sequence: 11, device: device.deviceID, key: operatorKey)
        #expect(try restarted.verify(next.bytes).sequence == 11 && restarted.lastAcceptedSequence == 11)
    }

    @Test func senderRefusesValuesOutsideTheFormat() throws {
        let id = device.deviceID
        let refusals: [(OperatorCommand, UInt64, UInt64)] = [
            (.setSamplingRate(label: "", rateMilliHz: 1), 1, 2),
            (.setSamplingRate(label: String(repeating: "x", count: 65), rateMilliHz: 1), 1, 2),
            (.setSamplingRate(label: "baro", rateMilliHz: 0), 1, 2),
            (.requestReading(label: ""), 1, 2),
            (.setSeaLevelPressure(deciPascals: 799_999), 1, 2),
            (.setSeaLevelPressure(deciPascals: 1_100_001), 1, 2),
            (.rotateKey, 2, 1),
            (.rotateKey, 1, 1 << 62),
        ]
        for (operatorCommand, issued, expires) in refusals {
            #expect(throws: CommandRejection.self, "\(operatorCommand)") {
                try SignedCommand.sign(
                    operatorCommand, for: id, sequence: 1, issuedAtMicros: issued, expiresAtMicros: expires,
                    operatorKey: operatorKey)
            }
        }
        #expect(throws: CommandRejection.self) {
            try SignedCommand.sign(
                .rotateKey, for: id, sequence: 1 << 63, issuedAtMicros: 0, expiresAtMicros: 1, operatorKey: operatorKey)
        }
    }
}
