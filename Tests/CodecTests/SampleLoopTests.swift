// SensorGate — Codec tests: the specialised sample loops against the generic per-sample path.

import HAL
import Testing

@testable import Codec

/// One predictor shape, with or without a lattice, at the start of a stream or after history.
struct LoopCase: CustomStringConvertible, Sendable {
    let predictor: Predictor
    let lattice: Lattice?
    let start: Int

    var description: String {
        "\(predictor.kind) order \(predictor.order) shift \(predictor.shift)"
            + (lattice.map { " lattice \($0.numerator)/\($0.denominator)" } ?? "") + " start \(start)"
    }

    /// Every fixed order and every LPC order 1...32, plain and with a lattice, from index 0 and after history.
    static let all: [LoopCase] = {
        var random = SplitMix64(seed: 21)
        var predictors = (0...3).map(Predictor.fixed)
        for order in 1...FormatLimits.maxOrder {
            let shift = Int.random(in: 0...15, using: &random)
            // Coefficients summing to about 2^shift (a stable predictor), and the odd extreme one.
            var coefficients = [Int32](repeating: 0, count: order)
            coefficients[0] = Int32(1 << shift)
            for j in 1..<order { coefficients[j] = Int32.random(in: -8...8, using: &random) }
            if order % 7 == 0 { coefficients[order - 1] = -(1 << 15) + 1 }
            predictors.append(.lpc(coefficients, shift: shift))
        }
        let lattices: [Lattice?] = [nil, Lattice(numerator: 50, denominator: 3), Lattice(numerator: 7, denominator: 1)]
        return predictors.flatMap { predictor in
            lattices.flatMap { lattice in [0, 32].map { LoopCase(predictor: predictor, lattice: lattice, start: $0) } }
        }
    }()
}

@Suite struct SampleLoopTests {
    /// A signal on the case's lattice (if any) with small offsets, big steps and the odd spike.
    private static func signal(_ loop: LoopCase, count: Int, seed: UInt64) -> [Int64] {
        var random = SplitMix64(seed: seed)
        var value = Int64.random(in: -100_000...100_000, using: &random)
        return (0..<count).map { _ in
            let step: Int64
            if let lattice = loop.lattice {
                step =
                    lattice.point(Int64.random(in: -40...40, using: &random)) + Int64.random(in: -1...1, using: &random)
            } else {
                step = Int64.random(in: -300...300, using: &random)
            }
            // Within ±2^24, so that even the extreme predictors keep lattice indices within the format's 2^40.
            value = min(max(value + step, -(1 << 24)), 1 << 24)
            if Int.random(in: 0..<97, using: &random) == 0 {
                return Int64.random(in: -(1 << 24)...(1 << 24), using: &random)
            }
            return value
        }
    }

    /// The residuals and lattice codes of `work[start..<start+count]` the way the encoder's chooser
    /// hands them over (sample `start + j` at index `j`, `j − 1` when `start` is 0).
    private static func residuals(
        _ work: [Int64], start: Int, count: Int, _ loop: LoopCase
    ) -> (residuals: [Int64], indices: [UInt64], offsets: [UInt64]) {
        var residuals: [Int64] = []
        work.withUnsafeBufferPointer { samples in
            loop.predictor.wide.withUnsafeBufferPointer { c in
                guard let x = samples.baseAddress, let c = c.baseAddress else { return }
                for i in max(start, 1)..<(start + count) {
                    let prediction =
                        i >= loop.predictor.order
                        ? Predictor.predict(
                            x + i, coefficients: c, order: loop.predictor.order, shift: Int64(loop.predictor.shift))
                        : Predictor.warmUp(x + i, available: i)
                    residuals.append(work[i] &- prediction)
                }
            }
        }
        guard let lattice = loop.lattice else { return (residuals, [], []) }
        let indices = residuals.map { Varint.zigzag(lattice.index(of: $0)) }
        let offsets = residuals.map { Varint.zigzag($0 &- lattice.point(lattice.index(of: $0))) }
        return (residuals, indices, offsets)
    }

