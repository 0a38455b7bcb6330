// SensorGate — Codec: what a stream agrees once and every batch refers to.

/// How a stream's samples are timed.
public enum TimestampMode: Sendable, Equatable {
    /// Sample `i` of the stream is at `epoch + i × period`; a batch carries only its first index.
    case uniform
    /// Every row carries its own time in microseconds, coded as deviations from the nominal period.
    case explicit
}

/// The stream metadata that encoder and decoder agree once (from the schema) and that no batch
/// repeats: the channel count, how time is carried, and the nominal sample period.
///
/// Names, units and LSBs belong to the schema, not to the codec: the codec sees integer codes only.
public struct StreamLayout: Sendable, Equatable {
    /// The number of channels (columns of integer codes), 1 ... ``FormatLimits/maxChannels``.
    public let channels: Int
    /// How time is carried.
    public let timestamps: TimestampMode
    /// The nominal period in whole microseconds (explicit timestamps are coded relative to it).
    public let nominalPeriodMicros: Int64

    /// Creates a layout.
    /// - Throws: ``CodecError/Kind/invalidInput`` when a value is outside the format's limits.
    public init(channels: Int, timestamps: TimestampMode, nominalPeriodMicros: Int64) throws(CodecError) {
        guard (1...FormatLimits.maxChannels).contains(channels) else {
            throw CodecError(.invalidInput, "channel count \(channels) is outside 1...\(FormatLimits.maxChannels)")
        }
        guard (0...FormatLimits.maxPeriodMicros).contains(nominalPeriodMicros) else {
            throw CodecError(.invalidInput, "nominal period \(nominalPeriodMicros) µs is outside 0...2^40")
        }
        self.channels = channels
        self.timestamps = timestamps
        self.nominalPeriodMicros = nominalPeriodMicros
    }
}
