// SensorGate — Drivers: up to eight raw codes held inline, for the stuck detector on the hot path.

/// Up to eight raw codes of one sample, held inline (no heap storage), in the order they were appended.
///
/// Drivers build one per sample for ``StuckDetector/record(codes:)`` instead of an `[Int64]`.
public struct InlineCodes: RandomAccessCollection, Sendable, Hashable {
    /// The most codes a value holds.
    public static let capacity = 8
    private var storage: (Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0, 0, 0, 0)
    /// How many codes it holds.
    public private(set) var count = 0

    /// No codes.
    public init() {}

    /// The codes of `values`, converted; those beyond ``capacity`` are left out.
    /// - Parameter values: the codes.
    public init(_ values: some Sequence<some BinaryInteger>) {
        for value in values { append(Int64(truncatingIfNeeded: value)) }
    }

    /// Two codes, in order.
    /// - Parameters:
    ///   - first: the first code.
    ///   - second: the second code.
    public init(_ first: Int64, _ second: Int64) {
        storage = (first, second, 0, 0, 0, 0, 0, 0)
        count = 2
    }

    /// Three codes, in order. Built whole, as the next few initialisers are: a code stored one at a time
    /// at a computed offset is read back by ``holdsSameCodes(as:)`` as part of a wider load, which must
    /// wait for the stores to retire (store forwarding fails), once per sample.
    /// - Parameters:
    ///   - first: the first code.
    ///   - second: the second code.
    ///   - third: the third code.
    public init(_ first: Int64, _ second: Int64, _ third: Int64) {
        storage = (first, second, third, 0, 0, 0, 0, 0)
        count = 3
    }

    /// The codes of two vectors, `first`'s then `second`'s (an inertial sample: gyroscope and
    /// accelerometer).
    /// - Parameters:
    ///   - first: the first vector's codes.
    ///   - second: the second vector's codes.
    public init(_ first: SensorComponents<Int16>, _ second: SensorComponents<Int16>) {
        guard first.count == 3, second.count == 3 else {
            for code in first { append(Int64(code)) }
            for code in second { append(Int64(code)) }
            return
        }
        storage = (
            Int64(first.x), Int64(first.y), Int64(first.z), Int64(second.x), Int64(second.y), Int64(second.z), 0, 0
        )
        count = 6
    }

    /// The codes of two vectors with one code between them, `first`'s, then `middle`, then `second`'s
    /// (an inertial sample with its temperature).
    /// - Parameters:
    ///   - first: the first vector's codes.
    ///   - middle: the code between them.
    ///   - second: the second vector's codes.
    public init(_ first: SensorComponents<Int16>, _ middle: Int16, _ second: SensorComponents<Int16>) {
        guard first.count == 3, second.count == 3 else {
            for code in first { append(Int64(code)) }
            append(Int64(middle))
            for code in second { append(Int64(code)) }
            return
        }
        storage = (
            Int64(first.x), Int64(first.y), Int64(first.z), Int64(middle), Int64(second.x), Int64(second.y),
            Int64(second.z), 0
        )
        count = 7
    }

    /// Appends a code; ignored when full (a sample has at most ``capacity`` codes).
    /// - Parameter code: the code.
    public mutating func append(_ code: Int64) {
        guard count < Self.capacity else { return }
        withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: code, toByteOffset: count * 8, as: Int64.self) }
        count += 1
    }

    /// 0.
    public var startIndex: Int { 0 }
    /// ``count``.
    public var endIndex: Int { count }

    /// The code at `position`.
    /// - Parameter position: 0 ..< ``count``.
    public subscript(position: Int) -> Int64 {
        precondition(position >= 0 && position < count, "InlineCodes index out of range")
        return withUnsafeBytes(of: storage) { $0.load(fromByteOffset: position * 8, as: Int64.self) }
    }

    /// Equal when both hold the same codes in the same order.
    public static func == (lhs: InlineCodes, rhs: InlineCodes) -> Bool { lhs.holdsSameCodes(as: rhs) }

    /// Whether `other` holds the same codes in the same order, compared slot by slot without a branch
    /// per code: only ``append(_:)`` writes a slot, so slots past ``count`` are zero in both.
    /// - Parameter other: the codes to compare with.
    /// - Returns: true when equal.
    public func holdsSameCodes(as other: InlineCodes) -> Bool {
        let (a, b) = (storage, other.storage)
        let differences =
            (a.0 ^ b.0) | (a.1 ^ b.1) | (a.2 ^ b.2) | (a.3 ^ b.3) | (a.4 ^ b.4) | (a.5 ^ b.5) | (a.6 ^ b.6)
            | (a.7 ^ b.7)
        return count == other.count && differences == 0
    }

    /// Hashes the codes held.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for code in self { hasher.combine(code) }
    }
}
