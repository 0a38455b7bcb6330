// SensorGate — Drivers tests: rounding without libm gives exactly what Double.rounded() gives.

import Drivers
import Testing

@Suite struct NearestIntegerTests {
    /// Bit-for-bit equality, so that −0.0 and +0.0 differ.
    private func same(_ value: Double) -> Bool {
        NearestInteger.rounded(value).bitPattern == value.rounded().bitPattern
    }

    @Test func edgeCasesRoundAsRoundedDoes() {
        let edges: [Double] = [
            0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5,  // ties go away from zero
            0.49999999999999994, -0.49999999999999994,  // just below a tie: floor(x + 0.5) gets this wrong
            0.5.nextDown, 0.5.nextUp, 1.5.nextDown, 2.5.nextUp, -2.5.nextDown,
            0.3, -0.3,  // rounds to a signed zero
            4_503_599_627_370_495.5, -4_503_599_627_370_495.5,  // 2⁵² − 0.5: the last value with a half
            0x1p52, -0x1p52, 0x1p52.nextDown, 0x1p52.nextUp, 0x1p53 + 2, 0x1p63, -0x1p63, 1e300, -1e300,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude,
            -.leastNonzeroMagnitude, .leastNormalMagnitude, .infinity, -.infinity, 32_767.5, -32_768.5,
        ]
        for value in edges { #expect(same(value), "\(value)") }
        #expect(NearestInteger.rounded(0.49999999999999994) == 0)
        #expect(NearestInteger.rounded(2.5) == 3)
        #expect(NearestInteger.rounded(-2.5) == -3)
        #expect(NearestInteger.rounded(-0.3).sign == .minus)
        #expect(NearestInteger.rounded(.nan).isNaN)
    }

    @Test func everyHalfAndItsNeighboursUpToAMillion() {
        for whole in -1_000_000...1_000_000 {
            let tie = Double(whole) + 0.5
            #expect(same(tie) && same(tie.nextDown) && same(tie.nextUp) && same(Double(whole)))
        }
    }

    @Test func randomBitPatternsRoundAsRoundedDoes() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var mismatches = 0
        for _ in 0..<1_000_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let value = Double(bitPattern: state)
            if !value.isNaN, !same(value) { mismatches += 1 }
            // The same magnitude scaled into the range where a fraction remains.
            let small = Double(bitPattern: state & 0x800F_FFFF_FFFF_FFFF | 0x3FE0_0000_0000_0000) * 0x1p30
            if !same(small) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}
