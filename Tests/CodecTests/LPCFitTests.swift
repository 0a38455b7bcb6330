// SensorGate — Codec tests: the LPC fit's autocorrelation, bit for bit.

import HAL
import Testing

@testable import Codec

@Suite struct LPCFitTests {
    /// The sums in the order that four-lag groups add them, one lag at a time: the lags of the group
    /// starting at G take the products from i = G + 3 on, then those of i = lag ... G + 2.
    private static func reference(_ d: [Double], maxOrder: Int) -> [Double] {
        (0...maxOrder).map { lag in
            let group = lag - lag % 4
            var sum = 0.0
            var i = group + 3
            while i < d.count {
                sum += d[i] * d[i - lag]
                i += 1
            }
            i = lag
            while i < min(group + 3, d.count) {
                sum += d[i] * d[i - lag]
                i += 1
            }
            return sum
        }
    }

    private static func correlation(_ d: [Double], maxOrder: Int) -> [Double] {
        var samples = d
        var out = [Double](repeating: .nan, count: LPCFit.maxSearchOrder + 4)
        samples.withUnsafeMutableBufferPointer { samples in
            out.withUnsafeMutableBufferPointer { out in
                LPCFit.autocorrelation(samples, length: d.count, maxOrder: maxOrder, into: out)
            }
        }
        return Array(out[0...maxOrder])
    }

    @Test func eightLagPassesAddInTheOrderOfFourLagGroups() {
        var random = SplitMix64(seed: 7)
        // Values whose products round: the order of the additions shows in the low bits.
        for length in [0, 1, 5, 9, 40, 257, 3000] {
            let d = (0..<length).map { _ in Double(random.next() % 2_000_001) / 7 - 142_857 }
            for maxOrder in [1, 4, 9, 16, 31] {
                let expected = Self.reference(d, maxOrder: maxOrder)
                let actual = Self.correlation(d, maxOrder: maxOrder)
                #expect(
                    actual.map(\.bitPattern) == expected.map(\.bitPattern), "length \(length), order \(maxOrder)")
            }
        }
    }

    @Test func integerDifferencesGiveTheExactSums() {
        // Small integers: every product and sum is exact, so the definition holds whatever the order.
        let d: [Double] = (0..<500).map { Double(($0 * 37) % 23) - 11 }
        let actual = Self.correlation(d, maxOrder: 31)
        for lag in 0...31 {
            let exact = (lag..<d.count).reduce(0.0) { $0 + d[$1] * d[$1 - lag] }
            #expect(actual[lag] == exact, "lag \(lag)")
        }
    }
}
