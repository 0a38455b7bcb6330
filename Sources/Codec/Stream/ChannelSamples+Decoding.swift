// SensorGate — Codec: the hot loops that decode one channel's samples.

extension ChannelSamples {
    /// Decodes `count` values into `work[start...]` (history before `start`): the stream's first sample
    /// and the warm-up samples (fewer than `order` before them) one by one, the rest in a loop compiled
    /// for the predictor's shape, with or without a lattice. Near-lossless blocks take the per-sample
    /// path throughout. Decodes exactly what ``decodeGeneric`` decodes, faster.
    static func decode(
        _ work: UnsafeMutablePointer<Int64>, start: Int, count: Int, predictor: Predictor, lattice: Lattice?,
        bound: Int64, state: inout ChannelState, range: inout RangeDecoder, raw: inout RawBitReader
    ) throws(CodecError) {
        let end = start + count
        let from = bound == 0 ? min(max(start, predictor.order, 1), end) : end
        try withModels(&state) { (p, q, magnitude, offsetMagnitude) throws(CodecError) in
            try predictor.wide.withUnsafeBufferPointer { (buffer) throws(CodecError) in
                guard let c = buffer.baseAddress else { return }
                if from > start {
                    try decodeSamples(
                        work, start, from, predictor: predictor, coefficients: c, lattice: lattice, bound: bound,
                        p, q, &magnitude, &offsetMagnitude, &range, &raw)
                }
                guard from < end else { return }
                if let lattice {
                    let on = LatticeRun(lattice: lattice, offsets: q)
                    try dispatch(predictor, c, work, from, end, &magnitude, &offsetMagnitude, p, on, &range, &raw)
                } else {
                    try dispatch(
                        predictor, c, work, from, end, &magnitude, &offsetMagnitude, p, PlainRun(), &range, &raw)
                }
            }
        }
    }

    /// Decodes `count` values into `work[start...]` one by one with the generic predictor loop: the
    /// reference that ``decode`` must match value for value, error for error (tests compare them).
    static func decodeGeneric(
        _ work: UnsafeMutablePointer<Int64>, start: Int, count: Int, predictor: Predictor, lattice: Lattice?,
        bound: Int64, state: inout ChannelState, range: inout RangeDecoder, raw: inout RawBitReader
    ) throws(CodecError) {
        try withModels(&state) { (p, q, magnitude, offsetMagnitude) throws(CodecError) in
            try predictor.wide.withUnsafeBufferPointer { (buffer) throws(CodecError) in
                guard let c = buffer.baseAddress else { return }
                try decodeSamples(
                    work, start, start + count, predictor: predictor, coefficients: c, lattice: lattice,
                    bound: bound, p, q, &magnitude, &offsetMagnitude, &range, &raw)
            }
        }
    }

    /// Runs `body` with the channel's two models' rows and running magnitudes, writing the magnitudes
    /// back whether or not it throws.
    @inline(__always)
    private static func withModels(
        _ state: inout ChannelState,
        _ body: (
            UnsafeMutablePointer<UInt16>, UnsafeMutablePointer<UInt16>, inout UInt32, inout UInt32
        ) throws(CodecError) -> Void
    ) throws(CodecError) {
        var magnitude = state.model.magnitude
        var offsetMagnitude = state.offsetModel.magnitude
        defer {
            state.model.magnitude = magnitude
            state.offsetModel.magnitude = offsetMagnitude
        }
        try state.model.counts.withUnsafeMutableBufferPointer { (probabilities) throws(CodecError) in
            try state.offsetModel.counts.withUnsafeMutableBufferPointer { (offsetProbabilities) throws(CodecError) in
                guard let p = probabilities.baseAddress, let q = offsetProbabilities.baseAddress else {
                    throw CodecError(.corrupt, "empty model")
                }
                try body(p, q, &magnitude, &offsetMagnitude)
            }
        }
    }

