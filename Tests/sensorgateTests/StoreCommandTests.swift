// SensorGate — command-line tests: sensorgate store soak, inspect and drain.

import Foundation
import Testing

@Suite struct StoreCommandTests {
    private func folder(_ name: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("store-cli-\(name)-\(getpid())").path
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    @Test func soakCommitsInspectCountsAndDrainEmptiesTheStore() throws {
        let dir = folder("cycle")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let soak = try sensorgate("store", "soak", "--state-dir", dir, "--seed", "5", "--count", "40", "--streams", "3")
        #expect(soak.status == 0 && soak.stderr.isEmpty)
        let lines = soak.stdout.split(separator: "\n")
        #expect(lines.count == 40 && lines.allSatisfy { $0.hasPrefix("committed ") })
        let committed = Set(lines.map { String($0.dropFirst("committed ".count)) })
        #expect(committed.count == 40)

        let inspect = try sensorgate("store", "inspect", "--state-dir", dir)
        #expect(inspect.status == 0)
        #expect(inspect.stdout.contains("queued: 40 batches"))
        #expect(inspect.stdout.contains("drops not yet reported: 0") && inspect.stdout.contains("quarantine: 0"))

        let drain = try sensorgate("store", "drain", "--state-dir", dir, "--json")
        #expect(drain.status == 0)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(drain.stdout.utf8)) as? [String: Any])
        let batches = try #require(document["batches"] as? [[String: Any]])
        let drained = Set(
            batches.compactMap { batch -> String? in
                guard let stream = batch["stream"] as? Int, let sequence = batch["sequence"] as? Int else { return nil }
                return "\(stream) \(sequence)"
            })
        #expect(drained == committed)
        #expect(
            batches.allSatisfy {
                ($0["crcOK"] as? Bool) == true && ($0["payload"] as? String)?.hasPrefix("5347534b") == true
            })
        let again = try sensorgate("store", "inspect", "--state-dir", dir)
        #expect(again.stdout.contains("queued: 0 batches"))
    }

    @Test func aStateDirThatIsAFileIsOneClearLine() throws {
        let path = folder("file")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data("x".utf8)))
        let run = try sensorgate("store", "inspect", "--state-dir", path)
        #expect(run.status == 1 && run.stdout.isEmpty)
        #expect(run.stderr == "sensorgate: \(path): not a folder; give a folder as --state-dir\n")
    }
}
