// SensorGate — sensorgate bench modbus: the sampler's real wake-up latency beside a Modbus TCP server,
// without and with clients polling it, in one process and one run.

import Board
import Drivers
import Foundation
import Gateway
import HAL
import HALLinux
import Modbus
import Sampling

/// One phase of the Modbus load benchmark: the sampler's groups and the server's requests meanwhile.
struct ModbusLoadPhase: Codable {
    /// `alone` or `loaded`.
    var name: String
    /// Wall seconds the sampler ran.
    var seconds: Double
    /// Requests the server answered during the phase, and exceptions.
    var requests: Int
    /// Exception responses during the phase.
    var exceptions: Int
    /// Frames the server closed connections for during the phase.
    var malformedFrames: Int
    /// Per rate group: samples, misses, wake-up latency.
    var groups: [RateGroupReport]
}

/// Runs the benchmark: a real-time sampler (RealTimebase on CLOCK_MONOTONIC) whose readings feed the
/// Modbus TCP server's table through the publisher, in the same process as the server; first alone,
/// then, once clients have started polling, loaded, each for the same time.
enum ModbusLoadBenchmark {

    /// - Parameters:
    ///   - service: the server and publisher (the reference board's map).
    ///   - rates: the groups' rates.
    ///   - phase: each phase's length.
    ///   - waitForLoad: called between the phases; returns once the clients are polling.
    static func run(
        service: ModbusService, rates: [SamplingRate], phase: Duration, waitForLoad: () throws -> Void
    ) throws -> [ModbusLoadPhase] {
        let clock = LinuxMonotonicClock()
        var phases: [ModbusLoadPhase] = []
        for name in ["alone", "loaded"] {
            if name == "loaded" { try waitForLoad() }
            let groups = rates.enumerated().map { index, rate in
                RateGroupDefinition(
                    name: "group-\(index + 1) \(rate.hertz) Hz", rate: rate,
                    sensors: [
                        SampledSensor(
                            label: "barometer",
                            driver: NullSensor(clock: clock, values: [.pressurePa: [101_325], .temperatureC: [20]]))
                    ])
            }
            let counters = service.server.counters
            let before = (counters[.requests], counters[.exceptions], counters[.malformedFrames])
            let sink = CountingSink()
            let scheduler = SamplingScheduler(
                groups: groups, timebase: RealTimebase(clock: clock), sink: TeeSink(sink, service.publisher))
            let start = clock.now() + .milliseconds(10)
            scheduler.start(at: start)
            try scheduler.run(until: start + phase)
            phases.append(
                ModbusLoadPhase(
                    name: name, seconds: Double(phase.nanoseconds) / 1e9,
                    requests: counters[.requests] - before.0, exceptions: counters[.exceptions] - before.1,
                    malformedFrames: counters[.malformedFrames] - before.2, groups: scheduler.reports))
        }
        return phases
    }

    /// Waits until the server has answered `requests` more requests than now (the clients are polling),
    /// checking every 10 ms, for at most `limit`.
    static func waitForRequests(_ service: ModbusService, requests: Int, limit: Duration) throws {
        let clock = LinuxMonotonicClock()
        let base = service.server.counters[.requests]
        let end = clock.now() + limit
        while service.server.counters[.requests] - base < requests {
            guard clock.now() < end else { throw Failure("no Modbus load arrived within \(limit)") }
            try clock.sleep(until: clock.now() + .milliseconds(10))
        }
    }

    /// The phases side by side, latencies in µs, with the ratio loaded / alone.
    static func text(_ phases: [ModbusLoadPhase]) -> String {
        guard phases.count == 2 else { return "" }
        var lines: [String] = []
        for phase in phases {
            lines.append(
                String(
                    format: "%@: %.0f s, %d Modbus requests answered (%.0f/s), %d exceptions, %d malformed",
                    phase.name, phase.seconds, phase.requests, Double(phase.requests) / phase.seconds, phase.exceptions,
                    phase.malformedFrames))
        }
        lines.append(
            "group                  samples alone/loaded  misses  p50 µs         p99 µs         p99.9 µs       max µs")
        for (alone, loaded) in zip(phases[0].groups, phases[1].groups) {
            func cell(_ a: UInt64, _ b: UInt64) -> String {
                String(format: "%.0f/%.0f ×%.2f", Double(a) / 1e3, Double(b) / 1e3, a == 0 ? 0 : Double(b) / Double(a))
            }
            let a = alone.latency
            let b = loaded.latency
            lines.append(
                "\(alone.name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(alone.samples)/\(loaded.samples)"
                    + "  \(alone.deadlineMisses)/\(loaded.deadlineMisses)  \(cell(a.p50Nanoseconds, b.p50Nanoseconds))"
                    + "  \(cell(a.p99Nanoseconds, b.p99Nanoseconds))  \(cell(a.p999Nanoseconds, b.p999Nanoseconds))"
                    + "  \(cell(a.maxNanoseconds, b.maxNanoseconds))")
        }
        return lines.joined(separator: "\n")
    }
}