    /// The per-sample loop over `work[from..<end]`: any position (the stream's first sample, warm-up),
    /// any mode (plain, lattice, near-lossless), the predictor's coefficients read in a loop.
    private static func decodeSamples(
        _ work: UnsafeMutablePointer<Int64>, _ from: Int, _ end: Int, predictor: Predictor,
        coefficients c: UnsafePointer<Int64>, lattice: Lattice?, bound: Int64,
        _ p: UnsafeMutablePointer<UInt16>, _ q: UnsafeMutablePointer<UInt16>, _ magnitude: inout UInt32,
        _ offsetMagnitude: inout UInt32, _ range: inout RangeDecoder, _ raw: inout RawBitReader
    ) throws(CodecError) {
        let order = predictor.order
        let shift = Int64(predictor.shift)
        for i in from..<end {
            if i == 0 {
                let value = try SideValue.read(signed: &raw, field: "first sample")
                guard let code = Int32(exactly: value) else {
                    throw CodecError(.corrupt, "first sample is outside the 32-bit code range")
                }
                work[i] = Int64(code)
                continue
            }
            let prediction =
                i >= order
                ? Predictor.predict(work + i, coefficients: c, order: order, shift: shift)
                : Predictor.warmUp(work + i, available: i)
            var residual: Int64
            let first = try ResidualCoding.decode(magnitude: &magnitude, counts: p, range: &range, raw: &raw)
            if bound > 0 {
                residual = try scaled(Varint.unzigzag(first), by: 2 &* bound &+ 1)
            } else if let lattice {
                // The offset with the general residual decoder (the run loops' ``LatticeRun`` skips the
                // raw read when there are no raw bits; the tests hold the two to each other).
                let index = Varint.unzigzag(first)
                guard index.magnitude <= UInt64(Lattice.maxIndex) else {
                    throw CodecError(.corrupt, "lattice index out of range")
                }
                let second = try ResidualCoding.decode(
                    magnitude: &offsetMagnitude, counts: q, range: &range, raw: &raw)
                residual = lattice.point(index) &+ Varint.unzigzag(second)
            } else {
                residual = Varint.unzigzag(first)
            }
            let (value, overflow) = prediction.addingReportingOverflow(residual)
            if bound > 0 {
                guard !overflow else { throw CodecError(.corrupt, "sample overflows") }
                work[i] = min(max(value, Int64(Int32.min)), Int64(Int32.max))
            } else {
                guard !overflow, value >= Int64(Int32.min), value <= Int64(Int32.max) else {
                    throw CodecError(.corrupt, "sample is outside the 32-bit code range")
                }
                work[i] = value
            }
        }
    }

    /// Picks the run loop compiled for the predictor's shape.
    @inline(__always)
    private static func dispatch<R: ResidualRun>(
        _ predictor: Predictor, _ c: UnsafePointer<Int64>, _ work: UnsafeMutablePointer<Int64>, _ from: Int,
        _ end: Int, _ magnitude: inout UInt32, _ offsetMagnitude: inout UInt32, _ p: UnsafeMutablePointer<UInt16>,
        _ run: R, _ range: inout RangeDecoder, _ raw: inout RawBitReader
    ) throws(CodecError) {
        switch predictor.kind {
        case .fixed(0):
            try decodeRun(FixedOrder0(), run, work, from, end, &magnitude, &offsetMagnitude, p, &range, &raw)
        case .fixed(1):
            try decodeRun(FixedOrder1(), run, work, from, end, &magnitude, &offsetMagnitude, p, &range, &raw)
        case .fixed(2):
            try decodeRun(FixedOrder2(), run, work, from, end, &magnitude, &offsetMagnitude, p, &range, &raw)
        case .fixed:
            try decodeRun(FixedOrder3(), run, work, from, end, &magnitude, &offsetMagnitude, p, &range, &raw)
        case .lpc:
            // Long orders: the exact floating-point kernel, unless it declines (then nothing was decoded).
            if ExactLinearKernel.applies(c, order: predictor.order, window: work, from: from),
                try ExactLinearKernel.withKernel(
                    coefficients: c, order: predictor.order, shift: predictor.shift, window: work, from: from,
                    end: end,
                    { (kernel) throws(CodecError) in
                        try decodeRun(kernel, run, work, from, end, &magnitude, &offsetMagnitude, p, &range, &raw)
                    }) != nil
            {
                return
            }
            let kernel = LinearKernel(coefficients: c, order: predictor.order, shift: predictor.shift)
            try decodeRun(kernel, run, work, from, end, &magnitude, &offsetMagnitude, p, &range, &raw)
        }
    }

