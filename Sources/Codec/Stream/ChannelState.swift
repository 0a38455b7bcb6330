// SensorGate — Codec: what a delta batch inherits from the batch before it, per channel.

/// One channel's carried state: the last samples (so a delta batch needs no warm-up and codes its
/// first sample relative to the previous batch), the predictor and lattice it may reuse, and the
/// adaptive models, which keep learning across delta batches. A key batch starts from ``fresh``.
struct ChannelState: Sendable, Equatable {
    /// The most samples kept: the longest predictor's reach.
    static let historyLength = FormatLimits.maxOrder
    /// Probabilities of the channel header's adaptive bits (docs/batch-format.md §6).
    static let headerBits = 9

    /// The last ≤ 32 samples, oldest first.
    var history: [Int64] = []
    /// The predictor of the last batch that used one.
    var predictor: Predictor?
    /// The lattice of the last batch that used one.
    var lattice: Lattice?
    /// The residual (or lattice index) model.
    var model = ResidualModel(initialShift: 0)
    /// The lattice offset model.
    var offsetModel = ResidualModel(initialShift: 0)
    /// The header's adaptive bits: lanes 0..<``headerBits`` (the rest stay at their start). Inline, not
    /// an array: each header bit would otherwise check the array's uniqueness and bounds.
    var header = SIMD16<UInt16>(repeating: Probability.half)

    /// The state a key batch starts from.
    static let fresh = ChannelState()

    /// Returns to ``fresh`` in the storage it has (a key batch's start), so that a long-lived decoder
    /// does not allocate every channel's rows again on each key batch.
    mutating func restart() {
        history.removeAll(keepingCapacity: true)
        predictor = nil
        lattice = nil
        model.restart(initialShift: 0)
        offsetModel.restart(initialShift: 0)
        header = Self.fresh.header
    }

    /// Keeps the last ``historyLength`` of `work[0..<count]`.
    mutating func keepHistory(_ work: UnsafeBufferPointer<Int64>) {
        let keep = min(Self.historyLength, work.count)
        let kept = UnsafeBufferPointer(rebasing: work[(work.count - keep)...])
        if history.count == keep {
            // The usual case after the first batches: overwritten in place.
            history.withUnsafeMutableBufferPointer { history in _ = history.update(fromContentsOf: kept) }
        } else {
            // In place too: the array keeps its storage from batch to batch when it is not shared.
            history.removeAll(keepingCapacity: true)
            history.append(contentsOf: kept)
        }
    }
}

/// Indices into ``ChannelState/header``.
enum HeaderBit {
    static let reuse = 0
    static let modeFirst = 1
    static let modeSecond = 2
    static let orderHigh = 4
    static let orderLow = 5  // + high bit
    static let lattice = 7
    static let sameLattice = 8
}

/// How one channel is coded in one batch: the encoder's decision, and what the decoder reads back.
enum ChannelPlan: Equatable {
    /// Every sample equals `value`.
    case constant(Int64)
    /// Predicted samples; `reuse` says the predictor is the previous batch's.
    case predicted(Predictor, reuse: Bool, lattice: Lattice?, sameLattice: Bool)
}
