// SensorGate — Codec: the hot loops that code one channel's samples.

/// Codes one channel's samples after its header (docs/batch-format.md §6.2): the first sample of a
/// stream (no history) as a side value, every other one as the residual from its prediction.
enum ChannelSamples {
    /// Quantises a residual for near-lossless coding with bound `bound` (step 2·bound + 1).
    @inline(__always)
    static func quantise(_ residual: Int64, bound: Int64) -> Int64 {
        let step = 2 &* bound &+ 1
        return residual >= 0 ? (residual &+ bound) / step : -((bound &- residual) / step)
    }

    /// Encodes `work[start..<start+count]` (the values; `work[0..<start]` is the history). With a
    /// near-lossless `bound` > 0 the values are replaced by their reconstruction as they are coded.
    ///
    /// `residuals`, when given, are the predictor's residuals of these samples as the encoder's chooser
    /// computed them (sample `start + j` at index `j`, `j − 1` when `start` is 0); lossless blocks without
    /// a lattice then code them without predicting again. `latticeCodes`, when given with a lattice, are
    /// the zig-zag grid indices and offsets of those residuals (indexed the same way), which lossless
    /// blocks then code without dividing again.
    static func encode(
        _ work: UnsafeMutablePointer<Int64>, start: Int, count: Int, predictor: Predictor, lattice: Lattice?,
        bound: Int64, residuals: UnsafePointer<Int64>? = nil,
        latticeCodes: (indices: UnsafePointer<UInt64>, offsets: UnsafePointer<UInt64>)? = nil,
        state: inout ChannelState,
        range rangeOut: inout RangeEncoder, raw rawOut: inout RawBitWriter
    ) {
        var range = RangeEncoder()
        var raw = RawBitWriter()
        swap(&range, &rangeOut)
        swap(&raw, &rawOut)
        defer {
            swap(&range, &rangeOut)
            swap(&raw, &rawOut)
        }
        let order = predictor.order
        let shift = Int64(predictor.shift)
        let coefficients = predictor.wide
        var magnitude = state.model.magnitude
        var offsetMagnitude = state.offsetModel.magnitude
        coefficients.withUnsafeBufferPointer { coefficientBuffer in
            state.model.counts.withUnsafeMutableBufferPointer { probabilities in
                state.offsetModel.counts.withUnsafeMutableBufferPointer { offsetProbabilities in
                    guard let c = coefficientBuffer.baseAddress, let p = probabilities.baseAddress,
                        let q = offsetProbabilities.baseAddress
                    else { return }
                    let end = start + count
                    // Lossless without a lattice: the first sample and warm-up first, then the rest in a
                    // loop specialised for the predictor.
                    let fast = bound == 0 && (lattice == nil || (latticeCodes != nil && residuals != nil))
                    let plainFrom = fast ? min(max(start, order, 1), end) : end
                    for i in start..<plainFrom {
                        let x = work[i]
                        if i == 0 {
                            SideValue.write(signed: x, to: &raw)
                            continue
                        }
                        let prediction =
                            i >= order
                            ? Predictor.predict(work + i, coefficients: c, order: order, shift: shift)
                            : Predictor.warmUp(work + i, available: i)
                        let residual = x &- prediction
                        if bound > 0 {
                            let index = quantise(residual, bound: bound)
                            let rebuilt = prediction &+ index &* (2 &* bound &+ 1)
                            work[i] = min(max(rebuilt, Int64(Int32.min)), Int64(Int32.max))
                            ResidualCoding.encode(
                                Varint.zigzag(index), magnitude: &magnitude, counts: p, range: &range, raw: &raw)
                        } else if let lattice {
                            let index = lattice.index(of: residual)
                            let offset = residual &- lattice.point(index)
                            ResidualCoding.encode(
                                Varint.zigzag(index), magnitude: &magnitude, counts: p, range: &range, raw: &raw)
                            ResidualCoding.encode(
                                Varint.zigzag(offset), magnitude: &offsetMagnitude, counts: q, range: &range,
                                raw: &raw)
                        } else {
                            ResidualCoding.encode(
                                Varint.zigzag(residual), magnitude: &magnitude, counts: p, range: &range,
                                raw: &raw)
                        }
                    }
                    let skip = plainFrom - start - (start == 0 ? 1 : 0)
                    if plainFrom < end, lattice != nil, let latticeCodes {
                        encodeLatticeCodes(
                            latticeCodes.indices + skip, latticeCodes.offsets + skip, end - plainFrom, &magnitude,
                            &offsetMagnitude, p, q, &range, &raw)
                    } else if plainFrom < end, let residuals {
                        encodeResiduals(residuals + skip, end - plainFrom, &magnitude, p, &range, &raw)
                    } else if plainFrom < end {
                        let from = plainFrom
                        switch predictor.kind {
                        case .fixed(0):
                            encodeRun(FixedOrder0(), work, from, end, &magnitude, p, &range, &raw)
                        case .fixed(1):
                            encodeRun(FixedOrder1(), work, from, end, &magnitude, p, &range, &raw)
                        case .fixed(2):
                            encodeRun(FixedOrder2(), work, from, end, &magnitude, p, &range, &raw)
                        case .fixed:
                            encodeRun(FixedOrder3(), work, from, end, &magnitude, p, &range, &raw)
                        case .lpc:
                            let kernel = LinearKernel(coefficients: c, order: order, shift: Int(shift))
                            encodeRun(kernel, work, from, end, &magnitude, p, &range, &raw)
                        }
                    }
                }
            }
        }
        state.model.magnitude = magnitude
        state.offsetModel.magnitude = offsetMagnitude
    }

