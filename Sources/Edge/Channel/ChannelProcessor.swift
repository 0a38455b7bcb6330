// SensorGate — Edge: one channel's chain: smoothing, alarms, decimation, report by exception.

/// What one sample produced.
public struct ChannelOutput: Sendable, Hashable {
    /// The value to send in the bulk data, when the decimator kept one and the deadband let it through.
    public var report: Double?
    /// A limit event (raised or cleared), to send ahead of bulk data.
    public var limitEvent: EdgeEvent?
    /// A rate-of-change event.
    public var rateEvent: EdgeEvent?

    /// Nothing.
    public static let none = ChannelOutput(report: nil, limitEvent: nil, rateEvent: nil)
}

/// Runs a channel's samples through its `ChannelSettings`: smoothing → (limit and rate alarms on every
/// smoothed sample, so events are as prompt as the data) → decimation → deadband. Pure: the caller passes
/// each sample's timestamp; all memory is allocated in `init`.
public struct ChannelProcessor: Sendable {
    /// The channel's number, carried into its events.
    public let channel: Int
    /// The settings in force.
    public let settings: ChannelSettings
    private var average: MovingAverage?
    private var exponential: ExponentialSmoothing?
    private var median: MedianFilter?
    private var decimator: Decimator
    private var limits: ThresholdAlarm?
    private var rate: RateOfChangeAlarm?
    private var deadband: Deadband
    private var lastTimeNs: Int64?

    /// Builds the chain.
    /// - Parameters:
    ///   - channel: the channel's number.
    ///   - settings: its settings.
    /// - Throws: `EdgeSettingsError` when a setting is out of range.
    public init(channel: Int, settings: ChannelSettings) throws(EdgeSettingsError) {
        try settings.validate()
        self.channel = channel
        self.settings = settings
        switch settings.smoothing {
        case .none: break
        case .movingAverage(let n): average = MovingAverage(length: n)
        case .exponential(let tau): exponential = ExponentialSmoothing(timeConstantS: tau)
        case .median(let n): median = MedianFilter(length: n)
        }
        decimator = Decimator(factor: settings.decimation)
        if settings.highLimit != nil || settings.lowLimit != nil {
            limits = ThresholdAlarm(high: settings.highLimit, low: settings.lowLimit, hysteresis: settings.hysteresis)
        }
        if let limit = settings.rateLimitPerS {
            rate = RateOfChangeAlarm(
                limitPerS: limit, hysteresisPerS: settings.rateHysteresisPerS, windowS: settings.rateWindowS)
        }
        deadband = Deadband(deadband: settings.deadband, heartbeatS: settings.heartbeatS)
    }

    /// Processes one sample. Non-finite samples are dropped (nothing is reported or raised).
    /// - Parameters:
    ///   - value: the sample, in the channel's unit.
    ///   - timestampNs: its time, nanoseconds on the sampler's clock.
    /// - Returns: the report and events it produced.
    public mutating func update(_ value: Double, timestampNs: Int64) -> ChannelOutput {
        guard value.isFinite else { return .none }
        let dtS = lastTimeNs.map { Double(timestampNs - $0) / 1e9 } ?? 0
        lastTimeNs = timestampNs
        var x = value
        // Optional chaining mutates in place (binding a copy would copy the buffers).
        if let y = average?.update(x) { x = y }
        if let y = exponential?.update(x, dtS: dtS) { x = y }
        if let y = median?.update(x) { x = y }
        var output = ChannelOutput.none
        output.limitEvent = limits?.update(x, channel: channel, timestampNs: timestampNs) ?? nil
        output.rateEvent = rate?.update(x, channel: channel, timestampNs: timestampNs) ?? nil
        if let kept = decimator.update(x), deadband.shouldReport(kept, timestampNs: timestampNs) {
            output.report = kept
        }
        return output
    }
}
