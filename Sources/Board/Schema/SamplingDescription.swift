// SensorGate — Board: how each device is sampled, and the sampling thread's real-time settings.

/// What starts a device's samples (`sample: {trigger: …}`).
public enum SampleTriggerKind: String, Sendable, Hashable, CaseIterable {
    /// Read at each deadline of `rate-hz`.
    case poll
    /// Read at each edge of the chip's data-ready pin.
    case dataReady = "data-ready"
    /// Drain the chip's FIFO at each watermark edge, or at `drain-hz` without a pin.
    case fifo
}

/// A device's `sample:` section. Devices without one are polled at their chip's output data rate,
/// or at 1 Hz for chips that convert on demand.
public struct DeviceSampling: Sendable, Hashable {
    /// The polling rate, or the expected edge rate for data-ready (default: the chip's output data
    /// rate), or the drain rate for a FIFO without a pin.
    public var rateHz: Double?
    /// What starts each sample. Default: poll.
    public var trigger: SampleTriggerKind = .poll
    /// The interrupt pin waited on, one of the device's `interrupts`. Default: the only one wired.
    public var pin: String?
    /// Where it is declared.
    public var location: SourceLocation
}

/// The board's `sampling:` section: how the sampling thread runs on a gateway. Each setting that the
/// system does not permit falls back with one warning.
public struct SamplingDescription: Sendable, Hashable {
    /// SCHED_FIFO priority (1…99), or nil for the normal scheduler. Default: nil.
    public var realtimePriority: Int?
    /// Whether to lock all memory (mlockall) so that no page fault delays a sample. Default: false.
    public var lockMemory = false
    /// The CPUs the sampling thread may run on, or empty for any. Default: any.
    public var cpus: [Int] = []
    /// The CPUs' wake-up latency held through PM QoS (/dev/cpu_dma_latency) while the gateway runs, in
    /// microseconds; 0 keeps idle CPUs polling (lowest latency, most power). Default: nil, the CPUs'
    /// idle states are left alone.
    public var cpuLatencyMicroseconds: Int?
    /// Where it is declared, when the file has the section.
    public var location: SourceLocation?

    /// The defaults: normal scheduling, no locking, any CPU.
    public init() {}
}
