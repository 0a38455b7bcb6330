// SensorGate — tests of the seeded generator's standard normal values (the ziggurat).

import HAL
import HALSim
import Testing

/// 10⁶ draws from one seed against the standard normal. Every bound is five standard errors of its
/// statistic for n = 10⁶ (a correct generator misses one with probability about 6·10⁻⁷):
/// mean σ/√n = 0.001; E[x²] √(2/n) = 0.00141; E[x⁴] √(96/n) = 0.0098; a fraction p beyond a point
/// √(p(1 − p)/n).
@Suite struct GaussianTests {
    static let count = 1_000_000

    /// The statistics of one run of draws.
    struct Moments {
        var sum = 0.0
        var sumSquares = 0.0
        var sumFourth = 0.0
        var negative = 0
        /// How many |x| exceed 1, 2, 3, R (3.6541528853610088, where the ziggurat's tail starts) and 4.
        var beyond = [0, 0, 0, 0, 0]
        static let points = [1, 2, 3, 3.654_152_885_361_008_8, 4]

        init(seed: UInt64) {
            var generator = SplitMix64(seed: seed)
            for _ in 0..<GaussianTests.count {
                let x = generator.nextGaussian()
                sum += x
                sumSquares += x * x
                sumFourth += x * x * x * x
                if x < 0 { negative += 1 }
                for index in Self.points.indices where abs(x) > Self.points[index] { beyond[index] += 1 }
            }
        }
    }

    @Test func momentsAreTheStandardNormalsWithinFiveStandardErrors() {
        let moments = Moments(seed: 0x5EED_0001)
        let n = Double(Self.count)
        #expect(abs(moments.sum / n) < 0.005)
        #expect(abs(moments.sumSquares / n - 1) < 0.00707)
        #expect(abs(moments.sumFourth / n - 3) < 0.049)
        // P(x < 0) = 0.5, standard error 0.0005.
        #expect(abs(Double(moments.negative) / n - 0.5) < 0.0025)
    }

    @Test func tailFractionsAreTheStandardNormalsWithinFiveStandardErrors() {
        let moments = Moments(seed: 0x5EED_0002)
        let n = Double(Self.count)
        // P(|x| > t) = erfc(t/√2) and its standard error for n = 10⁶, for t = 1, 2, 3, R, 4.
        let expected: [(p: Double, standardError: Double)] = [
            (0.317_310_507_9, 4.654e-4), (0.045_500_263_9, 2.084e-4), (0.002_699_796_1, 5.189e-5),
            (0.000_258_032_5, 1.606e-5), (0.000_063_342_5, 7.959e-6),
        ]
        for (index, point) in expected.enumerated() {
            let fraction = Double(moments.beyond[index]) / n
            #expect(abs(fraction - point.p) < 5 * point.standardError, "beyond \(Moments.points[index])")
        }
    }

    @Test func theSameSeedGivesTheSameValues() {
        var first = SplitMix64(seed: 42)
        var second = SplitMix64(seed: 42)
        let a = (0..<1000).map { _ in first.nextGaussian() }
        let b = (0..<1000).map { _ in second.nextGaussian() }
        #expect(a == b)
        #expect(Set(a).count == 1000)
    }
}
