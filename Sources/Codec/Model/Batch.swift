// SensorGate — Codec: one batch of integer codes with its timing.

/// The time of a batch's rows.
public enum BatchTiming: Sendable, Equatable {
    /// Uniform sampling: the stream index of the first row (row `i` is index `firstIndex + i`).
    case uniform(firstIndex: UInt64)
    /// One time per row, in microseconds from the stream's epoch.
    case explicit([Int64])
}

/// One time window of a stream: per channel, `count` integer codes, plus their timing.
///
/// Codes are stored channel by channel: channel `c`'s row `i` is `codes[c * count + i]`.
public struct Batch: Sendable, Equatable {
    /// The stream's sequence number of this batch; a delta batch depends on `sequence - 1`.
    public var sequence: UInt32
    /// The number of rows.
    public var count: Int
    /// The codes, channel-major.
    public var codes: [Int32]
    /// The rows' timing.
    public var timing: BatchTiming

    /// Creates a batch; ``StreamEncoder`` checks it against the layout.
    public init(sequence: UInt32, count: Int, codes: [Int32], timing: BatchTiming) {
        self.sequence = sequence
        self.count = count
        self.codes = codes
        self.timing = timing
    }

    /// Channel `channel`'s codes.
    public func channel(_ channel: Int) -> ArraySlice<Int32> {
        codes[(channel * count)..<((channel + 1) * count)]
    }
}

/// What the decoder returns: the batch, whether it was a key batch, and the error bound it was coded with.
public struct DecodedBatch: Sendable, Equatable {
    /// The batch (codes exact when `nearLosslessBound` is 0).
    public var batch: Batch
    /// True when the batch decodes alone.
    public var isKey: Bool
    /// The largest |decoded − original| of any code: 0 for lossless batches.
    public var nearLosslessBound: Int
}
