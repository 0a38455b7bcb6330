// SensorGate — Edge: an anomaly score on a vibration channel's features.

/// Learns the normal of a channel's vibration features with exponentially weighted means and variances
/// and scores each window by its largest |z| = |x − mean| / σ over six features: RMS, peak, crest factor,
/// kurtosis, velocity RMS and the largest defect band's share of the envelope. While the score is high the
/// statistics are frozen, so an anomaly is not learnt as the new normal.
public struct AnomalyDetector: Sendable {
    /// Settings, with defaults for windows of a fraction of a second.
    public struct Settings: Sendable, Hashable {
        /// The memory of the statistics, in windows (`anomaly-memory`). Default 200.
        public var memoryWindows = 200.0
        /// Windows learnt before any score is given (`anomaly-warm-up`). Default 30.
        public var warmUpWindows = 30
        /// The score that raises the alarm (`anomaly-threshold`). Default 6.
        public var threshold = 6.0
        /// The score must fall below threshold − hysteresis to clear (`anomaly-hysteresis`). Default 2.
        public var hysteresis = 2.0
        /// The smallest σ relative to |mean|, so a feature that never moved cannot give infinite scores.
        /// Default 0.01.
        public var relativeSigmaFloor = 0.01

        /// The defaults.
        public init() {}
    }

    /// The settings in force.
    public let settings: Settings
    /// The last score (0 during warm-up).
    public private(set) var score = 0.0
    /// Whether the anomaly alarm is raised.
    public private(set) var raised = false
    /// Windows learnt.
    public private(set) var learnt = 0
    private var mean = SIMD8<Double>()
    private var variance = SIMD8<Double>()

    /// A detector that has learnt nothing yet.
    /// - Parameter settings: its settings.
    public init(settings: Settings = Settings()) { self.settings = settings }

    /// The six features of a window (the last two lanes are unused).
    public static func vector(_ f: VibrationFeatures) -> SIMD8<Double> {
        let e = f.envelopeDefectMeanSquare
        let share = f.envelopeMeanSquare > 0 ? max(e.outerRace, e.innerRace, e.ball, e.cage) / f.envelopeMeanSquare : 0
        return SIMD8(f.rmsMps2, f.peakMps2, f.crestFactor, f.kurtosis, f.velocityRmsMmps, share, 0, 0)
    }

    /// Scores one window and learns from it when it is normal.
    /// - Parameters:
    ///   - features: the window's features.
    ///   - channel: for the event.
    ///   - timestampNs: for the event.
    /// - Returns: an event when the alarm was raised or cleared.
    public mutating func update(_ features: VibrationFeatures, channel: Int, timestampNs: Int64) -> EdgeEvent? {
        let x = Self.vector(features)
        for lane in 0..<6 where !x[lane].isFinite { return nil }
        var event: EdgeEvent?
        if learnt >= settings.warmUpWindows {
            var worst = 0.0
            for lane in 0..<6 {
                let floor = settings.relativeSigmaFloor * abs(mean[lane])
                let sigma = max(variance[lane].squareRoot(), floor, 1e-12)
                worst = max(worst, abs(x[lane] - mean[lane]) / sigma)
            }
            score = worst
            if !raised, score > settings.threshold {
                raised = true
                event = EdgeEvent(
                    channel: channel, timestampNs: timestampNs, kind: .anomaly, severity: .warning, value: score,
                    limit: settings.threshold)
            } else if raised, score < settings.threshold - settings.hysteresis {
                raised = false
                event = EdgeEvent(
                    channel: channel, timestampNs: timestampNs, kind: .cleared, clearedKind: .anomaly,
                    severity: .info, value: score, limit: settings.threshold)
            }
        }
        if !raised { learn(x) }
        return event
    }

    private mutating func learn(_ x: SIMD8<Double>) {
        learnt += 1
        // Plain running statistics during warm-up, then exponential forgetting.
        let alpha = 1 / min(Double(learnt), max(settings.memoryWindows, 1))
        let delta = x - mean
        mean += alpha * delta
        variance = (1 - alpha) * (variance + alpha * delta * delta)
    }
}
