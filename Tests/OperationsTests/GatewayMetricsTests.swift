// SensorGate — Operations tests: the metrics as a Prometheus scraper sees them, over real HTTP, parsed by
// the Prometheus project's own Python client (prometheus_client), which no one here wrote.

import Foundation
import Gateway
import Modem
import Operations
import Sampling
import Testing

@Suite struct GatewayMetricsTests {
    static func status(samples: Int, misses: Int, rounds: Int, depth: Int, linkUp: Bool) -> GatewayStatus {
        var imu = RateGroupReport(name: "imu", rateHz: 1000, trigger: "poll", sensors: ["imu"])
        imu.samples = samples
        imu.deadlineMisses = misses
        imu.latency.p99Nanoseconds = 42_000
        var pipeline = PipelineSnapshot()
        pipeline.rounds = rounds
        pipeline.storeDepth = depth
        pipeline.linkUp = linkUp
        pipeline.sealer.batches = rounds * 2
        pipeline.sealer.droppedSamples = ["not-stored-diskFull": 16]
        pipeline.deliveryStoreErrors = rounds / 2
        return GatewayStatus(
            simulated: .milliseconds(samples), total: .seconds(60), samples: samples, windows: rounds, groups: [imu],
            pipeline: pipeline)
    }

    @Test func countersCarryTotalsOnceAndGaugesTheLatestValue() {
        let metrics = GatewayMetrics()
        metrics.update(Self.status(samples: 1000, misses: 1, rounds: 3, depth: 7, linkUp: false))
        metrics.update(Self.status(samples: 2500, misses: 1, rounds: 5, depth: 2, linkUp: true))
        let text = metrics.exposition()
        #expect(text.contains(#"sensorgate_samples_total{group="imu"} 2500"#), "\(text)")
        #expect(text.contains(#"sensorgate_deadline_misses_total{group="imu"} 1"#))
        #expect(text.contains("sensorgate_batches_sealed_total 10"))
        #expect(text.contains(#"sensorgate_samples_dropped_total{reason="not-stored-diskFull"} 16"#))
        #expect(text.contains("sensorgate_store_depth_batches 2"))
        #expect(text.contains("sensorgate_uplink_up 1"))
        #expect(text.contains("sensorgate_delivery_store_errors_total 2"))
        #expect(text.contains(#"sensorgate_wakeup_latency_seconds{group="imu",quantile="0.99"} 4.2e-05"#))
    }

    @Test func theOrientationFiltersStatesAreGauges() {
        var status = Self.status(samples: 10, misses: 0, rounds: 1, depth: 0, linkUp: true)
        var edge = EdgeStatus()
        edge.hasFilterStates = true
        edge.gyroBiasRadps = [0.001, -0.002, 0.5]
        edge.gyroBiasSigmaRadps = 0.0001
        edge.atRest = true
        edge.magneticDisturbance = true
        edge.events = 3
        status.edge = edge
        let metrics = GatewayMetrics()
        metrics.update(status)
        let text = metrics.exposition()
        #expect(text.contains(#"sensorgate_fusion_gyro_bias_radps{axis="z"} 0.5"#), "\(text)")
        #expect(text.contains(#"sensorgate_fusion_gyro_bias_radps{axis="y"} -0.002"#))
        #expect(text.contains("sensorgate_fusion_gyro_bias_sigma_radps 0.0001"))
        #expect(text.contains("sensorgate_fusion_at_rest 1"))
        #expect(text.contains("sensorgate_fusion_acceleration_rejected 0"))
        #expect(text.contains("sensorgate_fusion_magnetic_disturbance 1"))
        #expect(text.contains("sensorgate_edge_events_total 3"))
    }

