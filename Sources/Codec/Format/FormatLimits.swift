// SensorGate — Codec: the format's fixed limits and the decoder's caller-given ones.

/// Limits that docs/batch-format.md §7 fixes for every encoder and decoder.
public enum FormatLimits {
    /// The format version this library writes and reads.
    public static let version: UInt8 = 3
    /// Channels per stream.
    public static let maxChannels = 64
    /// Rows per batch.
    public static let maxRows = 1 << 20
    /// Rows × channels per batch.
    public static let maxScalars = 1 << 22
    /// Rows per block: each channel picks its predictor afresh for every block of a batch.
    public static let blockRows = 4096
    /// The longest linear predictor.
    public static let maxOrder = 32
    /// Nominal and reference periods, in microseconds.
    public static let maxPeriodMicros: Int64 = 1 << 40
    /// Magnitude of any timestamp, in microseconds.
    public static let maxTimeMicros: Int64 = 1 << 60
    /// The largest near-lossless bound.
    public static let maxNearLosslessBound = 255
}

/// What a decoder will accept before allocating: at most the format limits, and less if the caller says so.
public struct DecodeLimits: Sendable, Equatable {
    /// The most rows a batch may have.
    public var maxRows: Int
    /// The most rows × channels a batch may have.
    public var maxScalars: Int

    /// The format's own limits.
    public static let format = DecodeLimits(maxRows: FormatLimits.maxRows, maxScalars: FormatLimits.maxScalars)

    /// Creates limits, clamped to the format's.
    public init(maxRows: Int, maxScalars: Int) {
        self.maxRows = min(max(maxRows, 1), FormatLimits.maxRows)
        self.maxScalars = min(max(maxScalars, 1), FormatLimits.maxScalars)
    }
}
