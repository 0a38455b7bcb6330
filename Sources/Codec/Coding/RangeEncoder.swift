// SensorGate — Codec: the adaptive binary range encoder (LZMA's coder, with a shortest flush).

/// Probabilities are 12-bit: `p` is the chance of a 0 bit times 4096, adapted by 1/32 of the gap
/// after each bit (docs/batch-format.md §4.1).
enum Probability {
    /// The scale of a probability: 4096 is certainty.
    static let bits: UInt32 = 12
    /// The value of "even odds", the state of every model after a key batch.
    static let half: UInt16 = 2048
    /// The adaptation shift.
    static let shift: UInt16 = 5
}

/// Encodes adaptive binary decisions into bytes that ``RangeDecoder`` reads forward.
struct RangeEncoder {
    private(set) var bytes: [UInt8] = []
    private var low: UInt64 = 0
    private var range: UInt32 = 0xFFFF_FFFF
    private var cache: UInt8 = 0
    private var pending = 0  // 0xFF bytes waiting behind `cache` for a possible carry
    private var started = false  // the first cache byte (always 0) is never written

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Encodes `bit` with the probability `p` and adapts `p`.
    @inline(__always)
    mutating func encode(_ bit: Bool, _ p: inout UInt16) {
        let probability = UInt32(p)
        let bound = (range >> Probability.bits) &* probability
        let mask = UInt32(0) &- (bit ? 1 : 0)  // all ones for a 1 bit
        low &+= UInt64(bound & mask)
        range = ((range &- bound) & mask) | (bound & ~mask)
        let down = probability >> UInt32(Probability.shift)
        let up = (4096 &- probability) >> UInt32(Probability.shift)
        p = UInt16(truncatingIfNeeded: probability &+ (up & ~mask) &- (down & mask))
        while range < (1 << 24) {
            range <<= 8
            shiftLow()
        }
    }

    /// Encodes symbol `s` (0…15) with the adaptive distribution `row` (``SymbolCDF``) and adapts it.
    @inline(__always)
    mutating func encodeSymbol(_ s: Int, _ row: UnsafeMutablePointer<UInt16>) {
        let (bottom, top) = SymbolCDF.interval(row, s, scale: range >> SymbolCDF.scaleBits, range: range)
        low &+= UInt64(bottom)
        range = top &- bottom
        SymbolCDF.adapt(row, symbol: s)
        while range < (1 << 24) {
            range <<= 8
            shiftLow()
        }
    }

    @inline(__always)
    private mutating func shiftLow() {
        if low < 0xFF00_0000 || low >= (1 << 32) {
            let carry = UInt8(truncatingIfNeeded: low >> 32)
            if started { bytes.append(cache &+ carry) } else { started = true }
            while pending > 0 {
                bytes.append(0xFF &+ carry)
                pending -= 1
            }
            cache = UInt8(truncatingIfNeeded: low >> 24)
        } else {
            pending += 1
        }
        low = (low & 0x00FF_FFFF) << 8
    }

    /// Writes the fewest bytes that keep the decoder inside the final interval whatever bytes follow
    /// them, and returns everything written.
    mutating func finish() -> [UInt8] {
        let top = low &+ UInt64(range) &- 1
        var count = 1
        while count < 4 {
            let unit = UInt64(1) << (32 - 8 * count)
            let aligned = (low &+ unit &- 1) / unit * unit
            if aligned &+ unit &- 1 <= top { break }
            count += 1
        }
        let unit = UInt64(1) << (32 - 8 * count)
        low = (low &+ unit &- 1) / unit * unit
        for _ in 0...count { shiftLow() }
        return bytes
    }
}
