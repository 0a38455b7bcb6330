// SensorGate — Gateway: one sampler output to two sinks (the batcher, and an observer: HIL, Modbus).

import Drivers
import HAL
import Sampling

/// Hands every reading and missing-sample report to the batcher first, then to an observer.
final class TeeSink: SampleSink {
    let first: any SampleSink
    let second: any SampleSink

    init(_ first: any SampleSink, _ second: any SampleSink) {
        self.first = first
        self.second = second
    }

    func deliver(_ reading: SensorReading, from sensor: SensorTag) {
        first.deliver(reading, from: sensor)
        second.deliver(reading, from: sensor)
    }

    func missing(from sensor: SensorTag, at instant: MonotonicInstant, count: Int) {
        first.missing(from: sensor, at: instant, count: count)
        second.missing(from: sensor, at: instant, count: count)
    }
}
