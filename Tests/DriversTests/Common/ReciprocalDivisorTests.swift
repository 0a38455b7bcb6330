// SensorGate — Drivers tests: a rounded quotient through the reciprocal is the division's, bit for bit.

import Drivers
import Testing

@Suite struct ReciprocalDivisorTests {
    /// Bit-for-bit equality with the division, so that −0.0 and +0.0 differ.
    private func same(_ value: Double, _ divisor: ReciprocalDivisor) -> Bool {
        let expected = NearestInteger.rounded(value / divisor.divisor)
        let quotient = divisor.roundedQuotient(value)
        return quotient.bitPattern == expected.bitPattern || (quotient.isNaN && expected.isNaN)
    }

    /// The quantisers' divisors: LSB sizes of the streams and chips, and awkward ones.
    static let divisors: [Double] = [
        1, 2, 0.5, 0.001, 0.061, 0.122, 0.0039, 8.75e-3, 1 / 131.0, 1 / 16_384.0, 0.00059875, 3.9 * 9.80665e-3,
        0.1, 0.01, 1e-6, 7, -0.25, 1e300, 1e-300, 0x1p-1022, .leastNonzeroMagnitude, 0, -0.0, .infinity, .nan,
    ]

    @Test func tiesAndTheirNeighboursTakeTheDivisionsSide() {
        for value in Self.divisors.map(ReciprocalDivisor.init) {
            for whole in -2_000...2_000 {
                // x chosen so that x / d lands on, or a few ulps either side of, a half-integer.
                var x = (Double(whole) + 0.5) * value.divisor
                for _ in 0..<3 { x = x.nextDown }
                for _ in 0..<7 {
                    #expect(same(x, value), "\(x) / \(value.divisor)")
                    x = x.nextUp
                }
            }
        }
    }

    @Test func specialValuesRoundAsTheDivisionDoes() {
        let values: [Double] = [
            0, -0.0, 0.3, -0.3, .leastNormalMagnitude / 16, -.leastNormalMagnitude / 16, 4_503_599_627_370_495.5,
            0x1p52, 0x1p60, -0x1p60, 1e308, -1e308,
            .greatestFiniteMagnitude, .infinity, -.infinity, .nan,
        ]
        for divisor in Self.divisors.map(ReciprocalDivisor.init) {
            for value in values { #expect(same(value, divisor), "\(value) / \(divisor.divisor)") }
        }
        // A divisor whose reciprocal is not a normal Double always divides.
        #expect(ReciprocalDivisor(0).reciprocal.isNaN && ReciprocalDivisor(.greatestFiniteMagnitude).reciprocal.isNaN)
        #expect(ReciprocalDivisor(0x1p1023).reciprocal.isNaN && ReciprocalDivisor(0.001).reciprocal == 1 / 0.001)
    }

    @Test func randomQuotientsRoundAsTheDivisionDoes() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
        var mismatches = 0
        var divided = 0
        for _ in 0..<200_000 {
            // Divisors over 20 binades and values whose quotients span codes up to about ±2²⁰.
            let divisor = ReciprocalDivisor(Double(bitPattern: next() & 0x000F_FFFF_FFFF_FFFF | 0x3F50_0000_0000_0000))
            let value =
                Double(Int64(truncatingIfNeeded: next()) >> 43) * divisor.divisor
                + Double(bitPattern: next() & 0x800F_FFFF_FFFF_FFFF | 0x3FE0_0000_0000_0000) * divisor.divisor
            if !same(value, divisor) { mismatches += 1 }
            let estimate = (value * divisor.reciprocal).magnitude
            if ((estimate - estimate.rounded(.down)) - 0.5).magnitude <= estimate * 0x1p-50 { divided += 1 }
        }
        #expect(mismatches == 0)
        // Almost every quotient is decided by the multiplication.
        #expect(divided < 100)
    }
}
