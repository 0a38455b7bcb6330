// SensorGate — Sampling: where samples go.

import Drivers
import HAL

/// Names a sensor in what the sampler hands on: its group, its place in the group, its label.
public struct SensorTag: Sendable, Hashable {
    /// The group's index in the scheduler.
    public var group: Int
    /// The sensor's index in its group.
    public var index: Int
    /// The device label.
    public var label: String

    /// Creates a tag.
    /// - Parameters:
    ///   - group: the group's index.
    ///   - index: the sensor's index in the group.
    ///   - label: the device label.
    public init(group: Int, index: Int, label: String) {
        self.group = group
        self.index = index
        self.label = label
    }
}

/// Receives the sampler's output on the sampling thread: every reading, and every sample that is
/// missing (a failed or backed-off sensor, a skipped deadline, a missed data-ready edge). Missing
/// samples are reported, never invented. Implementations must not block.
public protocol SampleSink: AnyObject {
    /// A reading, dated when the chip measured it.
    /// - Parameters:
    ///   - reading: the reading.
    ///   - sensor: which sensor.
    func deliver(_ reading: SensorReading, from sensor: SensorTag)
    /// The readings of one FIFO drain, in order, read in place from the sampler's buffer (valid only
    /// during the call). Default: each through ``deliver(_:from:)``.
    /// - Parameters:
    ///   - readings: the drain's readings, oldest first.
    ///   - sensor: which sensor.
    func deliver(contentsOf readings: UnsafeBufferPointer<SensorReading>, from sensor: SensorTag)
    /// `count` samples that should have been taken from `instant` on, one period apart, and were not.
    /// - Parameters:
    ///   - sensor: which sensor.
    ///   - instant: the first missing sample's deadline.
    ///   - count: how many.
    func missing(from sensor: SensorTag, at instant: MonotonicInstant, count: Int)
}

extension SampleSink {
    /// Each reading through ``deliver(_:from:)``.
    public func deliver(contentsOf readings: UnsafeBufferPointer<SensorReading>, from sensor: SensorTag) {
        for position in readings.indices { deliver(readings[position], from: sensor) }
    }
}

/// What a sink hears of the downlink commands the sampler serves (docs/sampling.md, "Live changes").
/// Both are called on the sampling thread; the defaults ignore the change and treat a requested
/// reading as an ordinary one.
public protocol SampleSinkCommands: SampleSink {
    /// Group `group` runs at `rate` from `instant` on (its new grid's deadline 0); readings from
    /// `instant` on are at the new rate.
    /// - Parameters:
    ///   - group: the group's index in the scheduler.
    ///   - rate: the new rate.
    ///   - instant: the switch instant.
    func rateChanged(group: Int, to rate: SamplingRate, at instant: MonotonicInstant)
    /// A reading taken on request, out of the group's schedule.
    /// - Parameters:
    ///   - reading: the reading.
    ///   - sensor: which sensor.
    func deliverRequested(_ reading: SensorReading, from sensor: SensorTag)
}
