// SensorGate — Edge: threshold and rate-of-change alarms with hysteresis.

/// High and low limits with hysteresis: an alarm is raised when the value goes beyond a limit and cleared
/// only when it is back inside by `hysteresis`, so noise on a limit gives one event, not a stream.
public struct ThresholdAlarm: Sendable {
    /// The state of the limits.
    public enum State: Sendable, Hashable {
        /// Inside the limits.
        case normal
        /// Above the high limit (not yet back below high − hysteresis).
        case high
        /// Below the low limit (not yet back above low + hysteresis).
        case low
    }

    /// The high limit (nil: none).
    public let high: Double?
    /// The low limit (nil: none).
    public let low: Double?
    /// The hysteresis, in the channel's unit (≥ 0).
    public let hysteresis: Double
    /// The current state.
    public private(set) var state = State.normal

    /// Creates the alarm.
    /// - Parameters:
    ///   - high: high limit.
    ///   - low: low limit.
    ///   - hysteresis: how far back inside a value must come to clear.
    public init(high: Double?, low: Double?, hysteresis: Double) {
        self.high = high
        self.low = low
        self.hysteresis = max(hysteresis, 0)
    }

    /// Checks one value.
    /// - Parameters:
    ///   - x: the value (NaN is ignored).
    ///   - channel: for the event.
    ///   - timestampNs: for the event.
    /// - Returns: the event when the state changed.
    public mutating func update(_ x: Double, channel: Int, timestampNs: Int64) -> EdgeEvent? {
        guard !x.isNaN else { return nil }
        switch state {
        case .normal:
            if let high, x > high {
                state = .high
                return EdgeEvent(
                    channel: channel, timestampNs: timestampNs, kind: .highLimit, severity: .alarm, value: x,
                    limit: high)
            }
            if let low, x < low {
                state = .low
                return EdgeEvent(
                    channel: channel, timestampNs: timestampNs, kind: .lowLimit, severity: .alarm, value: x, limit: low)
            }
        case .high:
            if let high, x < high - hysteresis {
                state = .normal
                return EdgeEvent(
                    channel: channel, timestampNs: timestampNs, kind: .cleared, clearedKind: .highLimit,
                    severity: .info, value: x, limit: high)
            }
        case .low:
            if let low, x > low + hysteresis {
                state = .normal
                return EdgeEvent(
                    channel: channel, timestampNs: timestampNs, kind: .cleared, clearedKind: .lowLimit,
                    severity: .info, value: x, limit: low)
            }
        }
        return nil
    }
}

/// An alarm on how fast a value changes: the rate is the slope over the last `windowS` seconds (from the
/// value then, so a single noisy sample moves it little), raised when |rate| exceeds `limitPerS` and cleared
/// when it falls below `limitPerS − hysteresisPerS`.
public struct RateOfChangeAlarm: Sendable {
    /// The rate limit, channel unit per second.
    public let limitPerS: Double
    /// The hysteresis, channel unit per second.
    public let hysteresisPerS: Double
    /// The span the rate is measured over, seconds.
    public let windowS: Double
    /// Whether the alarm is raised.
    public private(set) var raised = false
    /// The last rate, channel unit per second.
    public private(set) var rate = 0.0
    private var times: [Int64]
    private var values: [Double]
    private var next = 0
    private var count = 0

    /// Creates the alarm.
    /// - Parameters:
    ///   - limitPerS: |rate| above this raises.
    ///   - hysteresisPerS: clears below limit − hysteresis.
    ///   - windowS: the span of the slope.
    ///   - capacity: the most samples the span holds (older ones shorten it). Default 256.
    public init(limitPerS: Double, hysteresisPerS: Double, windowS: Double, capacity: Int = 256) {
        self.limitPerS = abs(limitPerS)
        self.hysteresisPerS = max(hysteresisPerS, 0)
        self.windowS = min(max(windowS, 0), 1e6)
        times = [Int64](repeating: 0, count: max(capacity, 2))
        values = [Double](repeating: 0, count: max(capacity, 2))
    }

    /// Checks one value at its timestamp.
    /// - Parameters:
    ///   - x: the value (NaN is ignored).
    ///   - channel: for the event.
    ///   - timestampNs: the sample's time.
    /// - Returns: the event when the alarm was raised or cleared.
    public mutating func update(_ x: Double, channel: Int, timestampNs: Int64) -> EdgeEvent? {
        guard !x.isNaN else { return nil }
        let capacity = times.count
        times[next] = timestampNs
        values[next] = x
        next = next == capacity - 1 ? 0 : next + 1
        count = min(count + 1, capacity)
        // The newest sample that is at least `windowS` old (or the oldest kept); older ones are dropped.
        let windowNs = Int64(windowS * 1e9)
        var oldest = (next - count + capacity) % capacity
        while count > 1 {
            let after = oldest == capacity - 1 ? 0 : oldest + 1
            guard timestampNs - times[after] >= windowNs else { break }
            oldest = after
            count -= 1
        }
        let spanNs = timestampNs - times[oldest]
        guard spanNs > 0 else { return nil }
        rate = (x - values[oldest]) / (Double(spanNs) / 1e9)
        if !raised, abs(rate) > limitPerS {
            raised = true
            return EdgeEvent(
                channel: channel, timestampNs: timestampNs, kind: .rateOfChange, severity: .warning, value: rate,
                limit: limitPerS)
        }
        if raised, abs(rate) < limitPerS - hysteresisPerS {
            raised = false
            return EdgeEvent(
                channel: channel, timestampNs: timestampNs, kind: .cleared, clearedKind: .rateOfChange,
                severity: .info, value: rate, limit: limitPerS)
        }
        return nil
    }
}

/// Report by exception: a value is sent only when it moved at least `deadband` from the last one sent, or
/// `heartbeatS` passed since (so the receiver knows the channel is alive).
public struct Deadband: Sendable {
    /// The smallest change that is reported, channel unit (0 reports every change).
    public let deadband: Double
    /// The longest silence, seconds (0: none).
    public let heartbeatS: Double
    /// The last value reported.
    public private(set) var lastReported: Double?
    private var lastTimeNs: Int64 = 0

    /// Creates the deadband.
    /// - Parameters:
    ///   - deadband: smallest change reported.
    ///   - heartbeatS: longest silence.
    public init(deadband: Double, heartbeatS: Double) {
        self.deadband = max(deadband, 0)
        self.heartbeatS = max(heartbeatS, 0)
    }

    /// Whether to report this value (and remembers it when so).
    /// - Parameters:
    ///   - x: the value.
    ///   - timestampNs: its time.
    /// - Returns: true when it should be sent.
    public mutating func shouldReport(_ x: Double, timestampNs: Int64) -> Bool {
        let due: Bool
        if let last = lastReported {
            let moved = deadband == 0 ? x != last : abs(x - last) >= deadband
            let silent = heartbeatS > 0 && Double(timestampNs - lastTimeNs) / 1e9 >= heartbeatS
            due = moved || silent
        } else {
            due = true
        }
        if due {
            lastReported = x
            lastTimeNs = timestampNs
        }
        return due
    }
}
