// SensorGate — Codec: the raw-bit stream that sits backwards at the end of a batch body.

/// Collects bits that need no modelling (low-order residual bits, escapes, side values), packed
/// most significant bit first into bytes b0, b1, …; the body stores them reversed at its end.
struct RawBitWriter {
    private(set) var bytes: [UInt8] = []
    private var accumulator: UInt64 = 0
    private var filled: UInt64 = 0  // bits in `accumulator`

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Appends the low `count` bits of `value` (0 ≤ count ≤ 32), most significant first.
    @inline(__always)
    mutating func write(_ value: UInt64, count: UInt64) {
        guard count > 0 else { return }
        accumulator = (accumulator << count) | (value & ((1 << count) &- 1))
        filled &+= count
        while filled >= 8 {
            filled &-= 8
            bytes.append(UInt8(truncatingIfNeeded: accumulator >> filled))
        }
    }

    /// Appends up to 64 bits, in two pieces when needed.
    mutating func writeWide(_ value: UInt64, count: UInt64) {
        if count > 32 {
            write(value >> 32, count: count - 32)
            write(value & 0xFFFF_FFFF, count: 32)
        } else {
            write(value, count: count)
        }
    }

    /// Pads the last byte with zero bits and returns b0, b1, … in writing order.
    mutating func finish() -> [UInt8] {
        if filled > 0 {
            bytes.append(UInt8(truncatingIfNeeded: accumulator << (8 - filled)))
            filled = 0
        }
        return bytes
    }
}

/// Reads the raw-bit stream backwards from `base[end - 1]` down to `base[start]`.
struct RawBitReader {
    private let base: UnsafePointer<UInt8>
    private var next: Int  // index of the next byte to load; moves down
    private let start: Int
    private var buffer: UInt64 = 0
    private var available: UInt64 = 0

    /// Reads from the region `base[start..<end]`, last byte first.
    init(base: UnsafePointer<UInt8>, start: Int, end: Int) {
        self.base = base
        self.next = end - 1
        self.start = start
    }

    /// The index one below the lowest byte loaded so far: bytes below it are still unread.
    var lowestLoaded: Int { next + 1 }

    @inline(__always)
    private mutating func refill() throws(CodecError) {
        while available <= 56 {
            guard next >= start else {
                if available == 0 { throw CodecError(.truncated, "raw bits run past the start of the body") }
                return
            }
            buffer |= UInt64(base[next]) << (56 &- available)
            next &-= 1
            available &+= 8
        }
    }

    /// Reads `count` bits (0 ≤ count ≤ 32), most significant first.
    @inline(__always)
    mutating func read(_ count: UInt64) throws(CodecError) -> UInt64 {
        guard count > 0 else { return 0 }
        if available < count {
            try refill()
            guard available >= count else { throw CodecError(.truncated, "raw bits run past the start of the body") }
        }
        let value = buffer >> (64 &- count)
        buffer <<= count
        available &-= count
        return value
    }

    /// Reads up to 64 bits, in two pieces when needed.
    mutating func readWide(_ count: UInt64) throws(CodecError) -> UInt64 {
        if count > 32 {
            let high = try read(count - 32)
            return (high << 32) | (try read(32))
        }
        return try read(count)
    }
}
