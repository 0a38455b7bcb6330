// SensorGate — Codec: everything a delta batch inherits, for the whole stream.

/// The state encoder and decoder keep between batches of one stream; a key batch replaces it.
struct StreamState: Sendable, Equatable {
    /// Per channel.
    var channels: [ChannelState]
    /// The sequence of the last batch coded.
    var sequence: UInt32
    /// Uniform timestamps: the index of the row after the last batch.
    var nextIndex: UInt64 = 0
    /// Explicit timestamps: the period, last time, jitter history and models.
    var time: TimeState

    /// The state a key batch of `layout` starts from.
    init(layout: StreamLayout, sequence: UInt32) {
        channels = [ChannelState](repeating: .fresh, count: layout.channels)
        self.sequence = sequence
        time = TimeState(period: layout.nominalPeriodMicros)
    }
}
