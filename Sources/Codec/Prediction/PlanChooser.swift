// SensorGate — Codec: how the encoder picks each channel's predictor for a batch.

/// The encoder's choice for one channel and batch: the plan and the model starts it announces.
struct ChannelChoice {
    var plan: ChannelPlan
    var modelShift: UInt32
    var offsetShift: UInt32
}

/// The estimated cost of the predictor a channel's last full search chose: `bits` over `count` residuals.
struct SearchReference: Equatable {
    /// How far the carried predictor's bits per residual may move, as a fraction 1/2^n of the search's,
    /// before the encoder searches again.
    static let toleranceShift = 6
    /// Estimated residual bits (``CostEstimate``).
    var bits: Int
    /// Residuals they were counted over.
    var count: Int

    /// Whether `bits` over `count` residuals is within the tolerance of the reference's bits per residual
    /// (compared as cross products: no division, no rounding).
    func holds(bits candidateBits: Int, count candidateCount: Int) -> Bool {
        guard count > 0, candidateCount > 0 else { return false }
        let expected = bits &* candidateCount
        let difference = (candidateBits &* count) &- expected
        return difference.magnitude <= UInt(expected >> Self.toleranceShift)
    }
}

/// Picks a channel's plan by estimated cost: constant, the previous batch's predictor, the fixed
/// polynomials of order 0–3, a fitted LPC, and any of these with a lattice (docs/batch-format.md §8).
/// While the previous predictor codes within the ``SearchReference`` tolerance of what it cost when
/// chosen, it is kept without a search.
struct PlanChooser {
    /// A predictor with its estimated residual bits and side bits.
    private struct Candidate {
        var predictor: Predictor
        var reuse: Bool
        var bits: Int
        var side: Int
        var shift: UInt32
    }

    /// Two candidates' residuals, zig-zag and signed, costed side by side (``CostEstimate/bits(_:magnitude:_:magnitude:)``).
    private var residuals: [UInt64] = []
    private var signed: [Int64] = []
    private var residuals2: [UInt64] = []
    private var signed2: [Int64] = []
    /// The signed residuals of the best candidate so far (swapped in from `signed`); after ``choose``,
    /// those of the chosen predictor: sample `start + j` at index `j` (`j − 1` when `start` is 0).
    private(set) var bestSigned: [Int64] = []
    /// Scratch for a lattice candidate's zig-zag grid indices and offsets, and those of the best one
    /// (valid after ``choose`` when its plan has a lattice).
    private var indices: [UInt64] = []
    private var offsets: [UInt64] = []
    private var bestIndices: [UInt64] = []
    private var bestOffsets: [UInt64] = []
    /// The LPC fit's working arrays.
    private var lpcScratch = LPCFit.Scratch()

    /// Runs `body` with the chosen plan's residuals and, when it has a lattice, their grid codes.
    func withResiduals<R>(
        _ body: (UnsafePointer<Int64>?, (indices: UnsafePointer<UInt64>, offsets: UnsafePointer<UInt64>)?) -> R
    ) -> R {
        bestSigned.withUnsafeBufferPointer { residuals in
            bestIndices.withUnsafeBufferPointer { indices in
                bestOffsets.withUnsafeBufferPointer { offsets in
                    guard let i = indices.baseAddress, let o = offsets.baseAddress else {
                        return body(residuals.baseAddress, nil)
                    }
                    return body(residuals.baseAddress, (i, o))
                }
            }
        }
    }

