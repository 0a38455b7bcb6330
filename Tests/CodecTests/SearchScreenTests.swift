// SensorGate — Codec tests: the encoder keeps the carried predictor without a search while it codes as well as it did.

import HAL
import Testing

@testable import Codec

@Suite struct SearchScreenTests {
    /// History (32 samples) and then `count` samples: white noise of ±`noise` on a slow sine of `amplitude`.
    private static func signal(count: Int, amplitude: Double, noise: Int64, seed: UInt64) -> [Int64] {
        var random = SplitMix64(seed: seed)
        return (0..<(32 + count)).map { i in
            let phase = Double(i) * 0.01
            // sin without Foundation: a Taylor series, enough for a test signal over small phases.
            let x = phase.truncatingRemainder(dividingBy: 6.283185307179586) - 3.141592653589793
            let sine = -(x - x * x * x / 6 + x * x * x * x * x / 120 - x * x * x * x * x * x * x / 5040)
            return Int64(amplitude * sine) + Int64.random(in: -noise...noise, using: &random)
        }
    }

    /// The chooser's choice for `work` after 32 samples of history, carrying `state`.
    private static func choose(
        _ work: [Int64], state: ChannelState, reference: inout SearchReference?
    ) -> ChannelChoice {
        var chooser = PlanChooser()
        var samples = work
        return samples.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else {
                return ChannelChoice(plan: .constant(0), modelShift: 0, offsetShift: 0)
            }
            return chooser.choose(
                base, start: 32, count: work.count - 32, state: state, key: false, lossless: false,
                reference: &reference)
        }
    }

    /// A delta block's state carrying `predictor`, its model at `magnitude`.
    private static func carrying(_ predictor: Predictor, magnitude: UInt32 = 1 << 10) -> ChannelState {
        var state = ChannelState()
        state.predictor = predictor
        state.model.magnitude = magnitude
        return state
    }

    @Test func theToleranceIsOneSixtyFourthOfTheReferenceBitsPerResidual() {
        // 6400 bits over 1000 residuals: 6.4 bits each, ±0.1 (6400 / 64) kept.
        let reference = SearchReference(bits: 6400, count: 1000)
        #expect(reference.holds(bits: 6500, count: 1000))
        #expect(reference.holds(bits: 6300, count: 1000))
        #expect(!reference.holds(bits: 6501, count: 1000))
        #expect(!reference.holds(bits: 6299, count: 1000))
        // Per residual: 3250 over 500 is 6.5 each, at the edge; 3251 is beyond it.
        #expect(reference.holds(bits: 3250, count: 500))
        #expect(!reference.holds(bits: 3251, count: 500))
        // Nothing counted holds nothing.
        #expect(!SearchReference(bits: 0, count: 0).holds(bits: 0, count: 1000))
        #expect(!reference.holds(bits: 0, count: 0))
    }

    @Test func withoutAReferenceTheChooserSearchesAndRecordsTheWinner() {
        // A slow sine with little noise: a higher-order predictor beats the carried order 0 by far.
        let work = Self.signal(count: 1024, amplitude: 1e6, noise: 3, seed: 1)
        var reference: SearchReference?
        let choice = Self.choose(work, state: Self.carrying(.fixed(0)), reference: &reference)
        guard case .predicted(let predictor, let reuse, _, _) = choice.plan else {
            Issue.record("expected a predicted plan, got \(choice.plan)")
            return
        }
        #expect(!reuse)
        #expect(predictor != .fixed(0))
        #expect(reference?.count == 1024)
        #expect((reference?.bits ?? 0) > 0)
    }

    @Test func aReferenceThatHoldsKeepsTheCarriedPredictorWithoutASearch() {
        let work = Self.signal(count: 1024, amplitude: 1e6, noise: 3, seed: 2)
        // What a search finds here, and then the same block again carrying that predictor.
        var found: SearchReference?
        let first = Self.choose(work, state: Self.carrying(.fixed(0)), reference: &found)
        guard case .predicted(let predictor, _, _, _) = first.plan, let searched = found else {
            Issue.record("expected a predicted plan and a reference")
            return
        }
        // A reference 1 % above what this block costs: within the tolerance, and not what a search would record.
        let near = SearchReference(bits: searched.bits + searched.bits / 100, count: searched.count)
        var reference: SearchReference? = near
        let again = Self.choose(work, state: Self.carrying(predictor), reference: &reference)
        guard case .predicted(let kept, let reuse, _, _) = again.plan else {
            Issue.record("expected a predicted plan, got \(again.plan)")
            return
        }
        #expect(reuse)
        #expect(kept == predictor)
        // Not searched, so the reference is the one it had.
        #expect(reference == near)
    }

    @Test func aReferenceThatNoLongerHoldsSearchesAsIfThereWereNone() {
        // Carrying order 0 with a reference from quiet noise; the block is now a loud sine.
        let work = Self.signal(count: 1024, amplitude: 1e6, noise: 3, seed: 3)
        let state = Self.carrying(.fixed(0))
        var stale: SearchReference? = SearchReference(bits: 3 * 1024, count: 1024)
        var none: SearchReference?
        let screened = Self.choose(work, state: state, reference: &stale)
        let searched = Self.choose(work, state: state, reference: &none)
        #expect(screened.plan == searched.plan)
        #expect(screened.modelShift == searched.modelShift)
        #expect(stale == none)
        guard case .predicted(let predictor, let reuse, _, _) = screened.plan else {
            Issue.record("expected a predicted plan, got \(screened.plan)")
            return
        }
        #expect(!reuse)
        #expect(predictor != .fixed(0))
    }

    @Test func aSignalThatGotEasierIsSearchedAgainToo() {
        // The carried predictor's reference says 20 bits per residual; the block now codes in far fewer.
        let work = Self.signal(count: 1024, amplitude: 0, noise: 2, seed: 4)
        var reference: SearchReference? = SearchReference(bits: 20 * 1024, count: 1024)
        _ = Self.choose(work, state: Self.carrying(.fixed(3)), reference: &reference)
        // Searched: the reference is now the winner's, a few bits per residual.
        #expect((reference?.bits ?? .max) < 6 * 1024)
    }
}
