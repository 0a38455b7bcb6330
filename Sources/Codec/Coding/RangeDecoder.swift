// SensorGate — Codec: the adaptive binary range decoder.

/// Decodes what ``RangeEncoder`` wrote, reading `bytes[start..<end]` forward. Bytes past `end` read
/// as zero, which the encoder's flush allows for: a valid body needs at most 3 of them
/// (docs/batch-format.md §4.1), so the caller refuses a body once ``overrun`` exceeds
/// ``maxOverrun`` instead of decoding a huge claimed row count from zeros.
struct RangeDecoder {
    /// The most zero bytes past the end a valid body can need (3), plus one of margin.
    static let maxOverrun = 4

    private let base: UnsafePointer<UInt8>
    private var position: Int
    private let end: Int
    /// Bytes read past `end` (as zeros).
    private(set) var overrun = 0
    private var range: UInt32 = 0xFFFF_FFFF
    private var code: UInt32 = 0

    /// Starts decoding at `base[start]`; `base` must stay valid for the decoder's lifetime.
    init(base: UnsafePointer<UInt8>, start: Int, end: Int) {
        self.base = base
        self.position = start
        self.end = end
        for _ in 0..<4 { code = (code << 8) | UInt32(nextByte()) }
    }

    /// How many bytes the decoder has read from its region (at most its length).
    var consumed: Int { position }

    /// Whether the decoder has read more zeros past its region than any valid body needs.
    var isOverrun: Bool { overrun > Self.maxOverrun }

    @inline(__always)
    private mutating func nextByte() -> UInt8 {
        guard position < end else {
            overrun &+= 1
            return 0
        }
        let byte = base[position]
        position &+= 1
        return byte
    }

    /// Decodes one bit with the probability `p` and adapts `p` as the encoder did. The updates are
    /// computed without branching on the bit, so only the caller's use of the bit can mispredict.
    @inline(__always)
    mutating func decode(_ p: inout UInt16) -> Bool {
        let probability = UInt32(p)
        let bound = (range >> Probability.bits) &* probability
        let bit = code >= bound
        let mask = UInt32(0) &- (bit ? 1 : 0)  // all ones for a 1 bit
        code &-= bound & mask
        range = ((range &- bound) & mask) | (bound & ~mask)
        let down = probability >> UInt32(Probability.shift)
        let up = (4096 &- probability) >> UInt32(Probability.shift)
        p = UInt16(truncatingIfNeeded: probability &+ (up & ~mask) &- (down & mask))
        normalize()
        return bit
    }

    /// Decodes one symbol 0…15 with the adaptive distribution `row` (``SymbolCDF``) and adapts it.
    /// The symbol is the count of E[1…15] with r · E[i] ≤ code, 16 products at once and no division
    /// (``SymbolCDF/find(_:code:scale:)``); the interval's ends are then computed without branches.
    @inline(__always)
    mutating func decodeSymbol(_ row: UnsafeMutablePointer<UInt16>) -> Int {
        let r = range >> SymbolCDF.scaleBits  // ≥ 2^9
        let s = SymbolCDF.find(row, code: code, scale: r)
        let (low, high) = SymbolCDF.interval(row, s, scale: r, range: range)
        code &-= low
        range = high &- low
        normalize()
        SymbolCDF.adapt(row, symbol: s)
        return s
    }

    /// Brings `range` back to at least 2^24 (it is at least 2^9 after any step: two bytes at most).
    /// Away from the region's end it shifts in 0, 1 or 2 bytes without a branch: whether a step needs
    /// a byte is as good as random, and a mispredicted branch would cost more than the whole step.
    @inline(__always)
    private mutating func normalize() {
        guard position &+ 2 <= end else {
            while range < (1 << 24) {
                range <<= 8
                code = (code << 8) | UInt32(nextByte())
            }
            return
        }
        let wide = Int64(range)
        let count = Int(truncatingIfNeeded: 0 &- (((wide &- (1 << 24)) >> 63) &+ ((wide &- (1 << 16)) >> 63)))
        let shift = UInt32(truncatingIfNeeded: count &<< 3)  // 0, 8 or 16
        let next = UInt32(base[position]) << 8 | UInt32(base[position &+ 1])
        code = (code &<< shift) | (next &>> (16 &- shift))
        range = range &<< shift
        position &+= count
    }
}
