// SensorGate — Envelope tests: damaged, truncated and random command bytes are refused, never a crash.

import Envelope
import HAL
import Testing

@Suite struct CommandRobustnessTests {
    let device: DeviceIdentity
    let operatorKey: OperatorKey

    init() throws {
        device = try exampleDevice()
        operatorKey = try exampleOperator()
    }

    func verifier() -> CommandVerifier {
        CommandVerifier(
            operatorKeys: [operatorKey.publicKey], deviceID: device.deviceID, clock: { newYear2026Micros })
    }

    func kind(_ bytes: [UInt8], _ verifier: inout CommandVerifier) -> CommandRejection.Kind? {
        do {
            _ = try verifier.verify(bytes)
            return nil
        } catch {
            return error.kind
        }
    }

    @Test func everyTruncationAndEveryBitFlipIsRefused() throws {
        var verifier = verifier()
        let signed = try command(
            .setSamplingRate(label: "accel", rateMilliHz: 1_600_000), sequence: 300, device: device.deviceID,
            key: operatorKey)
        for length in 0..<signed.bytes.count {
            #expect(kind(Array(signed.bytes.prefix(length)), &verifier) == .malformed, "length \(length)")
        }
        #expect(kind(signed.bytes + [0], &verifier) == .malformed)
        for index in signed.bytes.indices {
            for bit in 0..<8 {
                var damaged = signed.bytes
                damaged[index] ^= 1 << bit
                #expect(kind(damaged, &verifier) != nil, "byte \(index) bit \(bit)")
            }
        }
        #expect(verifier.lastAcceptedSequence == nil)
        #expect(try verifier.verify(signed.bytes).sequence == 300)
    }

    @Test func unknownMagicAndCommandTypesAreTyped() throws {
        var verifier = verifier()
        let signed = try command(.rotateKey, sequence: 1, device: device.deviceID, key: operatorKey)
        var envelopeByte = signed.bytes
        envelopeByte[0] = 0x21
        #expect(kind(envelopeByte, &verifier) == .unsupportedVersion)
        // A changed type byte breaks the signature: forged, not unsupported.
        var typeNine = signed.bytes
        let typeIndex = signed.bytes.count - 64 - 1
        #expect(typeNine[typeIndex] == 3)
        typeNine[typeIndex] = 9
        #expect(kind(typeNine, &verifier) == .badSignature)
        // Type 9 signed by the operator: a genuine command this gateway does not know.
        #expect(kind(try operatorSigned(typeNine.dropLast(64)), &verifier) == .unsupportedCommand)
        // An acknowledgement is not a command, nor a command an acknowledgement.
        let ack = try CommandAck.sign(sequence: 1, outcome: .applied, identity: device)
        #expect(kind(ack.bytes, &verifier) == .unsupportedVersion)
        #expect(throws: CommandRejection.self) {
            try CommandAck.verify(signed.bytes, devicePublicKey: device.publicKey)
        }
    }

    @Test func seededRandomBytesAndMutationsNeverCrash() throws {
        // Seed-replay fuzzing: a fixed seed makes every input reproducible from the failing iteration.
        var random = SplitMix64(seed: 0x5EED_C0DE)
        var verifier = verifier()
        let seeds = try [
            command(
                .setSamplingRate(label: "baro", rateMilliHz: 50_000), sequence: 7, device: device.deviceID,
                key: operatorKey),
            command(.requestReading(label: nil), sequence: 1 << 40, device: device.deviceID, key: operatorKey),
        ].map(\.bytes)
        for iteration in 0..<4000 {
            var input: [UInt8]
            if iteration % 2 == 0 {
                input = (0..<Int.random(in: 0...120, using: &random)).map { _ in
                    UInt8.random(in: 0...255, using: &random)
                }
                if iteration % 4 == 0, !input.isEmpty { input[0] = 0xC1 }
            } else {
                input = seeds[iteration / 2 % seeds.count]
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    switch UInt8.random(in: 0...2, using: &random) {
                    case 0:
                        input[Int.random(in: input.indices, using: &random)] = UInt8.random(in: 0...255, using: &random)
                    case 1: input = Array(input.prefix(Int.random(in: 0...input.count, using: &random)))
                    default:
                        input.insert(
                            UInt8.random(in: 0...255, using: &random),
                            at: Int.random(in: 0...input.count, using: &random))
                    }
                    if input.isEmpty { break }
                }
            }
            // Only an unchanged seed command can pass (a mutation may write a byte's own value).
            if kind(input, &verifier) == nil { #expect(seeds.contains(input), "iteration \(iteration)") }
            #expect(throws: CommandRejection.self, "iteration \(iteration)") {
                try CommandAck.verify(input, devicePublicKey: device.publicKey)
            }
        }
        // Nothing forged moved the sequence: the next genuine command is accepted.
        let next = try command(.rotateKey, sequence: (1 << 40) + 1, device: device.deviceID, key: operatorKey)
        #expect(try verifier.verify(next.bytes).sequence == (1 << 40) + 1)
    }
}
