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
    /// The edge stage, when the board computes anything. Default: none.
    public var edge: EdgeStatus?
    /// Steps of the system clock seen so far (docs/sampling.md, "UTC and clock steps"). Default 0.
    public var clockStepsSeen = 0
    /// The latest of them, and what the UTC timeline did with it. Default: none.
    public var lastClockStep: ClockStep?

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

/// The edge stage's live state: the orientation filter's internal states (SensorGate's filter) and the
/// events raised so far.
public struct EdgeStatus: Sendable, Equatable {
    /// The gyroscope bias estimate, rad/s, IMU axes.
    public var gyroBiasRadps: [Double] = [0, 0, 0]
    /// Its standard deviation, rad/s.
    public var gyroBiasSigmaRadps = 0.0
    /// Whether the IMU is at rest.
    public var atRest = false
    /// Whether the last accelerometer sample was rejected as non-gravitational.
    public var accelerationRejected = false
    /// Whether the magnetic field is disturbed (heading from the gyroscope only).
    public var magneticDisturbance = false
    /// Whether the orientation filter is SensorGate's (the states above are then live).
    public var hasFilterStates = false
    /// Events raised and cleared so far.
    public var events = 0

    /// A status with nothing computed yet.
    public init() {}
}
