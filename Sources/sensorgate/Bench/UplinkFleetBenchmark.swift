// SensorGate — sensorgate bench uplink: how many gateways' uplinks one process keeps in real time.

import Foundation
import HAL
import HALLinux
import Uplink

/// One stream's batch as a gateway of the fleet publishes it, every `interval`.
struct FleetEnvelope {
    var stream: String
    var payload: [UInt8]
    var interval: Duration
}

/// The result of running `gateways` MQTT uplinks against one broker in real time.
struct UplinkFleetResult: Codable {
    var broker: String
    var gateways: Int
    var wallS: Double
    /// Streams each gateway publishes, each at its own batch interval.
    var streamsPerGateway: Int
    /// Batches per second over the whole fleet, and envelope bytes per second.
    var batchesPerS: Double
    var envelopeBytesPerS: Double
    /// Publishes that fell due during the run, and how many the broker acknowledged.
    var due: Int
    var acknowledged: Int
    /// Acknowledgement lag after the due time, ms.
    var lagP50Ms: Double
    var lagP99Ms: Double
    var lagMaxMs: Double
    /// Connections the broker accepted, and lost.
    var connects: Int
    var losses: Int
    /// CPU seconds of this process (user + system) over the run, and per real second.
    var cpuS: Double
    var cpuShare: Double
    /// Every due publish acknowledged, the 99th percentile lag under one second.
    var realTime: Bool
}

/// `gateways` MQTT connections in one thread, each publishing its streams' envelopes every batch
/// interval at its own phase, the way `sensorgate run` does at the default interval.
enum UplinkFleetBenchmark {
    static func run(
        broker: MQTTBrokerURL, gateways: Int, duration: Duration, envelopes: [FleetEnvelope]
    ) throws -> UplinkFleetResult {
        let batchInterval = envelopes.map(\.interval).min() ?? .seconds(10)
        let clock = LinuxMonotonicClock()
        var connections: [MQTTConnection] = []
        var phases: [Duration] = []
        for index in 0..<gateways {
            var settings = MQTTSettings(deviceID: String(format: "bench-gw-%05d", index))
            settings.cleanSession = true
            settings.reconnectInitialDelay = .milliseconds(200)
            settings.reconnectMaxDelay = .seconds(2)
            settings.seed = UInt64(index + 1)
            settings.inFlightWindow = max(8, envelopes.count)
            let client = try MQTTClient(settings: settings)
            connections.append(
                MQTTConnection(client: client, clock: clock) { () throws(MQTTError) -> any ByteStream in
                    try TCPStream(host: broker.host, port: broker.port, timeout: .seconds(10))
                })
            // Phases spread evenly over the interval, as a fleet's boot times are.
            phases.append(.nanoseconds(batchInterval.nanoseconds * Int64(index) / Int64(max(gateways, 1))))
        }
        var connects = 0
        var losses = 0
        var dueAt: [UInt64: MonotonicInstant] = [:]
        var lags: [Double] = []
        // Connect everyone first (not timed: a fleet connects once and stays connected).
        let connectDeadline = clock.now() + .seconds(120)
        while connects < gateways && clock.now() < connectDeadline {
            for connection in connections where connection.client.state != .connected {
                for event in connection.step(maxWait: .zero) {
                    if case .connected = event { connects += 1 }
                }
            }
        }
        let startCPU = cpuSeconds()
        let start = clock.now()
        let end = start + duration
        // Per gateway and stream: the number of the next batch.
        var nextBatch = [[Int64]](repeating: [Int64](repeating: 0, count: envelopes.count), count: gateways)
        var due = 0
        var tag: UInt64 = 0
        while clock.now() < end || (!dueAt.isEmpty && clock.now() < end + .seconds(10)) {
            var busy = false
            for (index, connection) in connections.enumerated() {
                let now = clock.now()
                for (stream, envelope) in envelopes.enumerated() {
                    let dueTime =
                        start
                        + .nanoseconds(
                            phases[index].nanoseconds % envelope.interval.nanoseconds + envelope.interval.nanoseconds
                                * nextBatch[index][stream])
                    guard dueTime <= now && dueTime < end else { continue }
                    nextBatch[index][stream] += 1
                    tag += 1
                    due += 1
                    dueAt[tag] = dueTime
                    _ = try? connection.publish(
                        topic: "sensorgate/\(connection.client.settings.deviceID)/\(envelope.stream)",
                        payload: envelope.payload, tag: tag)
                    busy = true
                }
                for event in connection.step(maxWait: .zero) {
                    busy = true
                    switch event {
                    case .published(_, let acked):
                        if let at = dueAt.removeValue(forKey: acked) {
                            lags.append(Double((clock.now() - at).nanoseconds) / 1e6)
                        }
                    case .connected: connects += 1
                    case .disconnected: losses += 1
                    default: break
                    }
                }
            }
            if !busy { try? clock.sleep(until: clock.now() + .milliseconds(1)) }
        }
        let wall = Double((clock.now() - start).nanoseconds) / 1e9
        let cpu = cpuSeconds() - startCPU
        for connection in connections { connection.disconnect() }
        lags.sort()
        func percentile(_ p: Double) -> Double {
            lags.isEmpty ? 0 : lags[min(lags.count - 1, Int(Double(lags.count) * p))]
        }
        let p99 = percentile(0.99)
        let perGatewayPerS = envelopes.reduce(0.0) { $0 + 1e9 / Double($1.interval.nanoseconds) }
        let bytesPerGatewayPerS = envelopes.reduce(0.0) {
            $0 + Double($1.payload.count) * 1e9 / Double($1.interval.nanoseconds)
        }
        return UplinkFleetResult(
            broker: broker.description, gateways: gateways, wallS: wall, streamsPerGateway: envelopes.count,
            batchesPerS: perGatewayPerS * Double(gateways), envelopeBytesPerS: bytesPerGatewayPerS * Double(gateways),
            due: due, acknowledged: lags.count,
            lagP50Ms: percentile(0.5), lagP99Ms: p99, lagMaxMs: lags.last ?? 0, connects: connects, losses: losses,
            cpuS: cpu, cpuShare: cpu / max(wall, 1e-9), realTime: lags.count == due && p99 < 1000)
    }

    /// User + system CPU seconds of this process.
    private static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