    /// Decodes `work[from..<end]`, lossless, every sample with full history: the prediction, the coded
    /// residual (one value, or a lattice index and offset), the 32-bit check.
    @inline(__always)
    private static func decodeRun<K: PredictorKernel, R: ResidualRun>(
        _ kernel: K, _ run: R, _ work: UnsafeMutablePointer<Int64>, _ from: Int, _ end: Int,
        _ magnitude: inout UInt32, _ offsetMagnitude: inout UInt32, _ p: UnsafeMutablePointer<UInt16>,
        _ rangeOut: inout RangeDecoder, _ rawOut: inout RawBitReader
    ) throws(CodecError) {
        // Local copies keep the decoder's state in registers.
        var range = rangeOut
        var raw = rawOut
        var m = magnitude
        var mo = offsetMagnitude
        defer {
            rangeOut = range
            rawOut = raw
            magnitude = m
            offsetMagnitude = mo
        }
        var i = from
        while i < end {
            let prediction = kernel.predict(work + i)
            let u = try ResidualCoding.decode(magnitude: &m, counts: p, range: &range, raw: &raw)
            let residual = try run.residual(u, &mo, &range, &raw)
            let (value, overflow) = prediction.addingReportingOverflow(residual)
            guard !overflow, value == Int64(Int32(truncatingIfNeeded: value)) else {
                throw CodecError(.corrupt, "sample is outside the 32-bit code range")
            }
            work[i] = value
            kernel.record(value, at: work + i)
            i &+= 1
        }
    }
}

/// How a run loop turns the first coded value of a sample into its residual.
protocol ResidualRun {
    /// The residual whose first coded value is `u`, decoding anything more it needs.
    func residual(
        _ u: UInt64, _ offsetMagnitude: inout UInt32, _ range: inout RangeDecoder, _ raw: inout RawBitReader
    ) throws(CodecError) -> Int64
}

/// No lattice: the value is the zig-zag residual.
struct PlainRun: ResidualRun {
    @inline(__always)
    func residual(
        _ u: UInt64, _ offsetMagnitude: inout UInt32, _ range: inout RangeDecoder, _ raw: inout RawBitReader
    ) throws(CodecError) -> Int64 { Varint.unzigzag(u) }
}

/// A lattice: the value is the grid index; the offset from the grid point follows with its own model.
struct LatticeRun: ResidualRun {
    let lattice: Lattice
    let offsets: UnsafeMutablePointer<UInt16>

    @inline(__always)
    func residual(
        _ u: UInt64, _ offsetMagnitude: inout UInt32, _ range: inout RangeDecoder, _ raw: inout RawBitReader
    ) throws(CodecError) -> Int64 {
        // |unzigzag(u)| ≤ 2^40 exactly when u ≤ 2^41 (zig-zag maps ±2^40 to 2^41, 2^41 − 1): one comparison.
        guard u <= UInt64(Lattice.maxIndex) << 1 else {
            throw CodecError(.corrupt, "lattice index out of range")
        }
        let index = Varint.unzigzag(u)
        let second = try ResidualCoding.decodeSmall(
            magnitude: &offsetMagnitude, counts: offsets, range: &range, raw: &raw)
        return lattice.point(index) &+ Varint.unzigzag(second)
    }
}
