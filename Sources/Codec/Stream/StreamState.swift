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

    /// Becomes the state a key batch of `layout` starts from, as ``init(layout:sequence:)`` makes it,
    /// in the storage it has.
    mutating func restart(layout: StreamLayout, sequence: UInt32) {
        guard channels.count == layout.channels else {
            self = StreamState(layout: layout, sequence: sequence)
            return
        }
        channels.withUnsafeMutableBufferPointer { channels in
            for channel in channels.indices { channels[channel].restart() }
        }
        self.sequence = sequence
        nextIndex = 0
        // A uniform stream never reads the time state (its 2 000 probabilities cost more to reset than
        // a short batch's samples to decode).
        if layout.timestamps == .explicit { time.restart(period: layout.nominalPeriodMicros) }
    }
}
