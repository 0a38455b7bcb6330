// SensorGate — command-line tests: sensorgate run over MQTT (TCP and the simulated modem) to a real
// Mosquitto, and sensorgate collect --mqtt on the other side.

import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite(.serialized) struct UplinkCommandTests {
    /// A scratch folder with an identity made by keygen in `state/identity` and its public key in `keys/`.
    private func setUp(_ name: String) throws -> (root: URL, state: String, keys: String, device: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("uplink-\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        let keys = root.appendingPathComponent("keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        let state = root.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let keygen = try sensorgate("keygen", "--out", state.appendingPathComponent("identity").path)
        try #require(keygen.status == 0, "\(keygen.stderr)")
        try FileManager.default.copyItem(
            at: state.appendingPathComponent("identity/device.pub"), to: keys.appendingPathComponent("gw.pub"))
        return (root, state.path, keys.path, keygen.stdout.trimmingCharacters(in: .newlines))
    }

    /// `sensorgate collect --mqtt` in the background, once subscribed.
    private func collector(port: Int, keys: String, root: URL) throws -> Background {
        let collect = try Background(
            try builtSensorgate().path,
            [
                "collect", "--mqtt", "mqtt://127.0.0.1:\(port)", "--keys", keys, "--out",
                root.appendingPathComponent("batches.jsonl").path, "--report",
                root.appendingPathComponent("collector.json").path, "--client-id", "collector-\(getpid())", "--csv",
                root.appendingPathComponent("csv").path,
            ])
        let said = collect.readError(until: "collecting from")
        try #require(said.contains("collecting from mqtt://127.0.0.1:\(port)"), "\(said)")
        return collect
    }

    /// Lines of the collector's JSON Lines output so far.
    private func batchLines(_ root: URL) -> Int {
        let text = (try? String(contentsOf: root.appendingPathComponent("batches.jsonl"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").count
    }

    /// Waits (up to `limit` of real time) until the collector wrote `count` batch lines.
    private func awaitBatches(_ count: Int, _ root: URL, limit: Duration = .seconds(60)) -> Bool {
        let start = ContinuousClock.now
        while batchLines(root) < count {
            guard ContinuousClock.now - start < limit else { return false }
            usleep(50_000)
        }
        return true
    }

    private func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// Runs the gateway, then checks that the collector verified every batch it stored and that
    /// mosquitto_sub saw each publish on `sensorgate/<device>/<stream>`.
    private func deliverEverything(modem: String?) throws {
        let broker = try Broker()
        let (root, state, keys, device) = try setUp("deliver-\(modem ?? "tcp")")
        defer { try? FileManager.default.removeItem(at: root) }
        let watcher = try HexSubscriber(port: broker.port, filter: "sensorgate/+/+")
        let collect = try collector(port: broker.port, keys: keys, root: root)
        let report = root.appendingPathComponent("run.json")
        var arguments = [
            "run", "--board", "Boards/sim-power-cut.yaml", "--duration", "1s", "--state-dir", state, "--upstream",
            "mqtt://127.0.0.1:\(broker.port)", "--report", report.path,
        ]
        if let modem { arguments += ["--modem", modem, "--drain-timeout", "180s"] }
        let run = try Background(try builtSensorgate().path, arguments).wait()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("delivering over MQTT to mqtt://127.0.0.1:\(broker.port)"))
        let result = try json(report)
        #expect(result["delivery"] as? String == "mqtt")
        #expect(result["storeDepthAtEnd"] as? Int == 0)
        if let modem {
            // The module's signal was read at the connection: the simulated BC66 on NB-IoT measures its
            // RSSI over one 180 kHz resource block (−86.0 dBm at the nominal RSRP, RadioConditions) and
            // answers +CSQ: 13,99 (−113 + 2 × 13 dBm) and +CESQ: …,20,45 (RSRQ −20 + 20/2 dB, RSRP
            // −141 + 45 dBm).
            let module = try #require(result["modem"] as? [String: Any])
            #expect(module["dialect"] as? String == modem)
            let states = ["off", "booting", "registering", "registered", "online", "psm", "failed"]
            #expect(states.contains(module["state"] as? String ?? ""), "\(module)")
            let signal = try #require(module["signal"] as? [String: Any], "\(module)")
            #expect(signal["rssiDBm"] as? Int == -87)
            #expect(signal["rsrpDBm"] as? Int == -96)
            #expect(signal["rsrqDB"] as? Double == -10)
            #expect(run.stdout.contains(", RSSI -87 dBm, RSRP -96 dBm, RSRQ -10.0 dB; "), "\(run.stdout)")
        } else {
            #expect(result["modem"] == nil)
        }
        let sealer = try #require(result["sealer"] as? [String: Any])
        let batches = try #require(sealer["batches"] as? Int)
        let schemas = try #require(sealer["schemas"] as? Int)
        #expect(batches > 0 && schemas > 0)
        #expect(awaitBatches(batches, root), "\(batchLines(root)) of \(batches) batches reached the collector")
        let collected = collect.stop()
        #expect(collected.status == 0, "\(collected.stderr)")
        let summary = try json(root.appendingPathComponent("collector.json"))
        let streams = try #require(summary["streams"] as? [[String: Any]])
        #expect(streams.reduce(0) { $0 + ($1["batches"] as? Int ?? 0) } == batches)
        #expect(streams.reduce(0) { $0 + ($1["samples"] as? Int ?? 0) } == result["samplesBatched"] as? Int)
        #expect(streams.allSatisfy { $0["undecodable"] as? Int == 0 && $0["sequenceGaps"] as? Int == 0 })
        #expect(summary["schemas"] as? Int == schemas)
        #expect((summary["rejected"] as? [String: Int] ?? [:]).isEmpty)
        // The CSV files: one per stream, a header of the channels, one row per sample.
        for stream in streams {
            let id = try #require(stream["stream"] as? Int)
            let name = id == 1 ? "barometer" : "vibration"
            let file = root.appendingPathComponent("csv/\(device)/\(id)-\(name).csv")
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
            let header = try #require(lines.first)
            #expect(header.hasPrefix("t_us,") && header.split(separator: ",").count >= 3, "\(header)")
            #expect(lines.count - 1 == stream["samples"] as? Int, "\(file.path)")
            #expect(
                lines.dropFirst().allSatisfy { $0.split(separator: ",").count == header.split(separator: ",").count })
        }
        // A client no one here wrote saw every publish, on the documented topics, with the envelope bytes.
        let seen = watcher.messages()
        let data = seen.filter { !$0.topic.hasSuffix("/status") }
        #expect(data.count >= batches + schemas)
        #expect(
            Set(data.map { $0.topic })
                == Set(["barometer", "vibration", "control"].map { "sensorgate/\(device)/\($0)" }))
        #expect(Set(data.map { $0.payload }).count == batches + schemas)
        #expect(seen.contains { $0.topic == "sensorgate/\(device)/status" && $0.payload == Array("online".utf8) })
    }

    @Test func batchesOverTCPReachTheMQTTCollectorVerifiedAndMosquittoSubSeesThem() throws {
        try deliverEverything(modem: nil)
    }

    @Test func batchesThroughTheSimulatedModemReachTheMQTTCollectorVerified() throws {
        try deliverEverything(modem: "bc66")
    }

    @Test func theBoardsCat1ModemCarriesTheEdgeStreamsAndTheRunEstimatesTheRadioEnergy() throws {
        let broker = try Broker()
        let (root, state, _, _) = try setUp("cat1")
        defer { try? FileManager.default.removeItem(at: root) }
        let report = root.appendingPathComponent("run.json")
        let run = try Background(
            try builtSensorgate().path,
            [
                "run", "--board", "Boards/sim-industrial-cat1.yaml", "--duration", "30s", "--state-dir", state,
                "--upstream", "mqtt://127.0.0.1:\(broker.port)", "--report", report.path, "--drain-timeout", "180s",
            ]
        ).wait()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("through the simulated eg915u modem (cat1)"), "\(run.stderr)")
        let result = try json(report)
        #expect(result["storeDepthAtEnd"] as? Int == 0)
        let radio = try #require(result["radio"] as? [String: Any])
        #expect(radio["dialect"] as? String == "eg915u" && radio["network"] as? String == "cat1")
        let energy = try #require(radio["energyJ"] as? Double)
        let on = try #require(radio["radioOnS"] as? Double)
        let elapsed = try #require(radio["elapsedS"] as? Double)
        // The module's clock followed the 30 simulated seconds (and the drain after them); Cat-1 draws
        // 0.7 W connected and 15 mW idle, so the energy lies between the two bounds.
        #expect(elapsed >= 30 && on > 0 && on <= elapsed)
        #expect(energy >= 0.7 * on && energy <= 0.7 * on + 0.015 * elapsed + 1e-6, "\(radio)")
        // `raw: false`: the 3.2 kHz vibration stays at the gateway; its features and the slow channels go up.
        let sensors = try #require(result["sensors"] as? [[String: Any]])
        let streams = Dictionary(uniqueKeysWithValues: sensors.map { ($0["label"] as? String ?? "", $0) })
        #expect(streams["vibration"]?["stream"] as? Int == 0)
        #expect((streams["vibration.vibration"]?["samples"] as? Int ?? 0) > 0)
        #expect(streams["vibration.vibration"]?["stream"] as? Int == 1100)
    }

    @Test func runDrivesAModemOnARealSerialPortAndTheCollectorVerifiesEveryBatch() throws {
        let broker = try Broker()
        let (root, state, keys, _) = try setUp("serial-modem")
        defer { try? FileManager.default.removeItem(at: root) }
        // The modem simulator on a kernel pseudo-terminal: the gateway opens /dev/pts/N with termios, as
        // it would a module's /dev/ttyUSB2.
        let modem = try Background(
            try builtSensorgate().path,
            ["modem-sim", "--dialect", "bg96", "--network", "cat1", "--link", "pty", "--upstream-host", "127.0.0.1"])
        modem.discardErrors()
        let said = modem.readOutput(until: "\n")
        let port = try #require(
            said.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) },
            "modem-sim printed '\(said)'")
        try #require(port.hasPrefix("/dev/pts/"), "modem-sim printed '\(said)'")
        let board = root.appendingPathComponent("serial-modem.yaml")
        try """
        board: {name: serial-modem}
        buses:
          i2c0: {type: i2c, path: sim:i2c0}
        devices:
          barometer:
            compatible: bosch,bmp280
            bus: i2c0
            address: 0x76
            sample: {rate-hz: 20}
            batch: {interval: 1s}
        modem: {dialect: bg96, port: \(port)}
        upstream: {protocol: mqtt, url: 'mqtt://127.0.0.1:\(broker.port)'}
        """.write(to: board, atomically: true, encoding: .utf8)
        let collect = try collector(port: broker.port, keys: keys, root: root)
        let report = root.appendingPathComponent("run.json")
        let run = try Background(
            try builtSensorgate().path,
            [
                "run", "--board", board.path, "--duration", "3s", "--state-dir", state, "--report", report.path,
                "--drain-timeout", "120s",
            ]
        ).wait()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("through the bg96 modem on \(port)"), "\(run.stderr)")
        let result = try json(report)
        #expect(result["storeDepthAtEnd"] as? Int == 0)
        #expect(result["radio"] == nil)  // a real port: no simulated radio to meter on this side
        let sealer = try #require(result["sealer"] as? [String: Any])
        let batches = try #require(sealer["batches"] as? Int)
        #expect(batches >= 3)
        #expect(awaitBatches(batches, root), "\(batchLines(root)) of \(batches) batches reached the collector")
        #expect(collect.stop().status == 0)
        let summary = try json(root.appendingPathComponent("collector.json"))
        let streams = try #require(summary["streams"] as? [[String: Any]])
        #expect(streams.reduce(0) { $0 + ($1["samples"] as? Int ?? 0) } == result["samplesBatched"] as? Int)
        #expect((summary["rejected"] as? [String: Int] ?? [:]).isEmpty)
        _ = modem.stop()
    }

    @Test func runDeliversToARemoteCoAPCollector() throws {
        let (root, state, keys, _) = try setUp("coap-remote")
        defer { try? FileManager.default.removeItem(at: root) }
        let port = try freePort()
        let collect = try Background(
            try builtSensorgate().path,
            [
                "collect", "--coap", "127.0.0.1:\(port)", "--keys", keys, "--out",
                root.appendingPathComponent("batches.jsonl").path, "--report",
                root.appendingPathComponent("collector.json").path,
            ])
        let said = collect.readError(until: "collecting on")
        try #require(said.contains("collecting on coap://127.0.0.1:\(port)"), "\(said)")
        let report = root.appendingPathComponent("run.json")
        let run = try Background(
            try builtSensorgate().path,
            [
                "run", "--board", "Boards/sim-power-cut.yaml", "--duration", "2s", "--state-dir", state,
                "--upstream", "coap://localhost:\(port)/batches", "--report", report.path,
            ]
        ).wait()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("delivering over CoAP to coap://127.0.0.1:\(port)/batches"), "\(run.stderr)")
        let result = try json(report)
        #expect(result["delivery"] as? String == "coap")
        #expect(result["storeDepthAtEnd"] as? Int == 0)
        #expect(result["modem"] == nil)
        let sealer = try #require(result["sealer"] as? [String: Any])
        let batches = try #require(sealer["batches"] as? Int)
        #expect(awaitBatches(batches, root), "\(batchLines(root)) of \(batches) batches reached the collector")
        #expect(collect.stop().status == 0)
        let summary = try json(root.appendingPathComponent("collector.json"))
        let streams = try #require(summary["streams"] as? [[String: Any]])
        #expect(streams.reduce(0) { $0 + ($1["batches"] as? Int ?? 0) } == batches)
        #expect(streams.reduce(0) { $0 + ($1["samples"] as? Int ?? 0) } == result["samplesBatched"] as? Int)
        #expect((summary["rejected"] as? [String: Int] ?? [:]).isEmpty)
    }

    @Test func aWrongPasswordIsOneClearLineAndTheBatchesStayInTheStore() throws {
        let broker = try Broker(passwords: ["gw": "right"])
        let (root, state, _, _) = try setUp("password")
        defer { try? FileManager.default.removeItem(at: root) }
        let report = root.appendingPathComponent("run.json")
        let run = try Background(
            try builtSensorgate().path,
            [
                "run", "--board", "Boards/sim-power-cut.yaml", "--duration", "1s", "--state-dir", state, "--upstream",
                "mqtt://127.0.0.1:\(broker.port)", "--username", "gw", "--drain-timeout", "8s", "--report", report.path,
            ], environment: ["SENSORGATE_UPSTREAM_PASSWORD": "wrong"]
        ).wait()
        #expect(run.status == 1)
        let refusals = run.stderr.split(separator: "\n").filter { $0.contains("refused the connection") }
        #expect(refusals.count == 1, "\(run.stderr)")
        #expect(refusals.first?.contains("retrying with back-off") == true)
        #expect(run.stderr.contains("batches not acknowledged by the upstream; they stay in the store"))
        let result = try json(report)
        #expect((result["storeDepthAtEnd"] as? Int ?? 0) > 0)
    }

    @Test func aBrokerRestartMidRunLosesNothing() throws {
        let broker = try Broker(persistence: true)
        let (root, state, keys, _) = try setUp("restart")
        defer { try? FileManager.default.removeItem(at: root) }
        let collect = try collector(port: broker.port, keys: keys, root: root)
        let report = root.appendingPathComponent("run.json")
        let run = try Background(
            try builtSensorgate().path,
            [
                "run", "--board", "Boards/sim-power-cut.yaml", "--duration", "6s", "--speed", "realtime",
                "--state-dir", state, "--upstream", "mqtt://127.0.0.1:\(broker.port)", "--report", report.path,
            ])
        // Some batches are through; then the broker goes away for a while and comes back.
        #expect(awaitBatches(5, root))
        broker.terminate()
        usleep(1_500_000)
        try broker.start()
        let ran = run.wait()
        #expect(ran.status == 0, "\(ran.stderr)")
        #expect(ran.stderr.contains("lost"))
        let result = try json(report)
        let sealer = try #require(result["sealer"] as? [String: Any])
        let batches = try #require(sealer["batches"] as? Int)
        #expect(awaitBatches(batches, root), "\(batchLines(root)) of \(batches) batches reached the collector")
        _ = collect.stop()
        let summary = try json(root.appendingPathComponent("collector.json"))
        let streams = try #require(summary["streams"] as? [[String: Any]])
        #expect(streams.reduce(0) { $0 + ($1["batches"] as? Int ?? 0) } == batches)
        #expect(streams.reduce(0) { $0 + ($1["samples"] as? Int ?? 0) } == result["samplesBatched"] as? Int)
    }
}
