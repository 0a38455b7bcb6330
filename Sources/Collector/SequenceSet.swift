// SensorGate — Collector: which sequence numbers of a stream arrived, as ranges.

/// A set of sequence numbers kept as sorted, disjoint, non-adjacent ranges: a stream delivered in
/// order is one range, and each gap costs one more.
struct SequenceSet: Sendable, Equatable {
    private(set) var ranges: [ClosedRange<UInt64>] = []

    /// How many numbers the set holds.
    var count: UInt64 { ranges.reduce(0) { $0 + ($1.upperBound - $1.lowerBound + 1) } }

    /// The numbers missing between the lowest and the highest.
    var gaps: UInt64 {
        guard let first = ranges.first, let last = ranges.last else { return 0 }
        return last.upperBound - first.lowerBound + 1 - count
    }

    /// The numbers missing between the lowest and the highest that none of `explained` covers.
    func gaps(notIn explained: [ClosedRange<UInt64>]) -> UInt64 {
        var cover = SequenceSet()
        for range in explained.sorted(by: { $0.lowerBound < $1.lowerBound }) { cover.insert(range) }
        var missing: UInt64 = 0
        for (left, right) in zip(ranges, ranges.dropFirst()) {
            let gap = (left.upperBound + 1)...(right.lowerBound - 1)
            missing += (right.lowerBound - left.upperBound - 1) - cover.overlap(with: gap)
        }
        return missing
    }

    /// How many numbers of `range` the set holds.
    func overlap(with range: ClosedRange<UInt64>) -> UInt64 {
        ranges.reduce(0) { total, held in
            let low = max(held.lowerBound, range.lowerBound)
            let high = min(held.upperBound, range.upperBound)
            return low <= high ? total + (high - low + 1) : total
        }
    }

    /// Adds every number of `range` (ranges added in ascending order of their lower bounds).
    mutating func insert(_ range: ClosedRange<UInt64>) {
        if let last = ranges.last, range.lowerBound <= last.upperBound &+ 1, last.upperBound != .max {
            ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
        } else if let last = ranges.last, range.lowerBound <= last.upperBound {
            return
        } else {
            ranges.append(range)
        }
    }

    /// The lowest and highest numbers.
    var bounds: ClosedRange<UInt64>? {
        guard let first = ranges.first, let last = ranges.last else { return nil }
        return first.lowerBound...last.upperBound
    }

    func contains(_ value: UInt64) -> Bool {
        let index = firstRange(above: value)
        return index > 0 && ranges[index - 1].contains(value)
    }

    mutating func insert(_ value: UInt64) {
        guard !contains(value) else { return }
        let index = firstRange(above: value)
        let joinsLeft = index > 0 && ranges[index - 1].upperBound &+ 1 == value
        let joinsRight = index < ranges.count && ranges[index].lowerBound == value &+ 1
        switch (joinsLeft, joinsRight) {
        case (true, true):
            ranges[index - 1] = ranges[index - 1].lowerBound...ranges[index].upperBound
            ranges.remove(at: index)
        case (true, false): ranges[index - 1] = ranges[index - 1].lowerBound...value
        case (false, true): ranges[index] = value...ranges[index].upperBound
        case (false, false): ranges.insert(value...value, at: index)
        }
    }

    private func firstRange(above value: UInt64) -> Int {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].lowerBound > value { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
