// SensorGate — Envelope tests: the collector's policy on devices, replays and late batches.

import Envelope
import Foundation
import Testing

@Suite struct VerifierTests {
    private func envelope(_ device: DeviceIdentity, sequence: UInt64, stream: UInt32 = 1) throws -> [UInt8] {
        try EnvelopeWriter(identity: device).write(
            payload: [UInt8(sequence & 0xFF)], streamID: stream, sequence: sequence,
            startMicros: newYear2026Micros + sequence * 1_000_000, durationMicros: 999_000)
    }

    @Test func aReplayIsRefusedAndCounted() throws {
        let device = try identity(0x33)
        var verifier = try verifier(signed: device)
        let first = try envelope(device, sequence: 10)
        _ = try verifier.verify(first)
        #expect(throws: EnvelopeError.self) { try verifier.verify(first) }
        #expect(throws: EnvelopeError.self) { try verifier.verify(first) }
        #expect(verifier.counters.rejections(.replay) == 2 && verifier.counters.accepted == 1)
        // The same sequence number on another stream of the same device is a different batch.
        _ = try verifier.verify(try envelope(device, sequence: 10, stream: 2))
        #expect(verifier.counters.accepted == 2)
    }

    @Test func anUnknownDeviceIsRefusedAndCounted() throws {
        var verifier = try verifier(signed: try identity(0x33))
        let stranger = try identity(0x34)
        let bytes = try envelope(stranger, sequence: 1)
        do {
            _ = try verifier.verify(bytes)
            Issue.record("a stranger's envelope was accepted")
        } catch {
            #expect(error.kind == .unknownDevice && error.detail.contains(stranger.deviceID.description))
        }
        #expect(verifier.counters.rejections(.unknownDevice) == 1)
        // A revoked device is a stranger too.
        let device = try identity(0x33)
        verifier.registry.remove(device.deviceID)
        #expect(throws: EnvelopeError.self) { try verifier.verify(try envelope(device, sequence: 2)) }
        #expect(verifier.counters.rejections(.unknownDevice) == 2)
    }

    @Test func aStrangerSigningWithARegisteredIDIsABadSignature() throws {
        let device = try identity(0x33)
        var verifier = try verifier(signed: device)
        var forged = try envelope(try identity(0x35), sequence: 1)
        forged.replaceSubrange(1..<11, with: device.deviceID.bytes)
        do {
            _ = try verifier.verify(forged)
            Issue.record("a forged envelope was accepted")
        } catch {
            #expect(error.kind == .badSignature)
        }
        #expect(verifier.counters.rejections(.badSignature) == 1)
    }

    @Test func theRegisteredProtectionIsEnforced() throws {
        let sealer = try identity(0x36)
        var verifier = try verifier(signed: try identity(0x33), sealed: sealer)
        let bytes = try envelope(sealer, sequence: 1)
        do {
            _ = try verifier.verify(bytes)
            Issue.record("a signed envelope from a sealing device was accepted")
        } catch {
            #expect(error.kind == .protectionMismatch)
        }
    }

    @Test func outOfOrderDeliveryIsAcceptedOnceEach() throws {
        let device = try identity(0x33)
        var verifier = try verifier(signed: device)
        // The store sends a high-priority batch first, then the backlog, newest first, with one retry.
        let order: [UInt64] = [50, 49, 40, 45, 41, 42, 44, 43, 46, 47, 48, 51]
        for sequence in order { _ = try verifier.verify(try envelope(device, sequence: sequence)) }
        for sequence in order {
            #expect(throws: EnvelopeError.self) { try verifier.verify(try envelope(device, sequence: sequence)) }
        }
        #expect(verifier.counters.accepted == order.count && verifier.counters.rejections(.replay) == order.count)
        let window = try #require(verifier.replayState[StreamKey(deviceID: device.deviceID, streamID: 1)])
        #expect(window.acceptedRanges == [40...51])
    }

    @Test func batchesBelowAFullWindowAreStale() throws {
        let device = try identity(0x33)
        var registry = DeviceRegistry()
        registry.register(publicKey: device.publicKey)
        var verifier = EnvelopeVerifier(registry: registry, settings: .init(maxRangesPerStream: 3))
        for sequence: UInt64 in [2, 4, 6, 8] { _ = try verifier.verify(try envelope(device, sequence: sequence)) }
        // Four ranges do not fit three: {2} is forgotten, the floor rises to 3.
        let window = try #require(verifier.replayState[StreamKey(deviceID: device.deviceID, streamID: 1)])
        #expect(window.floor == 3 && window.acceptedRanges == [4...4, 6...6, 8...8])
        for sequence: UInt64 in [1, 2] {
            let bytes = try envelope(device, sequence: sequence)
            do {
                _ = try verifier.verify(bytes)
                Issue.record("sequence \(sequence) below the floor was accepted")
            } catch {
                #expect(error.kind == .stale)
            }
        }
        _ = try verifier.verify(try envelope(device, sequence: 3))
        _ = try verifier.verify(try envelope(device, sequence: 5))
        #expect(verifier.counters.rejections(.stale) == 2 && verifier.counters.accepted == 6)
    }

    @Test func replayStateSurvivesARestartThroughItsCoding() throws {
        let device = try identity(0x33)
        var verifier = try verifier(signed: device)
        let sent = try envelope(device, sequence: 7)
        _ = try verifier.verify(sent)
        let saved = try JSONEncoder().encode(verifier.replayState)
        var restarted = try VerifierTests.restarted(device, state: saved)
        #expect(throws: EnvelopeError.self) { try restarted.verify(sent) }
        #expect(restarted.counters.rejections(.replay) == 1)
    }

    private static func restarted(_ device: DeviceIdentity, state: Data) throws -> EnvelopeVerifier {
        var verifier = try EnvelopeTests.verifier(signed: device)
        verifier.replayState = try JSONDecoder().decode([StreamKey: ReplayWindow].self, from: state)
        return verifier
    }
}
