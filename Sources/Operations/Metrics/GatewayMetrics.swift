// SensorGate — Operations: the gateway's metrics, through swift-metrics into a Prometheus registry.

import CoreMetrics
import Gateway
import Modem
import Prometheus
import Sampling

/// The runtime's metrics: the sampler per rate group, the sealing stage, the store, the uplink, the
/// cellular module and the watchdog, updated from each ``GatewayStatus`` and exposed in Prometheus
/// text format by ``MetricsHTTPServer`` (docs/operations.md lists every name).
///
/// Counters take the increase since the previous status, so they are true Prometheus counters. Update
/// from one thread (the run's status callback); ``registry`` is safe to read from any thread.
public final class GatewayMetrics {
    /// The registry the metrics live in; ``MetricsHTTPServer`` emits it.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private var counters: [String: CoreMetrics.Counter] = [:]
    private var gauges: [String: CoreMetrics.Gauge] = [:]
    private var last: [String: Int] = [:]

    /// Metrics in a registry of their own (one per gateway process, or per test).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        factory = PrometheusMetricsFactory(registry: registry)
    }

    /// Updates every metric from `status`.
    public func update(_ status: GatewayStatus) {
        gauge("sensorgate_simulated_seconds", Double(status.simulated.components.seconds))
        for group in status.groups {
            let labels = [("group", group.name)]
            count("sensorgate_samples_total", labels, group.samples)
            count("sensorgate_samples_missing_total", labels, group.missingSamples)
            count("sensorgate_deadline_misses_total", labels, group.deadlineMisses)
            count("sensorgate_overruns_total", labels, group.overruns)
            count("sensorgate_skipped_samples_total", labels, group.skippedSamples)
            count("sensorgate_bus_errors_total", labels, group.busErrors)
            count("sensorgate_sensor_errors_total", labels, group.sensorErrors)
            count("sensorgate_fifo_overflows_total", labels, group.fifoOverflows)
            count("sensorgate_sensor_recoveries_total", labels, group.recoveries)
            gauge("sensorgate_rate_hz", group.rateHz, labels)
            let latency = group.latency
            for (quantile, nanoseconds) in [
                ("0.5", latency.p50Nanoseconds), ("0.99", latency.p99Nanoseconds),
                ("0.999", latency.p999Nanoseconds), ("1", latency.maxNanoseconds),
            ] {
                gauge(
                    "sensorgate_wakeup_latency_seconds", Double(nanoseconds) / 1e9,
                    labels + [("quantile", quantile)])
            }
        }
        for line in status.modbusRTU {
            for (name, value) in line.counts {
                count("sensorgate_modbus_rtu_\(name)_total", [("line", line.line)], value)
            }
        }
        if let edge = status.edge {
            count("sensorgate_edge_events_total", [], edge.events)
            if edge.hasFilterStates {
                for (axis, bias) in zip(["x", "y", "z"], edge.gyroBiasRadps) {
                    gauge("sensorgate_fusion_gyro_bias_radps", bias, [("axis", axis)])
                }
                gauge("sensorgate_fusion_gyro_bias_sigma_radps", edge.gyroBiasSigmaRadps)
                gauge("sensorgate_fusion_at_rest", edge.atRest ? 1 : 0)
                gauge("sensorgate_fusion_acceleration_rejected", edge.accelerationRejected ? 1 : 0)
                gauge("sensorgate_fusion_magnetic_disturbance", edge.magneticDisturbance ? 1 : 0)
            }
        }
        let pipeline = status.pipeline
        count("sensorgate_pipeline_rounds_total", [], pipeline.rounds)
        count("sensorgate_batches_sealed_total", [], pipeline.sealer.batches)
        count("sensorgate_schemas_sealed_total", [], pipeline.sealer.schemas)
        count("sensorgate_samples_sealed_total", [], pipeline.sealer.samples)
        count("sensorgate_codec_bytes_total", [], pipeline.sealer.payloadBytes)
        count("sensorgate_envelope_bytes_total", [], pipeline.sealer.envelopeBytes)
        for (reason, samples) in pipeline.sealer.droppedSamples {
            count("sensorgate_samples_dropped_total", [("reason", reason)], samples)
        }
        gauge("sensorgate_store_depth_batches", Double(pipeline.storeDepth))
        gauge("sensorgate_store_bytes", Double(pipeline.storeBytes))
        count("sensorgate_uplink_envelopes_total", [], pipeline.delivery.envelopes)
        count("sensorgate_uplink_bytes_total", [], pipeline.delivery.bytes)
        count("sensorgate_uplink_failures_total", [], pipeline.delivery.failures)
        count("sensorgate_uplink_rejected_total", [], pipeline.delivery.rejected)
        count("sensorgate_delivery_store_errors_total", [], pipeline.deliveryStoreErrors)
        gauge("sensorgate_uplink_up", pipeline.linkUp ? 1 : 0)
        count("sensorgate_drop_notices_total", [], pipeline.dropNotices.notices)
        count("sensorgate_batches_reported_dropped_total", [], pipeline.dropNotices.batchesReported)
        if let modem = pipeline.modem { update(modem) }
    }

    /// Updates the cellular module's metrics: its state (one series per state, 1 for the current one),
    /// registration, data context, the last signal reading, and its driver's counters.
    private func update(_ modem: ModemStatus) {
        for state in ModemState.allCases {
            gauge("sensorgate_modem_state", modem.state == state ? 1 : 0, [("state", state.rawValue)])
        }
        gauge("sensorgate_modem_registered", modem.registered ? 1 : 0)
        gauge("sensorgate_modem_context_up", modem.contextUp ? 1 : 0)
        if let rssi = modem.signal?.rssiDBm { gauge("sensorgate_modem_rssi_dbm", Double(rssi)) }
        if let rsrp = modem.signal?.rsrpDBm { gauge("sensorgate_modem_rsrp_dbm", Double(rsrp)) }
        if let rsrq = modem.signal?.rsrqDB { gauge("sensorgate_modem_rsrq_db", rsrq) }
        let counters = modem.counters
        for (step, total) in [
            ("retry", counters.retries), ("reattach", counters.reattaches),
            ("cfun-cycle", counters.functionalityCycles), ("reset", counters.resets),
            ("power-cycle", counters.powerCycles),
        ] {
            count("sensorgate_modem_recoveries_total", [("step", step)], total)
        }
        count("sensorgate_modem_unexpected_reboots_total", [], counters.unexpectedReboots)
        count("sensorgate_modem_registration_losses_total", [], counters.registrationLosses)
        count("sensorgate_modem_context_losses_total", [], counters.contextLosses)
        count("sensorgate_modem_link_failures_total", [], counters.linkFailures)
        count("sensorgate_modem_command_timeouts_total", [], counters.commandTimeouts)
        count("sensorgate_modem_psm_entries_total", [], counters.psmEntries)
        count("sensorgate_modem_psm_wakeups_total", [], counters.psmWakeUps)
        count("sensorgate_modem_bytes_sent_total", [], counters.bytesSent)
        count("sensorgate_modem_bytes_received_total", [], counters.bytesReceived)
    }

    /// Updates the watchdog keeper's metrics.
    public func update(_ keeper: WatchdogKeeper.Counters) {
        count("sensorgate_watchdog_kicks_total", [], keeper.kicks)
        count("sensorgate_watchdog_withheld_total", [], keeper.withheld)
        count("sensorgate_watchdog_errors_total", [], keeper.errors)
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> String { registry.emitToString() }

    private func count(_ name: String, _ labels: [(String, String)], _ total: Int) {
        let key = Self.key(name, labels)
        let counter = made(key, in: &counters) {
            CoreMetrics.Counter(label: name, dimensions: labels, factory: factory)
        }
        let increase = total - (last[key] ?? 0)
        if increase > 0 { counter.increment(by: increase) }
        last[key] = max(total, last[key] ?? 0)
    }

    private func gauge(_ name: String, _ value: Double, _ labels: [(String, String)] = []) {
        let key = Self.key(name, labels)
        made(key, in: &gauges) { CoreMetrics.Gauge(label: name, dimensions: labels, factory: factory) }.record(value)
    }

    /// The metric under `key`, made on first use.
    private func made<Metric>(_ key: String, in table: inout [String: Metric], _ make: () -> Metric) -> Metric {
        if let metric = table[key] { return metric }
        let metric = make()
        table[key] = metric
        return metric
    }

    private static func key(_ name: String, _ labels: [(String, String)]) -> String {
        name + labels.map { "|\($0.0)=\($0.1)" }.joined()
    }
}
