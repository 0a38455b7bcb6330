// SensorGate — Envelope tests: docs/envelope.md §7.5, byte for byte.

import Envelope
import Foundation
import Testing

@Suite struct CommandWorkedExampleTests {
    // The expected bytes come from an independent implementation of docs/envelope.md §7 (Python's
    // `cryptography`), not from this code. Ed25519 signatures are deterministic.
    static let command = try? hex(
        "c121fe31dfa154a261626b07808081b184e99103808c8ecf86e991030901046261726fd08603"
            + "e61ca9671879abb97feb99e9a199b44f72bc1b25b5534a0198d8c3e9ade55661"
            + "7b56839b05b4a6e3821dce62848ca6058b380abda7fea3be8d8f2c533e0ef307")
    static let appliedAck = try? hex(
        "a121fe31dfa154a261626b0702"
            + "0beebbf029509084291ae4fa9ffe923f9baccc111e7ef5b12b928ce1a840b188"
            + "19b96fcdb9efdf1d498889387c5f82975f3242eaa52824fa08c2ef0c71154305")
    static let replayAck = try? hex(
        "a121fe31dfa154a261626b070108"
            + "bb56c5db494344d6072ed0c6a8d17f3986b96e4070b1edb624aaaa0efd92369d"
            + "53b438d8a9a97dbf0e65ee6c834fb2a1f1feadcc00429d06d8ce8101166f4f05")

    @Test func theCommandIsExactBytesAndVerifies() throws {
        let device = try exampleDevice()
        let signed = try SignedCommand.sign(
            .setSamplingRate(label: "baro", rateMilliHz: 50_000), for: device.deviceID, sequence: 7,
            issuedAtMicros: newYear2026Micros, expiresAtMicros: newYear2026Micros + 600_000_000,
            operatorKey: try exampleOperator())
        #expect(signed.bytes.count == 102)
        #expect(signed.bytes == Self.command)
        var verifier = CommandVerifier(
            operatorKeys: [try exampleOperator().publicKey], deviceID: device.deviceID,
            clock: { newYear2026Micros + 30_000_000 })
        #expect(try verifier.verify(try #require(Self.command)).command == signed.command)
    }

    @Test func theAcknowledgementsAreExactBytes() throws {
        let device = try exampleDevice()
        #expect(try CommandAck.sign(sequence: 7, outcome: .applied, identity: device).bytes == Self.appliedAck)
        #expect(try CommandAck.sign(sequence: 7, outcome: .rejected(.replay), identity: device).bytes == Self.replayAck)
        let read = try CommandAck.verify(try #require(Self.replayAck), devicePublicKey: device.publicKey)
        #expect(read.outcome == .rejected(.replay) && read.sequence == 7)
    }

    @Test func thePageShowsTheseBytes() throws {
        // docs/envelope.md §7.5 prints the signatures as 64-digit lines and the ack's header in bytes.
        let page = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("docs/envelope.md"), encoding: .utf8)
        let section = try #require(page.components(separatedBy: "### 7.5 Worked example").last)
        func digits(_ bytes: ArraySlice<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        for bytes in [try #require(Self.command), try #require(Self.appliedAck)] {
            let signature = bytes.suffix(64)
            #expect(section.contains(digits(signature.prefix(32))) && section.contains(digits(signature.suffix(32))))
        }
        #expect(section.contains("a1 21 fe 31 df a1 54 a2 61 62 6b 07 02"))
        #expect(section.contains("102 bytes") && section.contains("77 bytes"))
    }
}
