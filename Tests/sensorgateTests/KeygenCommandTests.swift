// SensorGate — command-line tests: sensorgate keygen.

import Foundation
import Testing

@Suite struct KeygenCommandTests {
    private func folder(_ name: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("keygen-\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: url)
        return url
    }

    private func mode(_ url: URL) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
    }

    @Test func keygenPrintsOnlyTheDeviceIDAndWritesAPrivateKeyOnlyItsOwnerCanRead() throws {
        let dir = folder("new")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try sensorgate("keygen", "--out", dir.path)
        #expect(run.status == 0 && run.stderr.isEmpty)
        let id = run.stdout.trimmingCharacters(in: .newlines)
        #expect(run.stdout == id + "\n")
        #expect(id.count == 16 && id.allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) })
        #expect(try mode(dir) == 0o700)
        #expect(try mode(dir.appendingPathComponent("device.key")) == 0o600)
        #expect(try mode(dir.appendingPathComponent("device.pub")) == 0o644)
        let key = try String(contentsOf: dir.appendingPathComponent("device.key"), encoding: .utf8)
        #expect(key.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        // Nothing of the key reaches the output.
        let body = key.split(separator: "\n")[1]
        #expect(!run.stdout.contains(body) && !run.stdout.contains("PRIVATE"))
    }

    @Test func keygenRefusesToOverwriteUnlessForced() throws {
        let dir = folder("again")
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try sensorgate("keygen", "--out", dir.path)
        #expect(first.status == 0)
        let key = dir.appendingPathComponent("device.key")
        let before = try Data(contentsOf: key)
        let again = try sensorgate("keygen", "--out", dir.path)
        #expect(again.status == 1 && again.stdout.isEmpty)
        #expect(again.stderr == "sensorgate: \(key.path) exists; use --force to replace it (the device ID changes)\n")
        #expect(try Data(contentsOf: key) == before)
        let forced = try sensorgate("keygen", "--out", dir.path, "--force")
        #expect(forced.status == 0 && forced.stdout != first.stdout && forced.stdout.count == 17)
        #expect(try mode(key) == 0o600)
    }

    @Test func keygenCanAlsoCreateASealingKey() throws {
        let dir = folder("seal")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try sensorgate("keygen", "--out", dir.path, "--sealing-key")
        #expect(run.status == 0 && run.stdout.count == 17 && run.stderr.isEmpty)
        let seal = dir.appendingPathComponent("device.seal")
        #expect(try mode(seal) == 0o600)
        let text = try String(contentsOf: seal, encoding: .utf8)
        #expect(text.count == 65 && text.hasSuffix("\n") && text.dropLast().allSatisfy(\.isHexDigit))
        #expect(!run.stdout.contains(text.prefix(16)))
    }

    @Test func theKeyIsPrivateEvenUnderAPermissiveUmask() throws {
        let dir = folder("umask")
        defer { try? FileManager.default.removeItem(at: dir) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let binary = try sensorgateBinary()
        process.arguments = ["-c", "umask 000 && exec \"$0\" keygen --out \"$1\"", binary.path, dir.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try mode(dir.appendingPathComponent("device.key")) == 0o600)
    }

    @Test func aMissingParentIsOneClearLine() throws {
        let run = try sensorgate("keygen", "--out", "/nonexistent-parent/identity")
        #expect(run.status == 1 && run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("sensorgate: /nonexistent-parent/identity: cannot create the folder: "))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }
}

/// The built `sensorgate` binary, found as ``sensorgate(_:)`` finds it.
private func sensorgateBinary() throws -> URL {
    let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [folder, folder.deletingLastPathComponent()].map { $0.appendingPathComponent("sensorgate") }
    return try #require(
        candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }, "build the sensorgate product first"
    )
}
