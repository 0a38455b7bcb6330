// SensorGate — command-line tests: sensorgate run.

import Foundation
import Testing

@Suite struct RunCommandTests {
    private func folder(_ name: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: url)
        return url
    }

    @Test func runDeliversEverySampleOverCoAPAndReportsIt() throws {
        let dir = folder("ok")
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("r.json")
        let run = try sensorgate(
            "run", "--board", "Boards/sim-power-cut.yaml", "--duration", "2s", "--state-dir",
            dir.appendingPathComponent("state").path, "--report", report.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("delivering over CoAP to a collector on 127.0.0.1:"))
        #expect(run.stdout.contains("every sample delivered and verified"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any])
        #expect(json["delivery"] as? String == "coap-loopback")
        #expect(json["everySampleVerified"] as? Bool == true)
        #expect(json["storeDepthAtEnd"] as? Int == 0)
        let batched = try #require(json["samplesBatched"] as? Int)
        let delivery = try #require(json["deliveryCounters"] as? [String: Any])
        #expect(batched > 0 && delivery["samplesVerified"] as? Int == batched)
        #expect((json["peakRSSKiB"] as? Int ?? 0) > 0)
    }

    @Test func badOptionsAreOneLine() throws {
        let speed = try sensorgate("run", "--board", "Boards/sim-power-cut.yaml", "--speed", "fast")
        #expect(speed.status != 0)
        #expect(speed.stderr.contains("--speed must be realtime, max or a positive factor such as 10, not 'fast'"))
        let missing = try sensorgate("run", "--board", "Boards/no-such-board.yaml")
        #expect(missing.status == 1)
        #expect(missing.stderr == "sensorgate: Boards/no-such-board.yaml: no such board file\n")
        let upstream = try sensorgate(
            "run", "--board", "Boards/sim-power-cut.yaml", "--upstream", "coaps://192.0.2.1:5684/b")
        #expect(upstream.status == 1)
        #expect(
            upstream.stderr.hasPrefix(
                "sensorgate: --upstream coaps://192.0.2.1:5684/b: run delivers to mqtt://HOST:PORT, mqtts://HOST:PORT "
                    + "or coap://HOST:PORT/PATH"))
        let coapModem = try sensorgate(
            "run", "--board", "Boards/sim-power-cut.yaml", "--upstream", "coap://127.0.0.1:5683/b", "--modem", "bc66")
        #expect(coapModem.status == 1)
        #expect(coapModem.stderr.contains("run carries CoAP over the host's UDP only; a modem carries MQTT"))
    }

    @Test func logsAreQuietByDefaultAndStructuredJSONWhenAsked() throws {
        let dir = folder("log")
        defer { try? FileManager.default.removeItem(at: dir) }
        let quiet = try sensorgate(
            "run", "--board", "Boards/sim-power-cut.yaml", "--duration", "1s", "--state-dir",
            dir.appendingPathComponent("quiet").path)
        #expect(quiet.status == 0, "\(quiet.stderr)")
        // Notice and above only: where the batches go, nothing per batch or per connection.
        let lines = quiet.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(quiet.stderr)")
        #expect(lines.first?.hasPrefix("sensorgate: run: delivering over CoAP to a collector on 127.0.0.1:") == true)
        let json = try sensorgate(
            "run", "--board", "Boards/sim-power-cut.yaml", "--duration", "1s", "--state-dir",
            dir.appendingPathComponent("json").path, "--log-format", "json", "--log-level", "info")
        #expect(json.status == 0, "\(json.stderr)")
        let objects = try json.stderr.split(separator: "\n").map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
        #expect(!objects.isEmpty)
        #expect(objects.allSatisfy { ($0["ts"] as? String)?.hasSuffix("Z") == true && $0["level"] is String })
        #expect(
            objects.contains {
                $0["logger"] as? String == "sensorgate.run"
                    && ($0["msg"] as? String)?.hasPrefix("delivering over CoAP") == true
            })
        let bad = try sensorgate("run", "--board", "Boards/sim-power-cut.yaml", "--log-level", "loud")
        #expect(bad.status == 1)
        #expect(
            bad.stderr
                == "sensorgate: --log-level loud: not a level; use one of trace, debug, info, notice, warning, error, "
                + "critical\n")
    }
}
