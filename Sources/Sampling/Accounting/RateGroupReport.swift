// SensorGate — Sampling: what one rate group did, for metrics and `--json`.

/// The counters of one rate group. Every field counts from the scheduler's start.
public struct RateGroupReport: Sendable, Hashable, Codable {
    /// The group's name.
    public var name: String
    /// Its rate in hertz.
    public var rateHz: Double
    /// `polled`, `data-ready` or `fifo`.
    public var trigger: String
    /// The device labels in the group.
    public var sensors: [String]
    /// Readings delivered.
    public var samples: Int = 0
    /// Samples reported missing: failed reads, back-off, skipped deadlines, missed edges, samples lost
    /// to FIFO overflows.
    public var missingSamples: Int = 0
    /// Wake-ups (or data-ready edges served) later than the tolerance.
    public var deadlineMisses: Int = 0
    /// Services that ended after the group's next deadline.
    public var overruns: Int = 0
    /// Deadlines (or data-ready edges) never served because the sampler was too late for them.
    public var skippedSamples: Int = 0
    /// Reads that failed on the bus (NACK, timeout, I/O error).
    public var busErrors: Int = 0
    /// Reads that failed otherwise (stuck value, checksum, wrong chip ID, conversion timeout).
    public var sensorErrors: Int = 0
    /// FIFO overflows the drivers saw (each lost samples in the chip).
    public var fifoOverflows: Int = 0
    /// Expected data-ready or watermark edges that did not come in time.
    public var edgeTimeouts: Int = 0
    /// Attempts to bring a failed sensor back.
    public var retries: Int = 0
    /// Failed sensors that came back.
    public var recoveries: Int = 0
    /// Live rate changes (downlink `set-rate`); ``rateHz`` is the rate now.
    public var rateChanges: Int = 0
    /// Readings taken on request, out of schedule (downlink `read`), not counted in ``samples``.
    public var requestedReadings: Int = 0
    /// Wake-up latency: from the deadline, or from the data-ready edge, to the sampler running.
    public var latency: LatencySummary

    /// Creates an empty report.
    /// - Parameters:
    ///   - name: the group's name.
    ///   - rateHz: its rate.
    ///   - trigger: its trigger's name.
    ///   - sensors: its device labels.
    public init(name: String, rateHz: Double, trigger: String, sensors: [String]) {
        self.name = name
        self.rateHz = rateHz
        self.trigger = trigger
        self.sensors = sensors
        latency = LatencySummary(
            count: 0, p50Nanoseconds: 0, p99Nanoseconds: 0, p999Nanoseconds: 0, maxNanoseconds: 0, meanNanoseconds: 0)
    }
}
