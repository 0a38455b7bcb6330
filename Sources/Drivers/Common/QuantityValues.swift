// SensorGate — Drivers: a reading's SI values by quantity, stored inline.

/// The SI values of one reading by quantity, one slot per ``Quantity``: setting and reading a value
/// never allocates. Reads like a dictionary (`values[.accelMps2]` is nil when the reading has no
/// acceleration) and iterates in ``Quantity`` declaration order.
public struct QuantityValues: Sendable, Hashable {
    @usableFromInline var slots: InlineArray<6, SensorComponents<Double>>

    /// No values.
    public init() {
        slots = InlineArray(repeating: SensorComponents())
    }

    /// One quantity's components, for a driver that measures one.
    /// - Parameters:
    ///   - quantity: the quantity.
    ///   - components: its components.
    init(_ quantity: Quantity, _ components: SensorComponents<Double>) {
        self.init()
        slots[quantity.slot] = components
    }

    /// The components of `quantity`, or nil when the reading has none; setting nil removes them
    /// (an empty value is stored as absent). Inlinable: every sink looks values up per reading.
    @inlinable
    public subscript(quantity: Quantity) -> SensorComponents<Double>? {
        get {
            let value = slots[quantity.slot]
            return value.isEmpty ? nil : value
        }
        set { slots[quantity.slot] = newValue ?? SensorComponents() }
    }

    /// The components of `quantity` in the values at `values`, or nil when they have none, read where they
    /// lie: the subscript indexes the inline array, which copies all six slots to the stack first (a
    /// variable index into an inline array held in a value), and a sink looking up each of a drain's
    /// readings pays that copy per lookup.
    /// - Parameters:
    ///   - quantity: the quantity.
    ///   - values: the values, in memory that stays valid for the call.
    /// - Returns: the components, as the subscript gives them.
    @inlinable
    public static func components(of quantity: Quantity, in values: UnsafePointer<QuantityValues>)
        -> SensorComponents<Double>?
    {
        // The only stored property is the inline array, whose elements lie at their stride.
        let stride = MemoryLayout<SensorComponents<Double>>.stride
        let value = UnsafeRawPointer(values).load(
            fromByteOffset: quantity.slot * stride, as: SensorComponents<Double>.self)
        return value.isEmpty ? nil : value
    }

    /// Whether the reading has no value at all.
    public var isEmpty: Bool { slots.indices.allSatisfy { slots[$0].isEmpty } }

    /// How many quantities the reading has.
    public var count: Int { slots.indices.reduce(0) { $0 + (slots[$1].isEmpty ? 0 : 1) } }

    /// Equal when both hold the same quantities with the same components.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.slots.indices.allSatisfy { lhs.slots[$0] == rhs.slots[$0] }
    }

    /// Hashes every slot.
    public func hash(into hasher: inout Hasher) {
        for slot in slots.indices { hasher.combine(slots[slot]) }
    }
}

extension QuantityValues: Sequence {
    /// The quantities present and their components, in ``Quantity`` declaration order.
    public struct Iterator: IteratorProtocol {
        fileprivate let values: QuantityValues
        fileprivate var position = 0

        /// The next quantity present, or nil at the end.
        public mutating func next() -> (quantity: Quantity, components: SensorComponents<Double>)? {
            while let quantity = Quantity(slot: position) {
                position += 1
                if let components = values[quantity] { return (quantity, components) }
            }
            return nil
        }
    }

    /// Iterates the quantities present.
    public func makeIterator() -> Iterator { Iterator(values: self) }
}

extension QuantityValues: ExpressibleByDictionaryLiteral {
    /// The literal's values (for tests and tables; drivers set values by subscript).
    /// - Parameter elements: quantity and components pairs; a later pair replaces an earlier one.
    public init(dictionaryLiteral elements: (Quantity, SensorComponents<Double>)...) {
        self.init()
        for (quantity, components) in elements { self[quantity] = components }
    }
}

extension Quantity {
    /// The quantity's slot in ``QuantityValues``.
    @inlinable
    var slot: Int {
        switch self {
        case .pressurePa: 0
        case .temperatureC: 1
        case .humidityRH: 2
        case .accelMps2: 3
        case .gyroRadps: 4
        case .magUT: 5
        }
    }

    /// The quantity in `slot`, or nil past the last.
    init?(slot: Int) {
        switch slot {
        case 0: self = .pressurePa
        case 1: self = .temperatureC
        case 2: self = .humidityRH
        case 3: self = .accelMps2
        case 4: self = .gyroRadps
        case 5: self = .magUT
        default: return nil
        }
    }
}
