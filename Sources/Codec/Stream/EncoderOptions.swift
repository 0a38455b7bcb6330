// SensorGate — Codec: the encoder's choices that a decoder does not need to know in advance.

/// How a ``StreamEncoder`` codes: how often it sends a key batch, and whether it is lossless.
public struct EncoderOptions: Sendable, Equatable {
    /// A key batch at least every `keyInterval` batches (1: every batch decodes alone).
    public var keyInterval: Int
    /// 0 (the default) for lossless coding; otherwise the largest |decoded − original| of any code,
    /// 1...255 (near-lossless: clearly not exact, and reported as such by the decoder).
    public var nearLosslessBound: Int

    /// Creates options; values are clamped to their valid ranges.
    public init(keyInterval: Int = 10, nearLosslessBound: Int = 0) {
        self.keyInterval = max(1, keyInterval)
        self.nearLosslessBound = min(max(0, nearLosslessBound), FormatLimits.maxNearLosslessBound)
    }
}
