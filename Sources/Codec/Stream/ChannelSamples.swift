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
    static func encode(
        _ work: UnsafeMutablePointer<Int64>, start: Int, count: Int, predictor: Predictor, lattice: Lattice?,
        bound: Int64, state: inout ChannelState, range rangeOut: inout RangeEncoder, raw rawOut: inout RawBitWriter
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
        let coefficients = predictor.coefficients.map { Int64($0) } + [0]  // never empty
        var magnitude = state.model.magnitude
        var offsetMagnitude = state.offsetModel.magnitude
        coefficients.withUnsafeBufferPointer { coefficientBuffer in
            state.model.probabilities.withUnsafeMutableBufferPointer { probabilities in
                state.offsetModel.probabilities.withUnsafeMutableBufferPointer { offsetProbabilities in
                    guard let c = coefficientBuffer.baseAddress, let p = probabilities.baseAddress,
                        let q = offsetProbabilities.baseAddress
                    else { return }
                    for i in start..<(start + count) {
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
                                Varint.zigzag(index), magnitude: &magnitude, probabilities: p, range: &range, raw: &raw)
                        } else if let lattice {
                            let index = lattice.index(of: residual)
                            let offset = residual &- lattice.point(index)
                            ResidualCoding.encode(
                                Varint.zigzag(index), magnitude: &magnitude, probabilities: p, range: &range, raw: &raw)
                            ResidualCoding.encode(
                                Varint.zigzag(offset), magnitude: &offsetMagnitude, probabilities: q, range: &range,
                                raw: &raw)
                        } else {
                            ResidualCoding.encode(
                                Varint.zigzag(residual), magnitude: &magnitude, probabilities: p, range: &range,
                                raw: &raw)
                        }
                    }
                }
            }
        }
        state.model.magnitude = magnitude
        state.offsetModel.magnitude = offsetMagnitude
    }

    /// Decodes `count` values into `work[start...]` (history before `start`).
    static func decode(
        _ work: UnsafeMutablePointer<Int64>, start: Int, count: Int, predictor: Predictor, lattice: Lattice?,
        bound: Int64, state: inout ChannelState, range rangeOut: inout RangeDecoder, raw rawOut: inout RawBitReader
    ) throws(CodecError) {
        var range = rangeOut
        var raw = rawOut
        defer {
            rangeOut = range
            rawOut = raw
        }
        let order = predictor.order
        let shift = Int64(predictor.shift)
        let coefficients = predictor.coefficients.map { Int64($0) } + [0]  // never empty
        var magnitude = state.model.magnitude
        var offsetMagnitude = state.offsetModel.magnitude
        let result: Result<Void, CodecError> = coefficients.withUnsafeBufferPointer { coefficientBuffer in
            return state.model.probabilities.withUnsafeMutableBufferPointer { probabilities in
                state.offsetModel.probabilities.withUnsafeMutableBufferPointer { offsetProbabilities in
                    guard let c = coefficientBuffer.baseAddress, let p = probabilities.baseAddress,
                        let q = offsetProbabilities.baseAddress
                    else { return .failure(CodecError(.corrupt, "empty model")) }
                    do throws(CodecError) {
                        for i in start..<(start + count) {
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
                            let first = try ResidualCoding.decode(
                                magnitude: &magnitude, probabilities: p, range: &range, raw: &raw)
                            if bound > 0 {
                                residual = try scaled(Varint.unzigzag(first), by: 2 &* bound &+ 1)
                            } else if let lattice {
                                let index = Varint.unzigzag(first)
                                guard index.magnitude <= UInt64(Lattice.maxIndex) else {
                                    throw CodecError(.corrupt, "lattice index out of range")
                                }
                                let second = try ResidualCoding.decode(
                                    magnitude: &offsetMagnitude, probabilities: q, range: &range, raw: &raw)
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
                        return .success(())
                    } catch {
                        return .failure(error)
                    }
                }
            }
        }
        state.model.magnitude = magnitude
        state.offsetModel.magnitude = offsetMagnitude
        try result.get()
    }

    @inline(__always)
    private static func scaled(_ index: Int64, by step: Int64) throws(CodecError) -> Int64 {
        let (value, overflow) = index.multipliedReportingOverflow(by: step)
        guard !overflow else { throw CodecError(.corrupt, "near-lossless residual overflows") }
        return value
    }
}