    @Test func theModemsStateSignalAndCountersAreExported() {
        var status = Self.status(samples: 10, misses: 0, rounds: 1, depth: 0, linkUp: true)
        var counters = ModemMetrics()
        counters.retries = 2
        counters.resets = 1
        counters.registrationLosses = 1
        counters.psmEntries = 4
        counters.bytesSent = 5_120
        status.pipeline.modem = ModemStatus(
            dialect: "bc66", state: .online, registered: true, contextUp: true,
            signal: SignalQuality(rssiDBm: -73, rsrpDBm: -96, rsrqDB: -10.5), counters: counters)
        let metrics = GatewayMetrics()
        metrics.update(status)
        // The module falls asleep: the state series move, the counters only grow.
        status.pipeline.modem?.state = .psm
        status.pipeline.modem?.contextUp = false
        status.pipeline.modem?.counters.psmEntries = 5
        metrics.update(status)
        let text = metrics.exposition()
        #expect(text.contains(#"sensorgate_modem_state{state="psm"} 1"#), "\(text)")
        #expect(text.contains(#"sensorgate_modem_state{state="online"} 0"#))
        #expect(text.contains(#"sensorgate_modem_state{state="failed"} 0"#))
        #expect(text.contains("sensorgate_modem_registered 1"))
        #expect(text.contains("sensorgate_modem_context_up 0"))
        #expect(text.contains("sensorgate_modem_rssi_dbm -73"))
        #expect(text.contains("sensorgate_modem_rsrp_dbm -96"))
        #expect(text.contains("sensorgate_modem_rsrq_db -10.5"))
        #expect(text.contains(#"sensorgate_modem_recoveries_total{step="retry"} 2"#))
        #expect(text.contains(#"sensorgate_modem_recoveries_total{step="reset"} 1"#))
        #expect(text.contains(#"sensorgate_modem_recoveries_total{step="power-cycle"} 0"#))
        #expect(text.contains("sensorgate_modem_registration_losses_total 1"))
        #expect(text.contains("sensorgate_modem_psm_entries_total 5"))
        #expect(text.contains("sensorgate_modem_bytes_sent_total 5120"))
    }

    @Test func noModemNoModemSeries() {
        let metrics = GatewayMetrics()
        metrics.update(Self.status(samples: 10, misses: 0, rounds: 1, depth: 0, linkUp: true))
        #expect(!metrics.exposition().contains("sensorgate_modem_"))
    }

    @Test func aScraperParsesWhatTheServerServes() throws {
        let metrics = GatewayMetrics()
        metrics.update(Self.status(samples: 1234, misses: 0, rounds: 9, depth: 4, linkUp: true))
        let server = try MetricsHTTPServer(host: "127.0.0.1", port: 0, registry: metrics.registry)
        defer { server.stop() }
        let script = """
            import sys, urllib.request, urllib.error
            from prometheus_client.parser import text_string_to_metric_families
            base = "http://127.0.0.1:%s" % sys.argv[1]
            with urllib.request.urlopen(base + "/metrics") as response:
                assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4"), response.headers
                text = response.read().decode()
            values = {}
            for family in text_string_to_metric_families(text):
                for sample in family.samples:
                    values[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
            print(float(values[("sensorgate_samples_total", (("group", "imu"),))]))
            print(float(values[("sensorgate_store_depth_batches", ())]))
            try:
                urllib.request.urlopen(base + "/other")
            except urllib.error.HTTPError as error:
                print(error.code)
            """
        let output = try runPython(script, arguments: [String(server.port)])
        #expect(output.split(separator: "\n") == ["1234.0", "4.0", "404"], "\(output)")
    }
}

/// Runs a Python 3 script and returns its standard output; fails with its standard error.
func runPython(_ script: String, arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw PythonFailure(
            description: "python3 exited \(process.terminationStatus): \(String(decoding: errors, as: UTF8.self)) "
                + "(Scripts/setup installs prometheus-client)")
    }
    return String(decoding: data, as: UTF8.self)
}

/// A Python check that failed.
struct PythonFailure: Error, CustomStringConvertible {
    let description: String
}
