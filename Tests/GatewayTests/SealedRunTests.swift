// SensorGate — GatewayTests: a board that seals its envelopes (identity: seal: true) runs end to end
// with ChaCha20-Poly1305 envelopes under the device's provisioned key.

import Board
import Envelope
import Foundation
import HAL
import Store
import Testing

@testable import Gateway

@Suite struct SealedRunTests {
    static let board = StoreFaultTests.boardYAML + "\nidentity: {seal: true}\n"

    private func run(_ directory: String, delivery: DeliveryMode) throws -> GatewayReport {
        var settings = GatewaySettings()
        settings.duration = .seconds(3)
        settings.stateDirectory = directory
        settings.delivery = delivery
        return try GatewayRunner(
            board: try BoardLoader.parse(Self.board, file: "sealed.yaml"), settings: settings, wallClock: StepClock(),
            utcStartMicros: 1_790_000_000_000_000
        ).run()
    }

    @Test func everyEnvelopeIsSealedAndTheCollectorOpensEachOne() throws {
        let directory = NSTemporaryDirectory() + "gateway-sealed-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Offline first, to look at what is stored: every envelope, schemas included, is sealed.
        let offline = try run(directory, delivery: .offline)
        #expect(offline.identityCreated)
        #expect(FileManager.default.fileExists(atPath: directory + "/identity/device.seal"))
        let stored = try BatchStore(directory: directory).pending(limit: 10_000)
        #expect(stored.count == offline.sealer.batches + offline.sealer.schemas)
        for batch in stored {
            #expect(try ParsedEnvelope.parse(batch.payload).header.protection == .sealed)
        }
        // Then delivered: the collector, given the same key, opens, verifies and decodes all of it.
        let delivered = try run(directory, delivery: .coapLoopback)
        #expect(delivered.everySampleVerified)
        #expect(delivered.deliveryCounters.batchesVerified == offline.sealer.batches + delivered.sealer.batches)
    }

    @Test func anExistingIdentityWithoutASealingKeyIsRefusedWithWhatToDo() throws {
        let directory = NSTemporaryDirectory() + "gateway-sealed-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try DeviceIdentity.generate().save(to: directory + "/identity")
        #expect {
            try run(directory, delivery: .inProcess)
        } throws: { error in
            "\(error)".contains("keygen --out DIR --sealing-key")
        }
    }
}
