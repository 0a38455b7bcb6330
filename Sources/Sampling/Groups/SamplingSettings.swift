// SensorGate — Sampling: the scheduler's tunables, with their defaults.

/// How a failed sensor is retried: at the next deadline after a first failure, then after a back-off
/// that doubles from ``initialBackoff`` up to ``maximumBackoff`` while it keeps failing.
public struct RetryPolicy: Sendable, Hashable {
    /// The wait after the second consecutive failure. Default: 100 ms.
    public var initialBackoff: Duration = .milliseconds(100)
    /// The longest wait between attempts. Default: 30 s.
    public var maximumBackoff: Duration = .seconds(30)

    /// Creates a policy with the defaults.
    public init() {}

    /// The wait after `failures` consecutive failures.
    /// - Parameter failures: consecutive failures so far, from 1.
    /// - Returns: zero after the first, then the doubling back-off.
    public func backoff(afterFailures failures: Int) -> Duration {
        guard failures > 1 else { return .zero }
        let doublings = min(failures - 2, 40)
        let wait = initialBackoff * (1 << doublings)
        return min(wait, maximumBackoff)
    }
}

/// The scheduler's settings.
public struct SamplingSettings: Sendable, Hashable {
    /// A wake-up later than this fraction of the group's period after its deadline (or its
    /// data-ready edge) counts as a deadline miss. Default: 0.5.
    public var lateToleranceFraction = 0.5
    /// How long after an expected data-ready or watermark edge the sampler waits before it counts
    /// the edge as missed, as a fraction of the period. Default: 0.5.
    public var edgeTimeoutFraction = 0.5
    /// How long before an expected edge the sampler wakes to wait on the line, as a fraction of the
    /// period. Default: 0.1.
    public var edgeLeadFraction = 0.1
    /// Whether FIFO drains of chips that support it (``Drivers/SteppedFIFODriver``: the MPU-6050) are
    /// taken one bus transaction at a time, serving a group with an earlier deadline between the
    /// steps. Default: true.
    public var steppedFIFODrains = true
    /// Retrying failed sensors.
    public var retry = RetryPolicy()
    /// The largest wake-up latency the histograms resolve; longer ones count at this value.
    /// Default: 10 s.
    public var latencyCeiling: Duration = .seconds(10)

    /// Creates settings with the defaults.
    public init() {}
}
