// SensorGate — command-line tests: downlink commands applied live by sensorgate run, through a real
// Mosquitto, with sensorgate collect --mqtt following the rate change and the key rotation.

import Envelope
import Foundation
import Testing

@Suite(.serialized) struct LiveCommandTests {
    private func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// The collector's batch lines so far.
    private func batchLines(_ root: URL) -> [[String: Any]] {
        let text = (try? String(contentsOf: root.appendingPathComponent("batches.jsonl"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    @Test func setRateReadAndRotateKeyAreAppliedLiveAndTheCollectorFollows() throws {
        let broker = try Broker()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("live-commands-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        defer { try? FileManager.default.removeItem(at: root) }
        let state = root.appendingPathComponent("state")
        let keys = root.appendingPathComponent("keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let identityFolder = state.appendingPathComponent("identity")
        let device = try sensorgate("keygen", "--out", identityFolder.path)
        let operatorKeys = try sensorgate("keygen", "--out", root.appendingPathComponent("operator").path)
        try #require(device.status == 0 && operatorKeys.status == 0)
        let deviceID = device.stdout.trimmingCharacters(in: .newlines)
        try FileManager.default.copyItem(
            at: identityFolder.appendingPathComponent("device.pub"), to: keys.appendingPathComponent("gw.pub"))
        let oldKey = try DeviceIdentity.loadPublicKey(file: identityFolder.appendingPathComponent("device.pub").path)
        let gateway = [
            "run", "--board", "Boards/sim-power-cut.yaml", "--speed", "realtime", "--state-dir", state.path,
            "--upstream", "mqtt://127.0.0.1:\(broker.port)", "--operator-key",
            root.appendingPathComponent("operator/device.pub").path,
        ]
        // The commands, signed ahead; published while the gateway runs.
        func sign(_ sequence: Int, _ action: String...) throws -> String {
            let file = root.appendingPathComponent("cmd-\(sequence).bin").path
            let signed = try Background(
                try builtSensorgate().path,
                [
                    "command", "sign", "--operator-key", root.appendingPathComponent("operator/device.key").path,
                    "--device", deviceID, "--sequence", "\(sequence)", "--expires", "10m", "--out", file,
                ] + action
            ).wait()
            try #require(signed.status == 0, "\(signed.stderr)")
            return file
        }
        let commands = [
            try sign(1, "set-rate", "barometer", "10"),
            try sign(2, "read", "barometer"),
            try sign(3, "set-rate", "vibration", "100"),
            try sign(2, "read", "barometer"),  // a replay: refused
            try sign(4, "rotate-key"),
        ]
        let acks = try HexSubscriber(port: broker.port, filter: "sensorgate/\(deviceID)/ack")
        let collect = try Background(
            try builtSensorgate().path,
            [
                "collect", "--mqtt", "mqtt://127.0.0.1:\(broker.port)", "--keys", keys.path, "--out",
                root.appendingPathComponent("batches.jsonl").path, "--report",
                root.appendingPathComponent("collector.json").path, "--client-id", "collector-live-\(getpid())",
            ])
        let said = collect.readError(until: "collecting from")
        try #require(said.contains("collecting from"), "\(said)")
        let report = root.appendingPathComponent("run.json")
        let gatewayRun = try Background(
            try builtSensorgate().path, gateway + ["--duration", "4s", "--report", report.path])
        // Once the collector has a second of barometer batches at 50 Hz, the operator sends the commands.
        let waitStart = ContinuousClock.now
        while batchLines(root).filter({ $0["stream"] as? Int == 1 }).count < 10,
            ContinuousClock.now - waitStart < .seconds(60)
        {
            usleep(20_000)
        }
        for file in commands {
            let publisher = try Background(
                try tool("mosquitto_pub", package: "mosquitto-clients"),
                ["-h", "127.0.0.1", "-p", "\(broker.port)", "-t", "sensorgate/\(deviceID)/cmd", "-q", "1", "-f", file])
            #expect(publisher.wait().status == 0)
        }

        let run = gatewayRun.wait()
        #expect(run.status == 0, "\(run.stderr)")
        let result = try json(report)
        let sealer = try #require(result["sealer"] as? [String: Any])
        let batches = try #require(sealer["batches"] as? Int)
        let start = ContinuousClock.now
        while batchLines(root).count < batches, ContinuousClock.now - start < .seconds(60) { usleep(50_000) }
        let collected = collect.stop()
        #expect(collected.status == 0, "\(collected.stderr)")

        // The acknowledgements: signed by the old key up to the rotation, by the new one after.
        let messages = acks.messages()
        let byOldKey = messages.compactMap { try? CommandAck.verify($0.payload, devicePublicKey: oldKey) }
        let rotation = byOldKey.first { if case .keyRotated = $0.outcome { true } else { false } }
        guard case .keyRotated(let rotated)? = rotation?.outcome else {
            Issue.record("no key rotated acknowledgement: \(byOldKey.map(\.outcome))")
            return
        }
        var outcomes: [UInt64: [CommandAck.Outcome]] = [:]
        for message in messages {
            let ack =
                try (try? CommandAck.verify(message.payload, devicePublicKey: oldKey))
                ?? CommandAck.verify(message.payload, devicePublicKey: rotated)
            outcomes[ack.sequence, default: []].append(ack.outcome)
        }
        #expect(outcomes[1] == [.accepted, .applied], "\(outcomes)")
        // The replay is refused at once; the reading's `applied` follows when the sampler took it.
        #expect(
            Set((outcomes[2] ?? []).map(\.description)) == ["accepted", "rejected (replay)", "applied"],
            "\(outcomes)")
        #expect(outcomes[3]?.first == .accepted)
        if case .failed(let reason)? = outcomes[3]?.last {
            #expect(reason.contains("paced by its chip"), "\(reason)")
        } else {
            Issue.record("set-rate vibration: \(outcomes[3] ?? [])")
        }
        let newID = DeviceID(publicKey: rotated).description

        // The new identity is in place (0600), the old one kept; the collector saved the new public key.
        let loaded = try DeviceIdentity.load(from: identityFolder.path)
        #expect(loaded.deviceID.description == newID)
        let mode =
            try FileManager.default.attributesOfItem(
                atPath: identityFolder.appendingPathComponent("device.key").path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(
            FileManager.default.fileExists(atPath: identityFolder.appendingPathComponent("device.key.previous").path))
        #expect(FileManager.default.fileExists(atPath: keys.appendingPathComponent("\(newID).pub").path))

        // The collector verified every batch, from both identities, and decoded the barometer at 50 Hz
        // (5 rows a 100 ms batch), then at 10 Hz (one row, 100 ms apart).
        let summary = try json(root.appendingPathComponent("collector.json"))
        #expect((summary["rejected"] as? [String: Int] ?? [:]).isEmpty, "\(summary["rejected"] ?? "")")
        let lines = batchLines(root)
        #expect(lines.count == batches)
        #expect(lines.contains { $0["device"] as? String == deviceID })
        #expect(lines.contains { $0["device"] as? String == newID })
        let barometer = lines.filter { $0["stream"] as? Int == 1 }
            .sorted { ($0["first_time_us"] as? Int ?? 0) < ($1["first_time_us"] as? Int ?? 0) }
        #expect(barometer.prefix(3).contains { $0["rows"] as? Int == 5 })
        let tail = Array(barometer.suffix(10))
        #expect(tail.count == 10 && tail.allSatisfy { $0["rows"] as? Int == 1 })
        let times = tail.compactMap { $0["first_time_us"] as? Int }
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 == 100_000 }, "\(times)")
        // The requested reading: alone, in a batch of the barometer's on-demand stream (2000 + 1).
        let requested = lines.filter { $0["stream"] as? Int == 2001 }
        #expect(requested.count == 1 && requested.first?["rows"] as? Int == 1, "\(requested)")
    }
}
