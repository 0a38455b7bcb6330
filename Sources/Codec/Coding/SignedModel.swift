// SensorGate — Codec: an adaptive model of signed integers with a learned shape (zero, sign, bit length, top bits).

/// Where a coder sends its decisions: the range coder and raw bits (encoding), or a bit count (the
/// encoder's trial runs). Generic code over a sink is specialised, so the trial and the real encoder
/// share one description of the format.
protocol DecisionSink {
    /// Codes `bit` with the adaptive probability `p` and adapts `p`.
    mutating func bit(_ bit: Bool, _ p: inout UInt16)
    /// Appends the low `count` bits of `value` to the raw stream (0 ≤ count ≤ 64).
    mutating func raw(_ value: UInt64, count: UInt64)
    /// Says which part of a trial the decisions that follow belong to (``GroupCostSink``); coders ignore it.
    mutating func enter(_ group: Int)
}

extension DecisionSink {
    /// Coders ignore groups.
    @inline(__always)
    mutating func enter(_ group: Int) {}
}

/// The real encoder: the coded and the raw stream of a batch body.
struct BodySink: DecisionSink {
    var range: RangeEncoder
    var raw: RawBitWriter

    @inline(__always)
    mutating func bit(_ bit: Bool, _ p: inout UInt16) { range.encode(bit, &p) }

    @inline(__always)
    mutating func raw(_ value: UInt64, count: UInt64) { raw.writeWide(value, count: count) }
}

/// Counts what the decisions would cost, in 1/16 bits, adapting the probabilities as the coder would.
struct CostSink: DecisionSink {
    /// The cost so far, in 1/16 bits.
    var sixteenths = 0

    /// −16 · log2(p / 4096) for p = 0...4096 (entry 0 unused).
    static let table: [Int32] = (0...4096).map { p in
        p == 0 ? 16 * 12 : Int32((-16 * log2(Double(p) / 4096)).rounded())
    }

    @inline(__always)
    mutating func bit(_ bit: Bool, _ p: inout UInt16) {
        let chance = bit ? 4096 &- Int(p) : Int(p)
        sixteenths &+= Int(Self.table[chance])
        if bit { p &-= p >> Probability.shift } else { p &+= (4096 &- p) >> Probability.shift }
    }

    @inline(__always)
    mutating func raw(_ value: UInt64, count: UInt64) { sixteenths &+= Int(count) &* 16 }
}

/// Counts like ``CostSink``, but separately for each of three groups of decisions (the timestamp coder's
/// parts that do not depend on its prediction flags, and those that depend on the first or the second
/// flag), so that one trial per flag value prices every combination of flags.
struct GroupCostSink: DecisionSink {
    /// The cost of each group so far, in 1/16 bits.
    var sixteenths: (Int, Int, Int) = (0, 0, 0)
    private var group = 0
    private var cost = CostSink()

    @inline(__always)
    mutating func enter(_ group: Int) {
        flush()
        self.group = group
    }

    @inline(__always)
    mutating func bit(_ bit: Bool, _ p: inout UInt16) { cost.bit(bit, &p) }

    @inline(__always)
    mutating func raw(_ value: UInt64, count: UInt64) { cost.raw(value, count: count) }

    /// Adds what was counted since the last group change to the current group.
    @inline(__always)
    mutating func flush() {
        switch group {
        case 1: sixteenths.1 &+= cost.sixteenths
        case 2: sixteenths.2 &+= cost.sixteenths
        default: sixteenths.0 &+= cost.sixteenths
        }
        cost.sixteenths = 0
    }
}

/// Codes signed integers with adaptive probabilities for: zero or not, the sign, the bit length *b* of
/// the magnitude (unary), and the two bits below its leading one; the bits below those are raw
/// (docs/batch-format.md §5.2). After a few dozen values it codes close to the values' own entropy
/// even when their distribution has several modes (a timer's jitter of 0, ±1 and ±6 µs).
enum SignedModel {
    /// The longest magnitude: 63 bits.
    static let maxBits = 63
    /// Probabilities per context row: zero, sign, 62 length decisions, 3 top-bit decisions per length.
    static let stride = 2 + (maxBits - 1) + 3 * maxBits

    /// Codes `value` with the context row at `row`.
    @inline(__always)
    static func encode<S: DecisionSink>(_ value: Int64, row: UnsafeMutablePointer<UInt16>, sink: inout S) {
        sink.bit(value != 0, &row[0])
        guard value != 0 else { return }
        sink.bit(value < 0, &row[1])
        let magnitude = value.magnitude
        let bits = 64 &- magnitude.leadingZeroBitCount  // 1...63
        let lengths = row + 2
        var j = 0
        while j < bits &- 1 {
            sink.bit(true, &lengths[j])
            j &+= 1
        }
        if bits < maxBits { sink.bit(false, &lengths[bits &- 1]) }
        let below = bits &- 1
        guard below > 0 else { return }
        let top = row + 2 + (maxBits - 1) + 3 * (bits &- 1)
        let first = (magnitude >> UInt64(below &- 1)) & 1
        sink.bit(first == 1, &top[0])
        guard below > 1 else { return }
        let second = (magnitude >> UInt64(below &- 2)) & 1
        sink.bit(second == 1, &top[1 &+ Int(first)])
        sink.raw(magnitude, count: UInt64(below &- 2))
    }

    /// Decodes one value with the context row at `row`.
    @inline(__always)
    static func decode(
        row: UnsafeMutablePointer<UInt16>, range: inout RangeDecoder, raw: inout RawBitReader
    ) throws(CodecError) -> Int64 {
        guard range.decode(&row[0]) else { return 0 }
        let negative = range.decode(&row[1])
        let lengths = row + 2
        var bits = 1
        while bits < maxBits && range.decode(&lengths[bits &- 1]) { bits &+= 1 }
        var magnitude: UInt64 = 1
        let below = bits &- 1
        if below > 0 {
            let top = row + 2 + (maxBits - 1) + 3 * (bits &- 1)
            let first: UInt64 = range.decode(&top[0]) ? 1 : 0
            magnitude = (magnitude << 1) | first
            if below > 1 {
                let second: UInt64 = range.decode(&top[1 &+ Int(first)]) ? 1 : 0
                magnitude = (magnitude << 1) | second
                let rest = UInt64(below &- 2)
                magnitude = (magnitude << rest) | (try raw.readWide(rest))
            }
        }
        // magnitude < 2^63: a 63-bit value fits Int64 with either sign.
        return negative ? -Int64(magnitude) : Int64(magnitude)
    }
}