    /// Chooses for `work[0..<start+count]`, where `work[0..<start]` is the history. `reference` is what
    /// the channel's last full search found for the predictor `state` carries; a search updates it.
    mutating func choose(
        _ work: UnsafeMutablePointer<Int64>, start: Int, count: Int, state: ChannelState, key: Bool, lossless: Bool,
        reference: inout SearchReference?
    ) -> ChannelChoice {
        let values = UnsafeBufferPointer(start: work + start, count: count)
        if let first = values.first, values.allSatisfy({ $0 == first }) {
            return ChannelChoice(plan: .constant(first), modelShift: 0, offsetShift: 0)
        }
        if residuals.count < count {
            residuals = [UInt64](repeating: 0, count: count)
            signed = [Int64](repeating: 0, count: count)
            residuals2 = [UInt64](repeating: 0, count: count)
            signed2 = [Int64](repeating: 0, count: count)
            bestSigned = [Int64](repeating: 0, count: count)
            indices = [UInt64](repeating: 0, count: count)
            offsets = [UInt64](repeating: 0, count: count)
            bestIndices = [UInt64](repeating: 0, count: count)
            bestOffsets = [UInt64](repeating: 0, count: count)
        }
        let carried: UInt32? = key ? nil : state.model.magnitude
        var best = Candidate(predictor: .fixed(0), reuse: false, bits: .max, side: 0, shift: 0)
        // The predictor carried over is weighed first (a tie keeps the earlier). When it codes as well
        // as it did when the last search chose it, the search is skipped.
        if let previous = state.predictor {
            let used = Self.fill(previous, work: work, start: start, count: count, &signed, &residuals)
            let (bits, shift) = Self.cost(residuals, used, carried: carried)
            Self.weigh((previous, true, 1), bits: bits, shift: shift, &signed, &bestSigned, best: &best)
            if !key, let reference, reference.holds(bits: bits, count: used) {
                return finish(best, work: work, start: start, count: count, state: state, key: key, lossless: lossless)
            }
        }
        // The other candidates, in the order they are weighed: the two fixed orders with the least
        // sums of |residual|, a fitted LPC.
        var candidates: [(predictor: Predictor, reuse: Bool, sideBits: Int)] = []
        let sums = Self.fixedOrderSums(work, start: start, count: count)
        let ranked = (0...3).sorted { sums[$0] < sums[$1] }
        for fixedOrder in ranked.prefix(2) where state.predictor != .fixed(fixedOrder) {
            candidates.append((.fixed(fixedOrder), false, 4))
        }
        let context = min(start, ChannelState.historyLength)
        if let lpc = LPCFit.fit(
            UnsafeBufferPointer(start: work + start - context, count: context + count), scored: count,
            scratch: &lpcScratch)
        {
            candidates.append((lpc, false, 16 + lpc.order * ChannelHeader.width(of: lpc.coefficients)))
        }
        // Costed two at a time: the estimate is one long dependency chain per candidate, and two
        // chains side by side run in about the time of one.
        var next = 0
        var used = 0
        while next < candidates.count {
            let first = candidates[next]
            used = Self.fill(first.predictor, work: work, start: start, count: count, &signed, &residuals)
            guard next + 1 < candidates.count else {
                let (bits, shift) = Self.cost(residuals, used, carried: carried)
                Self.weigh(first, bits: bits, shift: shift, &signed, &bestSigned, best: &best)
                break
            }
            let second = candidates[next + 1]
            _ = Self.fill(second.predictor, work: work, start: start, count: count, &signed2, &residuals2)
            let (costs, shifts) = Self.cost(residuals, residuals2, used, carried: carried)
            Self.weigh(first, bits: costs.0, shift: shifts.0, &signed, &bestSigned, best: &best)
            Self.weigh(second, bits: costs.1, shift: shifts.1, &signed2, &bestSigned, best: &best)
            next += 2
        }
        reference = SearchReference(bits: best.bits, count: used)
        return finish(best, work: work, start: start, count: count, state: state, key: key, lossless: lossless)
    }

    /// The choice for the best candidate: as it is, or with a lattice when one codes it in fewer bits.
    private mutating func finish(
        _ best: Candidate, work: UnsafeMutablePointer<Int64>, start: Int, count: Int, state: ChannelState, key: Bool,
        lossless: Bool
    ) -> ChannelChoice {
        var choice = ChannelChoice(
            plan: .predicted(best.predictor, reuse: best.reuse, lattice: nil, sameLattice: false),
            modelShift: best.shift, offsetShift: 0)
        if lossless,
            let withLattice = latticeChoice(best, work: work, start: start, count: count, state: state, key: key)
        {
            choice = withLattice
        }
        return choice
    }

