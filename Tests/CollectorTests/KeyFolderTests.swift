// SensorGate — Collector tests: the device registry from a folder of keys, and the report file.

import Collector
import Envelope
import Foundation
import Testing

@Suite struct KeyFolderTests {
    private func scratch(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "collector-\(name)-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func publicKeysAndKeygenFoldersRegisterTheirDevices() throws {
        let folder = try scratch("keys")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try DeviceIdentity(seed: [UInt8](repeating: 1, count: 32))
        let second = try DeviceIdentity(seed: [UInt8](repeating: 2, count: 32))
        try first.save(to: folder + "/gw1")
        try second.save(to: folder + "/scratch")
        try FileManager.default.moveItem(atPath: folder + "/scratch/device.pub", toPath: folder + "/gw2.pub")
        try SealingKey.generate().save(to: folder + "/gw2.seal")
        let (registry, files) = try KeyFolder.load(folder)
        #expect(files.count == 2)
        #expect(registry[first.deviceID]?.protection == .signed)
        #expect(registry[second.deviceID]?.protection == .sealed)
    }

    @Test func aFolderWithoutKeysOrAMalformedKeyIsOneClearLine() throws {
        let folder = try scratch("empty")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let empty = #expect(throws: IdentityError.self) { try KeyFolder.load(folder) }
        #expect(empty?.description.contains("no device public keys") == true)
        try Data("not a key".utf8).write(to: URL(fileURLWithPath: folder + "/bad.pub"))
        let bad = #expect(throws: IdentityError.self) { try KeyFolder.load(folder) }
        #expect(bad?.description.contains("bad.pub") == true)
        let missing = #expect(throws: IdentityError.self) { try KeyFolder.load(folder + "/nope") }
        #expect(missing?.kind == .notFound)
    }

    @Test func theOutputFileHoldsBatchLinesAndTheReportDecodes() throws {
        let folder = try scratch("out")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var gateway = try TestGateway()
        var collector = Collector(registry: gateway.registry)
        let file = try JSONLinesFile(path: folder + "/out.jsonl", includeSamples: true)
        _ = collector.receive(try gateway.schemaEnvelope())
        for envelope in try gateway.batches(3) { try file.write(collector.receive(envelope).batches) }
        let text = try String(contentsOfFile: folder + "/out.jsonl", encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3 * 11)
        for line in lines { #expect(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any]) }
        try JSONLinesFile.writeReport(collector.report, to: folder + "/report.json")
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/report.json"))
        #expect(try JSONDecoder().decode(CollectorReport.self, from: data) == collector.report)
    }
}
