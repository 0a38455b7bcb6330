// SensorGate — command-line tests: sensorgate command sign and verify-ack.

import Envelope
import Foundation
import Testing

@Suite struct CommandCommandTests {
    private func folder(_ name: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("command-\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: url)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Makes an identity folder with keygen and returns its path and device ID.
    private func keygen(_ dir: URL) throws -> (path: String, id: String) {
        let run = try sensorgate("keygen", "--out", dir.path)
        #expect(run.status == 0)
        return (dir.path, run.stdout.trimmingCharacters(in: .newlines))
    }

    @Test func aSignedCommandIsAcceptedByTheDeviceConfiguredWithTheOperatorKey() throws {
        let root = folder("sign")
        defer { try? FileManager.default.removeItem(at: root) }
        let operatorDir = try keygen(root.appendingPathComponent("operator"))
        let device = try keygen(root.appendingPathComponent("device"))
        let out = root.appendingPathComponent("cmd.bin").path
        let run = try sensorgate(
            "command", "sign", "--operator-key", operatorDir.path + "/device.key", "--device", device.id, "--sequence",
            "12", "--expires", "5m", "--out", out, "set-rate", "baro", "12.5")
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("command 12 for \(device.id): set-rate baro 12.500 Hz, expires 20"))
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: out)))
        let operatorPublic = try DeviceIdentity.loadPublicKey(file: operatorDir.path + "/device.pub")
        let deviceID = try #require(DeviceID(device.id))
        var verifier = CommandVerifier(operatorKeys: [operatorPublic], deviceID: deviceID)
        let command = try verifier.verify(bytes)
        #expect(command.command == .setSamplingRate(label: "baro", rateMilliHz: 12_500) && command.sequence == 12)
        #expect(command.expiresAtMicros - command.issuedAtMicros == 300_000_000)
        // Signed with the device's own key instead: the device refuses it.
        let forged = root.appendingPathComponent("forged.bin").path
        #expect(
            try sensorgate(
                "command", "sign", "--operator-key", device.path + "/device.key", "--device", device.id, "--sequence",
                "13", "--out", forged, "rotate-key"
            ).status == 0)
        #expect(throws: CommandRejection.self) {
            try verifier.verify(Array(try Data(contentsOf: URL(fileURLWithPath: forged))))
        }
        // The station's sea-level pressure in hPa is the command's 0.1 Pa.
        let qnh = try sensorgate(
            "command", "sign", "--operator-key", operatorDir.path + "/device.key", "--device", device.id, "--sequence",
            "14", "--out", out, "set-qnh", "1013.25")
        #expect(qnh.status == 0 && qnh.stdout.contains("set-qnh 1013.250 hPa"), "\(qnh.stdout)\(qnh.stderr)")
        let set = try verifier.verify(Array(try Data(contentsOf: URL(fileURLWithPath: out))))
        #expect(set.command == .setSeaLevelPressure(deciPascals: 1_013_250) && set.sequence == 14)
    }

    @Test func badArgumentsAreOneClearLine() throws {
        let root = folder("bad")
        defer { try? FileManager.default.removeItem(at: root) }
        let operatorDir = try keygen(root.appendingPathComponent("operator"))
        let key = operatorDir.path + "/device.key"
        let out = root.appendingPathComponent("cmd.bin").path
        let runs = [
            try sensorgate(
                "command", "sign", "--operator-key", key, "--out", out, "--device", "nope", "--sequence", "1", "read"),
            try sensorgate(
                "command", "sign", "--operator-key", key, "--out", out, "--device", operatorDir.id, "--sequence", "1",
                "set-rate", "baro", "0"),
            try sensorgate(
                "command", "sign", "--operator-key", key, "--out", out, "--device", operatorDir.id, "--sequence", "1",
                "reboot"),
            try sensorgate(
                "command", "sign", "--operator-key", key, "--out", out, "--device", operatorDir.id, "--sequence", "1",
                "set-qnh", "1200"),
        ]
        let messages = [
            "--device nope: not a device ID", "the rate is a number of Hz", "expected set-rate LABEL HZ",
            "the sea-level pressure is in hPa, 800 to 1100",
        ]
        for (run, message) in zip(runs, messages) {
            #expect(run.status == 1 && run.stdout.isEmpty, "\(message)")
            #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.contains(message), "\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
        let missing = try sensorgate(
            "command", "sign", "--operator-key", root.path + "/none.key", "--device", operatorDir.id, "--sequence", "1",
            "--out", out, "read")
        #expect(missing.status == 1 && missing.stderr.contains("no such key file"))
    }

    @Test func verifyAckPrintsTheOutcomeOfAGenuineAckAndRefusesADamagedOne() throws {
        let root = folder("ack")
        defer { try? FileManager.default.removeItem(at: root) }
        // docs/envelope.md §7.5: the applied acknowledgement of command 7 by the RFC 8032 test 1 key.
        let pub = root.appendingPathComponent("device.pub")
        try
            "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n"
            .write(to: pub, atomically: true, encoding: .utf8)
        var ack = hexBytes(
            "a121fe31dfa154a261626b0702"
                + "0beebbf029509084291ae4fa9ffe923f9baccc111e7ef5b12b928ce1a840b188"
                + "19b96fcdb9efdf1d498889387c5f82975f3242eaa52824fa08c2ef0c71154305")
        let file = root.appendingPathComponent("ack.bin")
        try Data(ack).write(to: file)
        let run = try sensorgate("command", "verify-ack", "--device-key", pub.path, file.path)
        #expect(run.status == 0 && run.stdout == "device eh7ddx5bksrgcytl command 7: applied\n")
        ack[12] = 0x03
        try Data(ack).write(to: file)
        let damaged = try sensorgate("command", "verify-ack", "--device-key", pub.path, file.path)
        #expect(damaged.status == 1 && damaged.stdout.isEmpty)
        #expect(damaged.stderr.split(separator: "\n").count == 1 && damaged.stderr.contains("malformed"))
    }

    @Test func aKeyRotatedAckSignedByTheOldKeyYieldsTheNewPublicKeyFile() throws {
        let root = folder("rotate")
        defer { try? FileManager.default.removeItem(at: root) }
        let device = try keygen(root.appendingPathComponent("device"))
        let old = try DeviceIdentity.load(from: device.path)
        let new = DeviceIdentity.generate()
        let ack = try CommandAck.sign(sequence: 3, outcome: .keyRotated(newPublicKey: new.publicKey), identity: old)
        let file = root.appendingPathComponent("ack.bin")
        try Data(ack.bytes).write(to: file)
        let newKey = root.appendingPathComponent("new.pub").path
        let run = try sensorgate(
            "command", "verify-ack", "--device-key", device.path + "/device.pub", "--new-key-out", newKey, file.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "device \(device.id) command 3: key rotated: new device ID \(new.deviceID)\n")
        let written = try DeviceIdentity.loadPublicKey(file: newKey)
        #expect(DeviceID(publicKey: written) == new.deviceID)
        // The new key does not vouch for itself: the same acknowledgement checked with it is refused.
        let selfCheck = try sensorgate("command", "verify-ack", "--device-key", newKey, file.path)
        #expect(selfCheck.status == 1 && selfCheck.stderr.contains("wrongDevice"))
    }

    private func hexBytes(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }
}
