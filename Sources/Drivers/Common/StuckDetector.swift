// SensorGate — Drivers: telling a stuck chip from a quiet one.

/// Counts consecutive identical raw samples; a chip whose noise should move its codes but returns the
/// same codes for longer than `limit` readings is stuck (a latched data register, a frozen ADC).
public struct StuckDetector: Sendable, Hashable {
    /// How many identical readings in a row count as stuck; 0 disables the check.
    public var limit: Int
    /// The last sample, held inline when it had at most ``InlineCodes/capacity`` codes, as every driver's
    /// samples have (the inertial drivers record one per sample; an array cost a uniqueness check per code).
    private var last = InlineCodes()
    /// The last sample when it had more codes than that; empty otherwise.
    private var longLast: [Int64] = []
    private var repeats = 0

    /// Creates a detector.
    /// - Parameter limit: identical readings in a row that count as stuck; 0 disables.
    public init(limit: Int) { self.limit = limit }

    /// Records one raw sample.
    /// - Parameter codes: the raw codes of the sample, in a fixed order.
    /// - Returns: true when the sample makes the run of identical samples reach the limit.
    public mutating func record(_ codes: [Int64]) -> Bool {
        record(codes: codes)
    }

    /// Records one raw sample given as any collection of codes (no allocation for samples of up to
    /// ``InlineCodes/capacity`` codes, nor for longer ones once one of the same length has been seen).
    /// - Parameter codes: the raw codes of the sample, in a fixed order.
    /// - Returns: true when the sample makes the run of identical samples reach the limit.
    public mutating func record<Codes: Collection<Int64>>(codes: Codes) -> Bool {
        guard codes.count <= InlineCodes.capacity else { return recordLong(codes) }
        return record(codes: InlineCodes(codes))
    }

    /// Records one raw sample held inline, as the inertial drivers build them.
    /// - Parameter codes: the raw codes of the sample, in a fixed order.
    /// - Returns: true when the sample makes the run of identical samples reach the limit.
    @inline(__always)
    public mutating func record(codes: InlineCodes) -> Bool {
        if longLast.isEmpty, last.holdsSameCodes(as: codes) {
            repeats += 1
        } else {
            if !longLast.isEmpty { longLast.removeAll(keepingCapacity: true) }
            last = codes
            repeats = 1
        }
        return limit > 0 && repeats >= limit
    }

    /// Records one raw sample of three codes.
    /// - Parameters:
    ///   - x: the first code.
    ///   - y: the second code.
    ///   - z: the third code.
    /// - Returns: true when the sample makes the run of identical samples reach the limit.
    @inline(__always)
    public mutating func record(_ x: Int64, _ y: Int64, _ z: Int64) -> Bool {
        record(codes: InlineCodes(x, y, z))
    }

    /// Forgets the history (after a re-start of the chip).
    public mutating func reset() {
        last = InlineCodes()
        longLast = []
        repeats = 0
    }

    /// Records a sample of more than ``InlineCodes/capacity`` codes, reusing the stored sample's storage.
    private mutating func recordLong<Codes: Collection<Int64>>(_ codes: Codes) -> Bool {
        if longLast.elementsEqual(codes) {
            repeats += 1
        } else {
            // The inline sample is cleared, so that two detectors with the same history compare equal.
            last = InlineCodes()
            longLast.removeAll(keepingCapacity: true)
            longLast.append(contentsOf: codes)
            repeats = 1
        }
        return limit > 0 && repeats >= limit
    }
}
