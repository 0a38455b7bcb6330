// SensorGate — Edge: what is done to one channel's samples, as the board file carries it.

/// The processing of one scalar channel. Each field maps to a key of the channel's `processing:` block in
/// the board file (docs/boards.md). The defaults do nothing but pass every changed value: no smoothing, no
/// decimation, no alarms.
public struct ChannelSettings: Sendable, Hashable {
    /// Smoothing before anything else.
    public enum Smoothing: Sendable, Hashable {
        /// None.
        case none
        /// Mean of the last n samples (`moving-average: n`).
        case movingAverage(samples: Int)
        /// First-order low-pass with time constant τ (`exponential-s: τ`).
        case exponential(timeConstantS: Double)
        /// Median of the last n samples, for spikes (`median: n`).
        case median(samples: Int)
    }

    /// Smoothing (`smoothing`). Default none.
    public var smoothing = Smoothing.none
    /// Keep one sample in M after the anti-alias FIR (`decimate`). Default 1 (all).
    public var decimation = 1
    /// Report by exception: the smallest change sent (`deadband`), channel unit. Default 0 (every change).
    public var deadband = 0.0
    /// The longest silence under the deadband, seconds (`heartbeat-s`). Default 60.
    public var heartbeatS = 60.0
    /// High alarm limit (`high`). Default none.
    public var highLimit: Double?
    /// Low alarm limit (`low`). Default none.
    public var lowLimit: Double?
    /// How far back inside the limits a value must come to clear (`hysteresis`). Default 0.
    public var hysteresis = 0.0
    /// Rate-of-change alarm limit, channel unit per second (`rate-limit`). Default none.
    public var rateLimitPerS: Double?
    /// Its hysteresis, unit per second (`rate-hysteresis`). Default 0.
    public var rateHysteresisPerS = 0.0
    /// The span the rate is measured over, seconds (`rate-window-s`). Default 1.
    public var rateWindowS = 1.0

    /// The defaults.
    public init() {}

    /// Checks every field.
    /// - Throws: `EdgeSettingsError` naming the first field out of range.
    public func validate() throws(EdgeSettingsError) {
        switch smoothing {
        case .none: break
        case .movingAverage(let n), .median(let n):
            guard (1...65_536).contains(n) else {
                throw EdgeSettingsError(setting: "smoothing", problem: "\(n) samples must be 1…65536")
            }
        case .exponential(let tau):
            guard tau.isFinite, tau >= 0 else {
                throw EdgeSettingsError(setting: "exponential-s", problem: "\(tau) must be 0 or more seconds")
            }
        }
        guard (1...1024).contains(decimation) else {
            throw EdgeSettingsError(setting: "decimate", problem: "\(decimation) must be 1…1024")
        }
        for (name, value) in [
            ("deadband", deadband), ("heartbeat-s", heartbeatS), ("hysteresis", hysteresis),
            ("rate-hysteresis", rateHysteresisPerS), ("rate-window-s", rateWindowS),
        ]
        where !(value.isFinite && value >= 0) {
            throw EdgeSettingsError(setting: name, problem: "\(value) must be a number ≥ 0")
        }
        if let high = highLimit, let low = lowLimit, !(low < high) {
            throw EdgeSettingsError(setting: "low", problem: "\(low) must be below high (\(high))")
        }
        if let rate = rateLimitPerS, !(rate.isFinite && rate > 0) {
            throw EdgeSettingsError(setting: "rate-limit", problem: "\(rate) must be a positive number")
        }
    }
}
