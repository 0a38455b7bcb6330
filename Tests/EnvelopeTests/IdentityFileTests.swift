// SensorGate — Envelope tests: identity folders on disk.

import Envelope
import Foundation
import Testing

@Suite struct IdentityFileTests {
    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    @Test func savedKeysHaveTheirModesAndLoadToTheSameID() throws {
        let folder = scratchFolder("save")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let device = DeviceIdentity.generate()
        try device.save(to: folder)
        #expect(try mode(folder) == 0o700)
        #expect(try mode(folder + "/device.key") == 0o600)
        #expect(try mode(folder + "/device.pub") == 0o644)
        let loaded = try DeviceIdentity.load(from: folder)
        #expect(loaded.deviceID == device.deviceID)
        #expect(try DeviceIdentity.load(from: folder + "/").deviceID == device.deviceID)
        let publicKey = try DeviceIdentity.loadPublicKey(file: folder + "/device.pub")
        #expect(DeviceID(publicKey: publicKey) == device.deviceID)
        // No stray temporary files.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["device.key", "device.pub"])
        // A key loaded from disk signs envelopes the saved public key verifies.
        var registry = DeviceRegistry()
        registry.register(publicKey: publicKey)
        var verifier = EnvelopeVerifier(registry: registry)
        let bytes = try EnvelopeWriter(identity: loaded).write(
            payload: [1], streamID: 0, sequence: 0, startMicros: 0, durationMicros: 0)
        #expect(try verifier.verify(bytes).payload == [1])
    }

    @Test func anExistingKeyIsNeverOverwrittenUnlessAsked() throws {
        let folder = scratchFolder("exists")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = DeviceIdentity.generate()
        try first.save(to: folder)
        let before = try Data(contentsOf: URL(fileURLWithPath: folder + "/device.key"))
        #expect(throws: IdentityError.self) { try DeviceIdentity.generate().save(to: folder) }
        do {
            try DeviceIdentity.generate().save(to: folder)
        } catch {
            #expect(error.kind == .exists && error.detail.contains("--force"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/device.key")) == before)
        #expect(try DeviceIdentity.load(from: folder).deviceID == first.deviceID)
        let second = DeviceIdentity.generate()
        try second.save(to: folder, replacing: true)
        #expect(try DeviceIdentity.load(from: folder).deviceID == second.deviceID)
        #expect(try mode(folder + "/device.key") == 0o600)
    }

    @Test func aKeyOthersCanReadIsRefused() throws {
        let folder = scratchFolder("mode")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try DeviceIdentity.generate().save(to: folder)
        chmod(folder + "/device.key", 0o644)
        do {
            _ = try DeviceIdentity.load(from: folder)
            Issue.record("a world-readable key was loaded")
        } catch {
            #expect(error.kind == .insecurePermissions && error.detail.contains("chmod 600"))
        }
    }

    @Test func missingAndMalformedKeysAreClearErrors() throws {
        let folder = scratchFolder("bad")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do { _ = try DeviceIdentity.load(from: folder) } catch { #expect(error.kind == .notFound) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let key = folder + "/device.key"
        for text in ["", "hello", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"] {
            try? FileManager.default.removeItem(atPath: key)
            _ = FileManager.default.createFile(
                atPath: key, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
            do {
                _ = try DeviceIdentity.load(from: folder)
                Issue.record("\(text) loaded as a key")
            } catch {
                #expect(error.kind == .malformed && error.detail.hasPrefix(key))
            }
        }
    }

    @Test func rfc8410KeysFromOtherToolsLoad() throws {
        // RFC 8410 §10.3's private key, as `openssl genpkey -algorithm ed25519` writes it.
        let folder = scratchFolder("rfc8410")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let pem = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
            -----END PRIVATE KEY-----

            """
        _ = FileManager.default.createFile(
            atPath: folder + "/device.key", contents: Data(pem.utf8), attributes: [.posixPermissions: 0o600])
        let device = try DeviceIdentity.load(from: folder)
        let seed = try hex("d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842")
        #expect(device.deviceID == (try DeviceIdentity(seed: seed)).deviceID)
    }

    @Test func sealingKeysSaveWithMode0600AndLoad() throws {
        let folder = scratchFolder("seal")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let key = SealingKey.generate()
        try key.save(to: folder + "/device.seal")
        #expect(try mode(folder + "/device.seal") == 0o600)
        #expect(throws: IdentityError.self) { try SealingKey.generate().save(to: folder + "/device.seal") }
        let loaded = try SealingKey.load(file: folder + "/device.seal")
        // The loaded key opens what the saved key sealed.
        let device = try identity(0x44)
        var registry = DeviceRegistry()
        registry.register(publicKey: device.publicKey, sealingKey: loaded)
        var verifier = EnvelopeVerifier(registry: registry)
        let bytes = try EnvelopeWriter(identity: device, sealingKey: key).write(
            payload: [9, 8, 7], streamID: 1, sequence: 1, startMicros: 0, durationMicros: 0)
        #expect(try verifier.verify(bytes).payload == [9, 8, 7])
    }
}
