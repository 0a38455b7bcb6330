// SensorGate — Codec: the raw-bit stream that sits backwards at the end of a batch body.

/// Collects bits that need no modelling (low-order residual bits, escapes, side values), packed
/// most significant bit first into bytes b0, b1, …; the body stores them reversed at its end.
struct RawBitWriter {
    private var words: [UInt64] = []  // full 64-bit groups, first bit most significant
    private var accumulator: UInt64 = 0
    private var filled: UInt64 = 0  // bits in `accumulator`, at its low end

    init(capacity: Int = 0) { words.reserveCapacity(capacity / 8 + 1) }

    /// Appends the low `count` bits of `value` (0 ≤ count ≤ 32), most significant first.
    @inline(__always)
    mutating func write(_ value: UInt64, count: UInt64) {
        guard count > 0 else { return }
        let bits = value & ((1 << count) &- 1)
        if filled &+ count < 64 {
            accumulator = (accumulator << count) | bits
            filled &+= count
        } else {
            let fits = 64 &- filled  // 1...32 here
            let rest = count &- fits
            words.append((accumulator &<< fits) | (bits &>> rest))
            accumulator = bits & ((1 &<< rest) &- 1)
            filled = rest
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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(words.count * 8 + 8)
        for word in words {
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        if filled > 0 {
            let aligned = accumulator << (64 - filled)
            let count = Int((filled + 7) / 8)
            for n in 0..<count { bytes.append(UInt8(truncatingIfNeeded: aligned >> UInt64(56 - 8 * n))) }
        }
        words = []
        accumulator = 0
        filled = 0
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

    private mutating func refill() throws(CodecError) {
        // Eight bytes at once while they are all inside the region: the little-endian word at
        // next − 7 holds base[next] in its top byte, which is the next byte of the stream.
        if next &- 7 >= start {
            let word = UnsafeRawPointer(base + (next &- 7)).loadUnaligned(as: UInt64.self)
            let take = (64 &- available) >> 3  // whole bytes that fit
            buffer |= UInt64(littleEndian: word) >> available
            next &-= Int(take)
            available &+= take << 3
            return
        }
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
        if available < count {
            try refill()
            guard available >= count else { throw CodecError(.truncated, "raw bits run past the start of the body") }
        }
        let value = (buffer &>> 1) &>> (63 &- count)  // 0 for count 0
        buffer = buffer &<< count
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
