// SensorGate — HIL: what the sampler produced, second by second, and its traces against the truth.

import Board
import Drivers
import HAL
import Sampling
import SensorMath
import World

/// Sees every reading and missing-sample report of a run (on the sampling thread): counts them per
/// device and second for the end-to-end accounting, and keeps thinned traces against the world's truth.
/// The orientation, altitude and alarm checks do not look here: they judge the gateway's own derived
/// streams as the upstream decoded them (``DeliveredEdge``). One observer spans every restart.
final class RunObserver: SampleSink {
    /// A thinned trace of one device's quantity: measured components, then the truth's.
    struct Trace: Sendable {
        var device: String
        var quantity: Quantity
        var series: Series
    }

    let labels: [String]
    /// Each device's axes relative to the body.
    let axes: [Quaternion]
    /// What the upstream must receive, per device (board order) and second: readings and missing
    /// samples; for a device with `processing:` chains, the rows they reported instead of its readings.
    private(set) var produced: [[Int]]
    /// Devices whose stream carries the rows of their `processing:` chains (report by exception).
    private let processed: Set<Int>
    /// Missing samples the sampler reported, per device.
    private(set) var missing: [Int]
    /// Readings, per device.
    private(set) var readings: [Int]
    private(set) var traces: [String: Trace] = [:]
    var stimuli: [String: DeviceStimulus] = [:]
    private let indexOfLabel: [String: Int]
    private let stepS: Double
    private var nextTraceS: [Double]

    init(board: BoardDescription, duration: Duration, stepS: Double) {
        labels = board.devices.map(\.label)
        axes = board.devices.map(\.axes)
        var index: [String: Int] = [:]
        for (position, label) in labels.enumerated() { index[label] = position }
        indexOfLabel = index
        processed = Set(board.devices.indices.filter { !board.devices[$0].processing.isEmpty })
        let seconds = Int(duration.nanoseconds / 1_000_000_000) + 2
        produced = Array(repeating: Array(repeating: 0, count: seconds), count: labels.count)
        missing = Array(repeating: 0, count: labels.count)
        readings = Array(repeating: 0, count: labels.count)
        nextTraceS = Array(repeating: -Double.infinity, count: labels.count)
        self.stepS = stepS
    }

    func deliver(_ reading: SensorReading, from sensor: SensorTag) {
        guard let device = indexOfLabel[sensor.label] else { return }
        let t = Double(reading.timestamp.nanoseconds) / 1e9
        if !processed.contains(device) { count(device, at: t, 1) }
        readings[device] += 1
        if t >= nextTraceS[device] {
            trace(sensor.label, reading, at: t)
            nextTraceS[device] = (t / stepS).rounded(.down) * stepS + stepS
        }
    }

    /// A row a device's `processing:` chains reported (the gateway's `processedRow` hook).
    func reported(_ label: String, at instant: MonotonicInstant) {
        guard let device = indexOfLabel[label] else { return }
        count(device, at: Double(instant.nanoseconds) / 1e9, 1)
    }

    func missing(from sensor: SensorTag, at instant: MonotonicInstant, count samples: Int) {
        guard let device = indexOfLabel[sensor.label] else { return }
        count(device, at: Double(instant.nanoseconds) / 1e9, samples)
        missing[device] += samples
    }

    private func count(_ device: Int, at t: Double, _ samples: Int) {
        let second = min(max(Int(t), 0), produced[device].count - 1)
        produced[device][second] += samples
    }

    private func trace(_ label: String, _ reading: SensorReading, at t: Double) {
        for (quantity, values) in reading.values {
            let key = "\(label) \(quantity.rawValue)"
            var trace = traces[key] ?? Trace(device: label, quantity: quantity, series: Series(stepS: stepS))
            guard trace.series.wants(t) else { continue }
            let truth = stimuli[label]?.physical(quantity, at: t) ?? []
            trace.series.add(t, Array(values) + truth)
            traces[key] = trace
        }
    }
}
