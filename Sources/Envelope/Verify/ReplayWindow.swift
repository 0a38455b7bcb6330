// SensorGate — Envelope: which sequence numbers of one device's stream were already accepted.

/// The replay state of one device's stream (docs/envelope.md §4.2).
///
/// It remembers the accepted sequence numbers exactly, as at most ``maxRanges`` disjoint ranges,
/// so batches that the store delivers out of order (higher priorities first, retries after a lost
/// acknowledgement) are accepted once each, in any order. When one more range would be needed, the
/// lowest range is forgotten and ``floor`` rises above it: a batch below the floor can no longer be
/// told from a replay and is refused as ``EnvelopeError/Kind/stale``.
public struct ReplayWindow: Sendable, Equatable, Codable {
    /// The default number of ranges: 64 open gaps in the sequence, about 1 KiB per stream.
    public static let defaultMaxRanges = 64

    /// The most ranges kept.
    public let maxRanges: Int
    /// Sequence numbers below this are refused as stale.
    public private(set) var floor: UInt64 = 0
    /// The accepted sequence numbers at or above ``floor``: sorted, disjoint and not adjacent.
    public private(set) var acceptedRanges: [ClosedRange<UInt64>] = []

    /// An empty window keeping at most `maxRanges` (at least 1) ranges.
    public init(maxRanges: Int = ReplayWindow.defaultMaxRanges) {
        self.maxRanges = max(1, maxRanges)
    }

    /// Why `sequence` would be refused (``EnvelopeError/Kind/replay`` or ``EnvelopeError/Kind/stale``),
    /// or nil when it is new. `sequence` is at most 2⁶³ − 1 (the envelope's limit).
    public func check(_ sequence: UInt64) -> EnvelopeError.Kind? {
        if sequence < floor { return .stale }
        let index = firstRange(above: sequence)
        if index > 0 && acceptedRanges[index - 1].contains(sequence) { return .replay }
        return nil
    }

    /// Records `sequence` as accepted; call only after ``check(_:)`` returned nil and the envelope verified.
    public mutating func record(_ sequence: UInt64) {
        guard check(sequence) == nil else { return }
        let index = firstRange(above: sequence)
        let joinsLeft = index > 0 && acceptedRanges[index - 1].upperBound + 1 == sequence
        let joinsRight = index < acceptedRanges.count && acceptedRanges[index].lowerBound == sequence + 1
        switch (joinsLeft, joinsRight) {
        case (true, true):
            acceptedRanges[index - 1] = acceptedRanges[index - 1].lowerBound...acceptedRanges[index].upperBound
            acceptedRanges.remove(at: index)
        case (true, false):
            acceptedRanges[index - 1] = acceptedRanges[index - 1].lowerBound...sequence
        case (false, true):
            acceptedRanges[index] = sequence...acceptedRanges[index].upperBound
        case (false, false):
            acceptedRanges.insert(sequence...sequence, at: index)
        }
        while acceptedRanges.count > maxRanges {
            floor = acceptedRanges.removeFirst().upperBound + 1
        }
    }

    /// The index of the first range whose lower bound is above `sequence` (binary search).
    private func firstRange(above sequence: UInt64) -> Int {
        var low = 0
        var high = acceptedRanges.count
        while low < high {
            let middle = (low + high) / 2
            if acceptedRanges[middle].lowerBound > sequence { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
