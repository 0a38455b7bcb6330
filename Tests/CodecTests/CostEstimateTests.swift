// SensorGate — Codec tests: the encoder's cost estimate, one sequence and two side by side.

import HAL
import Testing

@testable import Codec

@Suite struct CostEstimateTests {
    /// Residuals as a channel makes them: mostly small, some large enough to escape the quotient limit.
    private static func residuals(_ count: Int, seed: UInt64) -> [UInt64] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { index in
            index % 97 == 0 ? random.next() >> 20 : random.next() % 300
        }
    }

    @Test func twoSequencesSideBySideCostWhatEachCostsAlone() {
        for count in [0, 1, 16, 1000] {
            let a = Self.residuals(count, seed: 1)
            let b = Self.residuals(count, seed: 2)
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    for (ma, mb) in [(UInt32(16), UInt32(1 << 20)), (4096, 64)] {
                        let pair = CostEstimate.bits(a, magnitude: ma, b, magnitude: mb)
                        #expect(pair.0 == CostEstimate.bits(a, magnitude: ma))
                        #expect(pair.1 == CostEstimate.bits(b, magnitude: mb))
                    }
                }
            }
        }
    }

    @Test func aValueCostsItsQuotientStopBitAndRemainderOrAnEscape() {
        // Magnitude 16 · 8 = 128: mean 9, split k = 3. 21 = 2 · 8 + 5: quotient 2, so 2 + 1 + 3 bits.
        let small: [UInt64] = [21]
        // 1 << 30 at k = 3: quotient 2^27 ≥ 20, an escape: 20 + 6 + 31 bits.
        let large: [UInt64] = [1 << 30]
        small.withUnsafeBufferPointer { #expect(CostEstimate.bits($0, magnitude: 128) == 6) }
        large.withUnsafeBufferPointer { #expect(CostEstimate.bits($0, magnitude: 128) == 57) }
    }
}
