// SensorGate — Sampling: one rate group as the board describes it.

import Drivers

/// A sensor the sampler reads: its label in the board file and its driver.
public struct SampledSensor {
    /// The device label (`imu`).
    public var label: String
    /// The driver, made but not yet brought up.
    public var driver: any SensorDriver

    /// Creates a sampled sensor.
    /// - Parameters:
    ///   - label: the device label.
    ///   - driver: the driver.
    public init(label: String, driver: any SensorDriver) {
        self.label = label
        self.driver = driver
    }
}

/// A rate group: sensors sampled together at one rate with one trigger.
///
/// Polled groups may hold several sensors (all read at each deadline, in order); data-ready and
/// FIFO groups hold one, because their timing follows that chip's own clock.
public struct RateGroupDefinition {
    /// The group's name in reports (`imu`, `polled-50Hz`).
    public var name: String
    /// The rate: deadlines of a polled group, the chip's output data rate for data-ready, and the
    /// drain rate of a FIFO group without a watermark line (the expected watermark rate with one).
    public var rate: SamplingRate
    /// What starts each sample.
    public var trigger: SampleTrigger
    /// The sensors, read in this order.
    public var sensors: [SampledSensor]

    /// Creates a group.
    /// - Parameters:
    ///   - name: the name in reports.
    ///   - rate: the rate.
    ///   - trigger: what starts each sample. Default: polled.
    ///   - sensors: the sensors.
    public init(name: String, rate: SamplingRate, trigger: SampleTrigger = .polled, sensors: [SampledSensor]) {
        self.name = name
        self.rate = rate
        self.trigger = trigger
        self.sensors = sensors
    }
}