    /// The sums of residual magnitudes of the fixed orders 0...3 (FLAC's measure), in one pass.
    static func fixedOrderSums(_ work: UnsafeMutablePointer<Int64>, start: Int, count: Int) -> [UInt64] {
        let from = max(start, 3)
        let end = start + count
        guard from < end else { return [3, 0, 1, 2] }
        var sums: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var i = from
        while i < end {
            let x0 = work[i]
            let x1 = work[i - 1]
            let x2 = work[i - 2]
            let x3 = work[i - 3]
            let d1 = x0 &- x1
            let d2 = d1 &- (x1 &- x2)
            let d3 = d2 &- ((x1 &- x2) &- (x2 &- x3))
            sums.0 &+= x0.magnitude
            sums.1 &+= d1.magnitude
            sums.2 &+= d2.magnitude
            sums.3 &+= d3.magnitude
            i &+= 1
        }
        return [sums.0, sums.1, sums.2, sums.3]
    }

    /// Makes `candidate` the best when its bits and side bits are fewer than the best's, its signed
    /// residuals (in `signed`) swapped into `bestSigned`.
    private static func weigh(
        _ candidate: (predictor: Predictor, reuse: Bool, sideBits: Int), bits: Int, shift: UInt32,
        _ signed: inout [Int64], _ bestSigned: inout [Int64], best: inout Candidate
    ) {
        guard bits &+ candidate.sideBits < best.bits &+ best.side else { return }
        best = Candidate(
            predictor: candidate.predictor, reuse: candidate.reuse, bits: bits, side: candidate.sideBits, shift: shift)
        swap(&signed, &bestSigned)
    }

    /// The estimated bits of the first `used` of `residuals` and the key start they would announce.
    private static func cost(_ residuals: [UInt64], _ used: Int, carried: UInt32?) -> (Int, UInt32) {
        residuals.withUnsafeBufferPointer { all in
            let values = UnsafeBufferPointer(rebasing: all[0..<used])
            let (magnitude, shift) = CostEstimate.startMagnitude(values, carried: carried)
            return (CostEstimate.bits(values, magnitude: magnitude), shift)
        }
    }

