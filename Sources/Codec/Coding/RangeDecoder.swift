// SensorGate — Codec: the adaptive binary range decoder.

/// Decodes what ``RangeEncoder`` wrote, reading `bytes[start..<end]` forward. Bytes past `end` read
/// as zero, which the encoder's flush allows for; the caller bounds the work by the sample count.
struct RangeDecoder {
    private let base: UnsafePointer<UInt8>
    private var position: Int
    private let end: Int
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

    @inline(__always)
    private mutating func nextByte() -> UInt8 {
        guard position < end else { return 0 }
        let byte = base[position]
        position &+= 1
        return byte
    }

    /// Decodes one bit with the probability `p` and adapts `p` as the encoder did.
    @inline(__always)
    mutating func decode(_ p: inout UInt16) -> Bool {
        let bound = (range >> Probability.bits) &* UInt32(p)
        let bit: Bool
        if code < bound {
            range = bound
            p &+= (4096 &- p) >> Probability.shift
            bit = false
        } else {
            code &-= bound
            range &-= bound
            p &-= p >> Probability.shift
            bit = true
        }
        while range < (1 << 24) {
            range <<= 8
            code = (code << 8) | UInt32(nextByte())
        }
        return bit
    }
}
