// SensorGate — Drivers: the one to three components of a quantity or raw code, stored inline.

/// One to three components (x y z, or one scalar) of a value or a raw code, held inline: making,
/// copying and reading one never allocates. Compares and hashes by its components only.
public struct SensorComponents<Scalar: Hashable & Sendable & BitwiseCopyable & Numeric>: Sendable {
    /// The most components one entry holds: three, for vector quantities.
    public static var capacity: Int { 3 }

    // Three stored scalars rather than an InlineArray: reading one is a plain load even in unoptimised
    // builds, where generic InlineArray access allocates a coroutine frame per element.
    @usableFromInline var x: Scalar
    @usableFromInline var y: Scalar
    @usableFromInline var z: Scalar
    @usableFromInline var stored: UInt8

    /// No components (an absent value reads as nil, never as this).
    @inlinable
    public init() {
        x = .zero
        y = .zero
        z = .zero
        stored = 0
    }

    /// One scalar component.
    /// - Parameter value: the value.
    public init(_ value: Scalar) {
        x = value
        y = .zero
        z = .zero
        stored = 1
    }

    /// Three components, x y z.
    /// - Parameters:
    ///   - x: the first component.
    ///   - y: the second component.
    ///   - z: the third component.
    public init(_ x: Scalar, _ y: Scalar, _ z: Scalar) {
        self.x = x
        self.y = y
        self.z = z
        stored = 3
    }

    /// The first three elements of `values`, converted.
    /// - Parameters:
    ///   - values: the components; a fourth and later ones are not kept.
    ///   - convert: converts one element.
    public init<Source: Sequence>(_ values: Source, _ convert: (Source.Element) -> Scalar) {
        self.init()
        for value in values where !append(convert(value)) { break }
    }

    /// Appends a component; a fourth and later ones are not kept.
    /// - Parameter value: the component.
    /// - Returns: whether it was kept.
    @discardableResult
    public mutating func append(_ value: Scalar) -> Bool {
        guard Int(stored) < Self.capacity else { return false }
        stored += 1
        self[Int(stored) - 1] = value
        return true
    }
}

extension SensorComponents: RandomAccessCollection, MutableCollection {
    /// The first index, 0.
    @inlinable public var startIndex: Int { 0 }
    /// One past the last component.
    @inlinable public var endIndex: Int { Int(stored) }

    /// The component at `position` (0 ..< count).
    @inlinable
    public subscript(position: Int) -> Scalar {
        get {
            switch position {
            case 0: x
            case 1: y
            default: z
            }
        }
        set {
            switch position {
            case 0: x = newValue
            case 1: y = newValue
            default: z = newValue
            }
        }
    }
}

extension SensorComponents: ExpressibleByArrayLiteral {
    /// The literal's components; a literal of more than three keeps the first three.
    /// - Parameter elements: the components.
    public init(arrayLiteral elements: Scalar...) {
        self.init()
        for element in elements { append(element) }
    }
}

extension SensorComponents: Hashable {
    /// Equal when both hold the same components in the same order.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.elementsEqual(rhs)
    }

    /// Hashes the count and the components.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(stored)
        for value in self { hasher.combine(value) }
    }
}

extension SensorComponents: CustomStringConvertible {
    /// `[1.0, 2.0, 3.0]`, as an array prints.
    public var description: String { "[\(map { "\($0)" }.joined(separator: ", "))]" }
}
