// SensorGate — Gateway: what a run reports while it goes (the status line, metrics, the watchdog keeper).

import Sampling

/// A live status: what the run has done so far. The run hands one to its status callback on the
/// sampling thread after each slice of virtual time.
public struct GatewayStatus: Sendable {
    /// Virtual time run.
    public var simulated: Duration
    /// The duration asked for.
    public var total: Duration
    /// Samples batched.
    public var samples: Int
    /// Windows handed to the sealing stage.
    public var windows: Int
    /// Per rate group: samples, misses, errors, wake-up latency so far.
    public var groups: [RateGroupReport]
    /// The sealing and delivery stage, as of its latest round.
    public var pipeline: PipelineSnapshot
    /// The `modbus-rtu:` lines' counters so far. Default: none.
    public var modbusRTU: [ModbusRTULineReport] = []

    /// Creates a status.
    public init(
        simulated: Duration, total: Duration, samples: Int, windows: Int, groups: [RateGroupReport] = [],
        pipeline: PipelineSnapshot = PipelineSnapshot()
    ) {
        self.simulated = simulated
        self.total = total
        self.samples = samples
        self.windows = windows
        self.groups = groups
        self.pipeline = pipeline
    }
}
