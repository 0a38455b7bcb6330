// SensorGate — Gateway: one sampler output to two sinks (the batcher, and an observer: HIL, Modbus).

import Drivers
import HAL
import Sampling

/// Hands every reading and missing-sample report to one sink first (the batcher), then to another (an
/// observer, the edge stage, a benchmark's publisher).
public final class TeeSink: SampleSinkCommands {
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

    /// Delivers a drain's readings to both, in order.
    public func deliver(contentsOf readings: UnsafeBufferPointer<SensorReading>, from sensor: SensorTag) {
        first.deliver(contentsOf: readings, from: sensor)
        second.deliver(contentsOf: readings, from: sensor)
    }

    /// Reports the missing samples to both, in order.
    public func missing(from sensor: SensorTag, at instant: MonotonicInstant, count: Int) {
        first.missing(from: sensor, at: instant, count: count)
        second.missing(from: sensor, at: instant, count: count)
    }

    /// Tells both of a live rate change, where they listen for one.
    public func rateChanged(group: Int, to rate: SamplingRate, at instant: MonotonicInstant) {
        (first as? any SampleSinkCommands)?.rateChanged(group: group, to: rate, at: instant)
        (second as? any SampleSinkCommands)?.rateChanged(group: group, to: rate, at: instant)
    }

    /// Hands a requested reading to the sinks that take them (the batcher); observers see only the
    /// scheduled readings.
    public func deliverRequested(_ reading: SensorReading, from sensor: SensorTag) {
        (first as? any SampleSinkCommands)?.deliverRequested(reading, from: sensor)
        (second as? any SampleSinkCommands)?.deliverRequested(reading, from: sensor)
    }
}