    /// ``cost(_:_:carried:)`` of two candidates' residuals, estimated side by side.
    private static func cost(_ a: [UInt64], _ b: [UInt64], _ used: Int, carried: UInt32?) -> (
        (Int, Int), (UInt32, UInt32)
    ) {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                let first = UnsafeBufferPointer(rebasing: a[0..<used])
                let second = UnsafeBufferPointer(rebasing: b[0..<used])
                let (ma, sa) = CostEstimate.startMagnitude(first, carried: carried)
                let (mb, sb) = CostEstimate.startMagnitude(second, carried: carried)
                return (CostEstimate.bits(first, magnitude: ma, second, magnitude: mb), (sa, sb))
            }
        }
    }

    /// Fills `signed` and `residuals` (zig-zag) with the predictor's residuals of `work[start..<start+count]`
    /// (from `start + 1` when `start` is 0) and returns how many there are.
    private static func fill(
        _ predictor: Predictor, work: UnsafeMutablePointer<Int64>, start: Int, count: Int,
        _ signed: inout [Int64], _ residuals: inout [UInt64]
    ) -> Int {
        let order = predictor.order
        let shift = Int64(predictor.shift)
        let coefficients = predictor.wide
        var used = 0
        coefficients.withUnsafeBufferPointer { c in
            guard let c = c.baseAddress else { return }
            residuals.withUnsafeMutableBufferPointer { out in
                signed.withUnsafeMutableBufferPointer { raw in
                    guard let out = out.baseAddress, let raw = raw.baseAddress else { return }
                    let end = start + count
                    let plainFrom = min(max(start, order, 1), end)
                    for i in start..<plainFrom where i > 0 {
                        let prediction =
                            i >= order
                            ? Predictor.predict(work + i, coefficients: c, order: order, shift: shift)
                            : Predictor.warmUp(work + i, available: i)
                        let residual = work[i] &- prediction
                        raw[used] = residual
                        out[used] = Varint.zigzag(residual)
                        used &+= 1
                    }
                    let rest = UnsafeMutablePointer(mutating: work + plainFrom)
                    let n = end - plainFrom
                    switch predictor.kind {
                    case .fixed(0): Self.residuals(FixedOrder0(), rest, n, raw + used, out + used)
                    case .fixed(1): Self.residuals(FixedOrder1(), rest, n, raw + used, out + used)
                    case .fixed(2): Self.residuals(FixedOrder2(), rest, n, raw + used, out + used)
                    case .fixed: Self.residuals(FixedOrder3(), rest, n, raw + used, out + used)
                    case .lpc:
                        // Long orders: the exact floating-point kernel, unless it declines.
                        let exact =
                            n > 0 && ExactLinearKernel.applies(c, order: order, window: work, from: plainFrom)
                            && ExactLinearKernel.withKernel(
                                coefficients: c, order: order, shift: Int(shift), window: work, from: plainFrom,
                                end: end,
                                { kernel in
                                    Self.residuals(
                                        kernel.known(from: plainFrom, to: end), rest, n, raw + used, out + used)
                                }) != nil
                        if !exact {
                            let kernel = LinearKernel(coefficients: c, order: order, shift: Int(shift))
                            Self.residuals(kernel, rest, n, raw + used, out + used)
                        }
                    }
                    used &+= n
                }
            }
        }
        return used
    }

    /// Residuals of `x[0..<count]` (full history before each) into `signed` and their zig-zag into `unsigned`.
    @inline(__always)
    private static func residuals<K: PredictorKernel>(
        _ kernel: K, _ x: UnsafeMutablePointer<Int64>, _ count: Int, _ signed: UnsafeMutablePointer<Int64>,
        _ unsigned: UnsafeMutablePointer<UInt64>
    ) {
        var i = 0
        while i < count {
            let residual = x[i] &- kernel.predict(x + i)
            kernel.record(x[i], at: x + i)
            signed[i] = residual
            unsigned[i] = Varint.zigzag(residual)
            i &+= 1
        }
    }

    /// The best plan with a lattice under the chosen predictor, when it beats the plan without one; its
    /// grid codes are left in `bestIndices` and `bestOffsets`.
    private mutating func latticeChoice(
        _ best: Candidate, work: UnsafeMutablePointer<Int64>,
        start: Int, count: Int, state: ChannelState, key: Bool
    ) -> ChannelChoice? {
        let used = start == 0 ? count - 1 : count
        guard used >= 8 else { return nil }
        let residualsSigned = bestSigned[0..<used]
        var candidates: (Lattice?, Lattice?) = (state.lattice, nil)
        if key || state.lattice == nil, let found = LatticeSearch.find(residualsSigned), found != state.lattice {
            candidates.1 = found
        }
        var bestChoice: ChannelChoice?
        var bestBits = best.bits
        for candidate in [candidates.0, candidates.1] {
            guard let lattice = candidate else { continue }
            indices.withUnsafeMutableBufferPointer { indices in
                offsets.withUnsafeMutableBufferPointer { offsets in
                    var i = 0
                    for r in residualsSigned {
                        let m = lattice.index(of: r)
                        indices[i] = Varint.zigzag(m)
                        offsets[i] = Varint.zigzag(r &- lattice.point(m))
                        i &+= 1
                    }
                }
            }
            let same = lattice == state.lattice
            let carried: UInt32? = key ? nil : state.model.magnitude
            let carriedOffset: UInt32? = same ? state.offsetModel.magnitude : nil
            let (indexBits, shift) = indices.withUnsafeBufferPointer { all in
                let values = UnsafeBufferPointer(rebasing: all[0..<used])
                let (m, s) = CostEstimate.startMagnitude(values, carried: carried)
                return (CostEstimate.bits(values, magnitude: m), s)
            }
            let (offsetBits, offsetShift) = offsets.withUnsafeBufferPointer { all in
                let values = UnsafeBufferPointer(rebasing: all[0..<used])
                let (m, s) = CostEstimate.startMagnitude(values, carried: carriedOffset)
                return (CostEstimate.bits(values, magnitude: m), s)
            }
            let side = same ? 2 : 2 + 5 + 2 * 8
            let total = indexBits + offsetBits + side
            if total < bestBits {
                bestBits = total
                bestChoice = ChannelChoice(
                    plan: .predicted(best.predictor, reuse: best.reuse, lattice: lattice, sameLattice: same),
                    modelShift: shift, offsetShift: offsetShift)
                swap(&indices, &bestIndices)
                swap(&offsets, &bestOffsets)
            }
        }
        return bestChoice
    }
}
