// SensorGate — Codec tests: the floating-point LPC kernel against the integer predictor.

import HAL
import Testing

@testable import Codec

@Suite struct ExactLinearKernelTests {
    /// Predictions of the exact kernel and of `Predictor.predict` (the reference) over `window`, for
    /// every index from `from` on, the kernel recording each sample as the decoder's loop does; and
    /// those of its ``ExactLinearKernel/Known`` form (the encoder's, mirror filled ahead, nothing recorded).
    private static func predictions(_ window: [Int64], coefficients: [Int64], shift: Int, from: Int) -> (
        exact: [Int64], reference: [Int64], known: [Int64]
    )? {
        window.withUnsafeBufferPointer { x in
            coefficients.withUnsafeBufferPointer { c in
                guard let x = x.baseAddress, let c = c.baseAddress,
                    ExactLinearKernel.applies(c, order: coefficients.count, window: x, from: from)
                else { return nil }
                var exact: [Int64] = []
                var reference: [Int64] = []
                let ran: Void? = ExactLinearKernel.withKernel(
                    coefficients: c, order: coefficients.count, shift: shift, window: x, from: from, end: window.count
                ) { kernel in
                    for i in from..<window.count {
                        exact.append(kernel.predict(x + i))
                        kernel.record(x[i], at: x + i)
                        reference.append(
                            Predictor.predict(x + i, coefficients: c, order: coefficients.count, shift: Int64(shift)))
                    }
                }
                var known: [Int64] = []
                let ranKnown: Void? = ExactLinearKernel.withKernel(
                    coefficients: c, order: coefficients.count, shift: shift, window: x, from: from, end: window.count
                ) { kernel in
                    let ahead = kernel.known(from: from, to: window.count)
                    for i in from..<window.count { known.append(ahead.predict(x + i)) }
                }
                return ran == nil || ranKnown == nil ? nil : (exact, reference, known)
            }
        }
    }

    @Test(arguments: Array(ExactLinearKernel.minOrder...FormatLimits.maxOrder))
    func matchesTheIntegerSumAtTheExtremes(order: Int) throws {
        var random = SplitMix64(seed: UInt64(order))
        // The largest sums the format allows: every coefficient and sample at its extreme, same signs.
        let extremes: [Int64] = [Int64(Int32.min), Int64(Int32.max)]
        let top = Int64((1 << 15) - 1)
        for coefficient in [top, -top] {
            let window = (0..<(order + 40)).map { i in extremes[(i / 20) % 2] }
            let c = [Int64](repeating: coefficient, count: order)
            let result = try #require(Self.predictions(window, coefficients: c, shift: 15, from: order))
            #expect(result.exact == result.reference)
            #expect(result.known == result.reference)
        }
        // Random codes over the whole 32-bit range, random coefficients and shifts, a run starting at
        // the first index that has a full history and one starting later.
        for from in [order, order + 7] {
            let window = (0..<(from + 300)).map { _ in Int64(Int32.random(in: .min ... .max, using: &random)) }
            let c = (0..<order).map { _ in Int64.random(in: -top...top, using: &random) }
            let shift = Int.random(in: 0...15, using: &random)
            let result = try #require(Self.predictions(window, coefficients: c, shift: shift, from: from))
            #expect(result.exact == result.reference)
            #expect(result.known == result.reference)
        }
    }

    @Test func declinesWhatItCannotComputeExactly() {
        let order = ExactLinearKernel.minOrder + 3
        let window = [Int64](repeating: 5, count: 40)
        var c = [Int64](repeating: 3, count: order)
        #expect(Self.predictions(window, coefficients: c, shift: 2, from: order) != nil)
        // A coefficient of −2^15 (the sum could reach 2^51), a history sample beyond 32 bits, too
        // short a history, too short an order.
        c[3] = -(1 << 15)
        #expect(Self.predictions(window, coefficients: c, shift: 2, from: order) == nil)
        c[3] = 3
        var wide = window
        wide[order - 2] = 1 << 40
        #expect(Self.predictions(wide, coefficients: c, shift: 2, from: order) == nil)
        #expect(Self.predictions(window, coefficients: c, shift: 2, from: order - 1) == nil)
        let short = [Int64](repeating: 3, count: ExactLinearKernel.minOrder - 1)
        #expect(Self.predictions(window, coefficients: short, shift: 2, from: order) == nil)
    }
}
