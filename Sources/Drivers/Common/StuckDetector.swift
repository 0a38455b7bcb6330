// SensorGate — Drivers: telling a stuck chip from a quiet one.

/// Counts consecutive identical raw samples; a chip whose noise should move its codes but returns the
/// same codes for longer than `limit` readings is stuck (a latched data register, a frozen ADC).
public struct StuckDetector: Sendable, Hashable {
    /// How many identical readings in a row count as stuck; 0 disables the check.
    public var limit: Int
    /// The last sample of a length other than three (empty while the last one had three codes).
    private var last: [Int64] = []
    /// The last three-code sample, held inline (the inertial drivers record one per sample: an array
    /// cost a uniqueness check and a bounds check per code); meaningful only when `lastIsTriple`.
    private var lastX: Int64 = 0
    private var lastY: Int64 = 0
    private var lastZ: Int64 = 0
    private var lastIsTriple = false
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

    /// Records one raw sample given as any collection of codes, reusing the stored sample's storage:
    /// no allocation once a sample of the same length has been seen.
    /// - Parameter codes: the raw codes of the sample, in a fixed order.
    /// - Returns: true when the sample makes the run of identical samples reach the limit.
    public mutating func record<Codes: Collection<Int64>>(codes: Codes) -> Bool {
        if codes.count == 3 {
            var index = codes.startIndex
            let x = codes[index]
            index = codes.index(after: index)
            let y = codes[index]
            index = codes.index(after: index)
            return record(x, y, codes[index])
        }
        forgetTriple()
        if last.count == codes.count, last.elementsEqual(codes) {
            repeats += 1
        } else {
            if last.count == codes.count {
                var index = 0
                for code in codes {
                    last[index] = code
                    index += 1
                }
            } else {
                last = Array(codes)
            }
            repeats = 1
        }
        return limit > 0 && repeats >= limit
    }

    /// Records one raw sample of three codes, reusing the stored sample's storage (no allocation once
    /// a three-code sample has been seen).
    /// - Parameters:
    ///   - x: the first code.
    ///   - y: the second code.
    ///   - z: the third code.
    /// - Returns: true when the sample makes the run of identical samples reach the limit.
    public mutating func record(_ x: Int64, _ y: Int64, _ z: Int64) -> Bool {
        if lastIsTriple, lastX == x, lastY == y, lastZ == z {
            repeats += 1
        } else {
            if !last.isEmpty { last.removeAll(keepingCapacity: true) }
            lastX = x
            lastY = y
            lastZ = z
            lastIsTriple = true
            repeats = 1
        }
        return limit > 0 && repeats >= limit
    }

    /// Forgets the history (after a re-start of the chip).
    public mutating func reset() {
        last = []
        forgetTriple()
        repeats = 0
    }

    /// Clears the inline sample, so that two detectors with the same history compare equal.
    private mutating func forgetTriple() {
        (lastX, lastY, lastZ) = (0, 0, 0)
        lastIsTriple = false
    }
}
