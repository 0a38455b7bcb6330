// SensorGate — SamplingTests: a scripted sensor on the virtual clock.

import Drivers
import HAL
import HALSim
import Sampling

/// A sensor whose reads cost scripted virtual time and fail in scripted windows.
final class FakeSensor: SensorDriver {
    let part = "FAKE"
    let location: String
    let outputDataRateHz: Double? = nil
    let clock: VirtualClock
    /// Virtual time each read takes, by read number (from 0); default none.
    var readCost: (Int) -> Duration = { _ in .zero }
    /// Whether the chip answers at an instant.
    var answers: (MonotonicInstant) -> Bool = { _ in true }
    private(set) var reads = 0
    private(set) var bringUps = 0

    init(location: String, clock: VirtualClock) {
        self.location = location
        self.clock = clock
    }

    func bringUp() throws(DriverError) {
        bringUps += 1
        guard answers(clock.now()) else { throw nack() }
    }

    func read() throws(DriverError) -> SensorReading {
        let cost = readCost(reads)
        reads += 1
        guard answers(clock.now()) else { throw nack() }
        let measured = clock.now()
        clock.advance(by: cost)
        return SensorReading(timestamp: measured, values: [.temperatureC: [20]], raw: [.adc: [Int64(reads)]])
    }

    private func nack() -> DriverError {
        DriverError(
            chip: part, location: location,
            reason: .bus(HALError(.noAcknowledge(.address), device: location, operation: "read")))
    }
}

/// Collects what the sampler hands on.
final class CollectingSink: SampleSink {
    private(set) var readings: [String: [SensorReading]] = [:]
    private(set) var gaps: [String: [(at: MonotonicInstant, count: Int)]] = [:]
    /// Count only (for long runs).
    var keep = true
    private(set) var counts: [String: Int] = [:]
    private(set) var lastTimestamp: [String: MonotonicInstant] = [:]

    func deliver(_ reading: SensorReading, from sensor: SensorTag) {
        counts[sensor.label, default: 0] += 1
        lastTimestamp[sensor.label] = reading.timestamp
        if keep { readings[sensor.label, default: []].append(reading) }
    }

    func missing(from sensor: SensorTag, at instant: MonotonicInstant, count: Int) {
        gaps[sensor.label, default: []].append((instant, count))
    }

    func missingCount(_ label: String) -> Int { gaps[label, default: []].reduce(0) { $0 + $1.count } }
}
