// SensorGate — sensorgate bench sampling: the sampler in real time on this machine, or a simulated
// board in virtual time.

import Board
import Drivers
import Foundation
import HAL
import HALLinux
import Sampling

/// Counts what the sampler delivers, without keeping it.
final class CountingSink: SampleSink {
    private(set) var readings = 0
    private(set) var missing = 0
    private(set) var lastTimestamp: MonotonicInstant?

    func deliver(_ reading: SensorReading, from sensor: SensorTag) {
        readings += 1
        lastTimestamp = reading.timestamp
    }

    func missing(from sensor: SensorTag, at instant: MonotonicInstant, count: Int) { missing += count }
}

/// A sensor that reads constant values (by default nothing): the real-time benchmarks measure the
/// scheduler's own wake-ups and what consumes the readings, not a bus.
final class NullSensor: SensorDriver {
    let part = "none"
    let location = "bench"
    let outputDataRateHz: Double? = nil
    let clock: any MonotonicClock
    let values: QuantityValues
    init(clock: any MonotonicClock, values: QuantityValues = QuantityValues()) {
        self.clock = clock
        self.values = values
    }
    func bringUp() throws(DriverError) {}
    func read() throws(DriverError) -> SensorReading {
        SensorReading(timestamp: clock.now(), values: values)
    }
}

/// The result of one sampling benchmark.
struct SamplingBenchResult: Codable {
    /// `realtime` or `virtual`.
    var mode: String
    /// Simulated (virtual) or wall (real-time) seconds covered.
    var durationS: Double
    /// Wall-clock seconds the run took.
    var wallS: Double
    /// Virtual seconds per wall second (virtual mode).
    var simulatedToWallRatio: Double?
    /// Wall nanoseconds per sample delivered.
    var nanosecondsPerSample: Double
    /// Samples delivered, and reported missing.
    var samples: Int
    var missingSamples: Int
    /// Real time: the last deadline served minus start + n × period computed independently (0: no drift).
    var driftNanoseconds: Int64?
    /// Per rate group.
    var groups: [RateGroupReport]
    /// Real time: the wake-up latencies as `[µs, count]` pairs (cyclictest's `-h` buckets), so that
    /// Scripts/bench-sampling can add up rounds that alternate with cyclictest.
    var latencyHistogramUs: [[UInt64]]?
}

enum SamplingBenchmark {
    /// The scheduler alone at `rate` on CLOCK_MONOTONIC for `duration`.
    static func realTime(rate: SamplingRate, duration: Duration) throws -> SamplingBenchResult {
        let clock = LinuxMonotonicClock()
        let sink = CountingSink()
        let group = RateGroupDefinition(
            name: "bench", rate: rate, sensors: [SampledSensor(label: "bench", driver: NullSensor(clock: clock))])
        let scheduler = SamplingScheduler(groups: [group], timebase: RealTimebase(clock: clock), sink: sink)
        let wallStart = clock.now()
        scheduler.start(at: wallStart + .milliseconds(10))
        let start = scheduler.startInstant ?? wallStart
        try scheduler.run(until: start + duration)
        let wall = clock.now() - wallStart
        let reports = scheduler.reports
        let served = Int64(reports[0].samples + reports[0].skippedSamples - 1)
        // The last deadline recomputed from the rate alone, in floating point (exact below 2⁵³ ns, about
        // 104 days), independently of SamplingRate's 128-bit integer arithmetic.
        let expected = start.nanoseconds + Int64((Double(served) * 1e12 / Double(rate.milliHertz)).rounded(.down))
        let drift = scheduler.lastServedDeadline.map { $0.nanoseconds - expected }
        return SamplingBenchResult(
            mode: "realtime", durationS: seconds(duration), wallS: seconds(wall), simulatedToWallRatio: nil,
            nanosecondsPerSample: Double(wall.nanoseconds) / Double(max(sink.readings, 1)), samples: sink.readings,
            missingSamples: sink.missing, driftNanoseconds: drift, groups: reports,
            latencyHistogramUs: scheduler.latencyMicrosecondCounts["bench"])
    }

    /// A simulated board in virtual time, as fast as the CPU allows.
    static func virtual(board path: String, duration: Duration) throws -> SamplingBenchResult {
        let description = try BoardLoader.load(path: path)
        let bound = BoardBinder(backend: nil).bind(description)
        guard bound.isFullySimulated else {
            throw Failure("\(path): --virtual needs a board whose buses are all simulated (sim:)")
        }
        let sink = CountingSink()
        let scheduler = SamplingScheduler(
            groups: try bound.samplingGroups(), timebase: bound.virtualTimebase(), sink: sink)
        let wallClock = LinuxMonotonicClock()
        let wallStart = wallClock.now()
        scheduler.start()
        let start = scheduler.startInstant ?? bound.clock.now()
        try scheduler.run(until: start + duration)
        let wall = wallClock.now() - wallStart
        let simulated = bound.clock.now() - start
        return SamplingBenchResult(
            mode: "virtual", durationS: seconds(simulated), wallS: seconds(wall),
            simulatedToWallRatio: seconds(simulated) / max(seconds(wall), 1e-9),
            nanosecondsPerSample: Double(wall.nanoseconds) / Double(max(sink.readings, 1)), samples: sink.readings,
            missingSamples: sink.missing, driftNanoseconds: nil, groups: scheduler.reports, latencyHistogramUs: nil)
    }

    static func seconds(_ duration: Duration) -> Double { Double(duration.nanoseconds) / 1e9 }
}

extension SamplingBenchmark {
    /// The result as a table, latencies in microseconds.
    static func text(_ result: SamplingBenchResult) -> String {
        var lines: [String] = []
        if let ratio = result.simulatedToWallRatio {
            lines.append(
                String(
                    format:
                        "virtual: %.1f s simulated in %.2f s wall: %.0f× real time, %.0f ns per sample (%d samples)",
                    result.durationS, result.wallS, ratio, result.nanosecondsPerSample, result.samples))
        } else {
            lines.append(
                String(
                    format: "realtime: %.1f s, %d samples, drift %lld ns", result.durationS, result.samples,
                    result.driftNanoseconds ?? 0))
        }
        lines.append(
            "group                            rate Hz  samples  missing  misses  overruns  p50 µs  p99 µs  p99.9 µs  max µs"
        )
        for group in result.groups {
            let latency = group.latency
            lines.append(
                String(
                    format: "%@ %7.1f %8d %8d %7d %9d %7.1f %7.1f %9.1f %7.1f", pad(group.name, 32), group.rateHz,
                    group.samples, group.missingSamples, group.deadlineMisses, group.overruns,
                    Double(latency.p50Nanoseconds) / 1e3, Double(latency.p99Nanoseconds) / 1e3,
                    Double(latency.p999Nanoseconds) / 1e3, Double(latency.maxNanoseconds) / 1e3))
        }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
