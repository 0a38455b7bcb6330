// SensorGate — HAL: a fixed-capacity byte buffer held inline, for register reads on the hot path.

/// Up to 32 bytes held inline (no heap storage): what one register read returns on the sampling hot
/// path, filled in place through ``withUnsafeMutableBytes(count:_:)``.
///
/// 32 bytes is the SMBus block limit (``I2CFunctionality/smbusBlockMaxBytes``) and covers every burst
/// the drivers read per transaction; longer reads use the array conveniences of the bus protocols.
public struct RegisterBytes: RandomAccessCollection, Sendable, Hashable {
    /// The most bytes a value holds.
    public static let capacity = 32
    /// The bytes (``withUnsafeMutableBytes(count:_:)`` fills them in place); read in place by the subscript.
    @usableFromInline var storage = InlineArray<32, UInt8>(repeating: 0)
    /// How many bytes it holds.
    public private(set) var count = 0

    /// An empty buffer.
    @inlinable public init() {}

    /// 0.
    @inlinable public var startIndex: Int { 0 }
    /// ``count``.
    @inlinable public var endIndex: Int { count }

    /// The byte at `position`.
    /// - Parameter position: 0 ..< ``count``.
    @inlinable public subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < count, "RegisterBytes index out of range")
        return storage[position]
    }

    /// Sets the length to `count` and lets `body` fill the bytes in place.
    /// - Parameters:
    ///   - count: the new length, 0 … ``capacity``.
    ///   - body: fills the buffer it is given (exactly `count` bytes).
    /// - Throws: `HALError` with kind `.invalidArgument` when `count` is outside 0 … ``capacity``
    ///   (the buffer is then left empty), or what `body` throws.
    public mutating func withUnsafeMutableBytes(
        count: Int, _ body: (UnsafeMutableRawBufferPointer) throws(HALError) -> Void
    ) throws(HALError) {
        guard (0...Self.capacity).contains(count) else {
            self.count = 0
            throw HALError(
                .invalidArgument, device: "buffer", operation: "read of \(count) bytes",
                hint: "a RegisterBytes holds at most \(Self.capacity) bytes; read longer blocks in parts")
        }
        self.count = count
        try Swift.withUnsafeMutableBytes(of: &storage) { (raw) throws(HALError) in
            try body(UnsafeMutableRawBufferPointer(rebasing: raw[0..<count]))
        }
    }

    /// Lets `body` read the bytes in place.
    /// - Parameter body: reads the buffer it is given (exactly ``count`` bytes).
    /// - Returns: what `body` returns.
    @inlinable public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        let count = self.count
        return Swift.withUnsafeBytes(of: storage) { raw in body(UnsafeRawBufferPointer(rebasing: raw[0..<count])) }
    }

    /// Equal when both hold the same bytes.
    public static func == (lhs: RegisterBytes, rhs: RegisterBytes) -> Bool { lhs.elementsEqual(rhs) }

    /// Hashes the bytes held.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for byte in self { hasher.combine(byte) }
    }
}