    /// The body `ChannelSamples.encode` writes for `work[start..<start+count]`, with or without the
    /// precomputed residuals (the fast path) — and the channel state after it.
    private static func encode(
        _ work: [Int64], start: Int, count: Int, _ loop: LoopCase, fast: Bool
    ) -> (body: [UInt8], state: ChannelState) {
        var samples = work
        var state = ChannelState.fresh
        state.model = ResidualModel(initialShift: 6)
        state.offsetModel = ResidualModel(initialShift: 0)
        var range = RangeEncoder()
        var raw = RawBitWriter()
        let (residuals, indices, offsets) = Self.residuals(work, start: start, count: count, loop)
        samples.withUnsafeMutableBufferPointer { x in
            residuals.withUnsafeBufferPointer { r in
                indices.withUnsafeBufferPointer { i in
                    offsets.withUnsafeBufferPointer { o in
                        guard let x = x.baseAddress else { return }
                        let codes = i.baseAddress.flatMap { i in o.baseAddress.map { (i, $0) } }
                        ChannelSamples.encode(
                            x, start: start, count: count, predictor: loop.predictor, lattice: loop.lattice, bound: 0,
                            residuals: fast ? r.baseAddress : nil, latticeCodes: fast ? codes : nil, state: &state,
                            range: &range, raw: &raw)
                    }
                }
            }
        }
        var body = range.finish()
        body.append(contentsOf: raw.finish().reversed())
        return (body, state)
    }

    /// What one decoder run leaves: the samples or the error, the state, and how far each stream got.
    private struct Outcome: Equatable {
        var samples: [Int64]
        var error: CodecError?
        var state: ChannelState
        var consumed: Int
        var rawLowest: Int
    }

    private static func decode(
        _ body: [UInt8], history: [Int64], count: Int, _ loop: LoopCase, generic: Bool
    ) -> Outcome {
        var work = history + [Int64](repeating: 0, count: count)
        var state = ChannelState.fresh
        state.model = ResidualModel(initialShift: 6)
        state.offsetModel = ResidualModel(initialShift: 0)
        var failure: CodecError?
        var consumed = 0
        var rawLowest = 0
        body.withUnsafeBufferPointer { bytes in
            work.withUnsafeMutableBufferPointer { x in
                guard let base = bytes.baseAddress, let x = x.baseAddress else { return }
                var range = RangeDecoder(base: base, start: 0, end: bytes.count)
                var raw = RawBitReader(base: base, start: 0, end: bytes.count)
                do throws(CodecError) {
                    if generic {
                        try ChannelSamples.decodeGeneric(
                            x, start: history.count, count: count, predictor: loop.predictor, lattice: loop.lattice,
                            bound: 0, state: &state, range: &range, raw: &raw)
                    } else {
                        try ChannelSamples.decode(
                            x, start: history.count, count: count, predictor: loop.predictor, lattice: loop.lattice,
                            bound: 0, state: &state, range: &range, raw: &raw)
                    }
                } catch {
                    failure = error
                    return
                }
                consumed = range.consumed
                rawLowest = raw.lowestLoaded
            }
        }
        return Outcome(samples: work, error: failure, state: state, consumed: consumed, rawLowest: rawLowest)
    }

    @Test(arguments: LoopCase.all)
    func fastEncoderPathWritesTheGenericBytes(_ loop: LoopCase) {
        for (seed, count) in [(1, 1), (2, 7), (3, 300)] where count > (loop.start == 0 ? 1 : 0) {
            let work = Self.signal(loop, count: loop.start + count, seed: UInt64(seed))
            let generic = Self.encode(work, start: loop.start, count: count, loop, fast: false)
            let fast = Self.encode(work, start: loop.start, count: count, loop, fast: true)
            #expect(fast.body == generic.body, "\(loop), \(count) samples")
            #expect(fast.state == generic.state, "\(loop), \(count) samples")
        }
    }

    @Test(arguments: LoopCase.all)
    func specialisedDecoderMatchesTheGenericOnValidBodies(_ loop: LoopCase) {
        for (seed, count) in [(4, 1), (5, 9), (6, 400)] {
            let work = Self.signal(loop, count: loop.start + count, seed: UInt64(seed))
            let (body, encodedState) = Self.encode(work, start: loop.start, count: count, loop, fast: false)
            let history = Array(work[0..<loop.start])
            let fast = Self.decode(body, history: history, count: count, loop, generic: false)
            let generic = Self.decode(body, history: history, count: count, loop, generic: true)
            #expect(fast == generic, "\(loop), \(count) samples")
            #expect(fast.error == nil && fast.samples == work, "\(loop), \(count) samples")
            #expect(fast.state.model == encodedState.model && fast.state.offsetModel == encodedState.offsetModel)
        }
    }

    @Test(arguments: LoopCase.all)
    func specialisedDecoderMatchesTheGenericOnNoise(_ loop: LoopCase) {
        var random = SplitMix64(seed: 99)
        for length in [0, 1, 5, 40, 600] {
            let body = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let history = Self.signal(loop, count: loop.start, seed: 7)
            let fast = Self.decode(body, history: history, count: 200, loop, generic: false)
            let generic = Self.decode(body, history: history, count: 200, loop, generic: true)
            #expect(fast == generic, "\(loop), \(length) random bytes")
        }
    }
}