    /// Encodes `work[from..<end]`, lossless without a lattice, every sample with full history.
    @inline(__always)
    private static func encodeRun<K: PredictorKernel>(
        _ kernel: K, _ work: UnsafeMutablePointer<Int64>, _ from: Int, _ end: Int, _ magnitude: inout UInt32,
        _ p: UnsafeMutablePointer<UInt16>, _ rangeOut: inout RangeEncoder, _ rawOut: inout RawBitWriter
    ) {
        // Local copies (moved, not copied: the outer values are emptied) keep the coder in registers.
        var range = RangeEncoder()
        var raw = RawBitWriter()
        swap(&range, &rangeOut)
        swap(&raw, &rawOut)
        var m = magnitude
        var i = from
        while i < end {
            let residual = work[i] &- kernel.predict(work + i)
            ResidualCoding.encode(Varint.zigzag(residual), magnitude: &m, counts: p, range: &range, raw: &raw)
            i &+= 1
        }
        magnitude = m
        swap(&range, &rangeOut)
        swap(&raw, &rawOut)
    }

    /// Encodes `count` lattice residuals as their zig-zag grid indices and offsets, computed before.
    @inline(__always)
    private static func encodeLatticeCodes(
        _ indices: UnsafePointer<UInt64>, _ offsets: UnsafePointer<UInt64>, _ count: Int, _ magnitude: inout UInt32,
        _ offsetMagnitude: inout UInt32, _ p: UnsafeMutablePointer<UInt16>, _ q: UnsafeMutablePointer<UInt16>,
        _ rangeOut: inout RangeEncoder, _ rawOut: inout RawBitWriter
    ) {
        var range = RangeEncoder()
        var raw = RawBitWriter()
        swap(&range, &rangeOut)
        swap(&raw, &rawOut)
        var m = magnitude
        var mo = offsetMagnitude
        var i = 0
        while i < count {
            ResidualCoding.encode(indices[i], magnitude: &m, counts: p, range: &range, raw: &raw)
            ResidualCoding.encode(offsets[i], magnitude: &mo, counts: q, range: &range, raw: &raw)
            i &+= 1
        }
        magnitude = m
        offsetMagnitude = mo
        swap(&range, &rangeOut)
        swap(&raw, &rawOut)
    }

    /// Encodes `count` residuals computed before.
    @inline(__always)
    private static func encodeResiduals(
        _ residuals: UnsafePointer<Int64>, _ count: Int, _ magnitude: inout UInt32,
        _ p: UnsafeMutablePointer<UInt16>, _ rangeOut: inout RangeEncoder, _ rawOut: inout RawBitWriter
    ) {
        var range = RangeEncoder()
        var raw = RawBitWriter()
        swap(&range, &rangeOut)
        swap(&raw, &rawOut)
        var m = magnitude
        var i = 0
        while i < count {
            ResidualCoding.encode(
                Varint.zigzag(residuals[i]), magnitude: &m, counts: p, range: &range, raw: &raw)
            i &+= 1
        }
        magnitude = m
        swap(&range, &rangeOut)
        swap(&raw, &rawOut)
    }

    @inline(__always)
    static func scaled(_ index: Int64, by step: Int64) throws(CodecError) -> Int64 {
        let (value, overflow) = index.multipliedReportingOverflow(by: step)
        guard !overflow else { throw CodecError(.corrupt, "near-lossless residual overflows") }
        return value
    }
}
