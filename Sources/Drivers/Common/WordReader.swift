// SensorGate — Drivers: 16-bit two's-complement words read in order from a block of register bytes.

/// Reads consecutive 16-bit two's-complement words from a register block, in the chip's byte order,
/// without copying the block.
struct WordReader<Bytes: Collection<UInt8>> {
    /// The byte order of a word in the block.
    enum Order {
        /// High byte first (InvenSense).
        case bigEndian
        /// Low byte first (ST).
        case littleEndian
    }

    private let bytes: Bytes
    private let order: Order
    private var index: Bytes.Index

    /// A reader at the start of `bytes`; the caller checks that the block is long enough.
    /// - Parameters:
    ///   - bytes: the block.
    ///   - order: the chip's byte order.
    @inline(__always)
    init(_ bytes: Bytes, _ order: Order) {
        self.bytes = bytes
        self.order = order
        index = bytes.startIndex
    }

    /// The next word. Always inlined: called as a function, the reader (and the block it holds) was
    /// passed and copied on every word.
    /// - Returns: the value of the next two bytes.
    @inline(__always)
    mutating func next() -> Int16 {
        let first = bytes[index]
        index = bytes.index(after: index)
        let second = bytes[index]
        index = bytes.index(after: index)
        let (high, low) = order == .bigEndian ? (first, second) : (second, first)
        return Int16(bitPattern: UInt16(high) << 8 | UInt16(low))
    }
}
