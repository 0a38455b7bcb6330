// SensorGate — Gateway: one sampler output to two sinks (the batcher, and an observer: HIL, Modbus).

import Drivers
import HAL
import Sampling

/// Hands every reading and missing-sample report to one sink first (the batcher), then to another (an
/// observer, the edge stage, a benchmark's publisher).
public final class TeeSink: SampleSink {
    /// The sink served first.
    public let first: any SampleSink
    /// The sink served second.
    public let second: any SampleSink

    /// Joins two sinks.
    /// - Parameters:
    ///   - first: served first.
    ///   - second: served second.
    public init(_ first: any SampleSink, _ second: any SampleSink) {
        self.first = first
        self.second = second
    }

    /// Delivers `reading` to both, in order.
    public func deliver(_ reading: SensorReading, from sensor: SensorTag) {
        first.deliver(reading, from: sensor)
        second.deliver(reading, from: sensor)
    }

    /// Reports the missing samples to both, in order.
    public func missing(from sensor: SensorTag, at instant: MonotonicInstant, count: Int) {
        first.missing(from: sensor, at: instant, count: count)
        second.missing(from: sensor, at: instant, count: count)
    }
}
