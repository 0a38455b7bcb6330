// SensorGate — EdgeTests: the altitude filter's covariance step without the products of zeros and ones.

import Testing

@testable import Edge

@Suite struct Matrix4Tests {
    /// A matrix of values from a fixed linear congruential sequence, spread over several magnitudes.
    static func matrix(seed: UInt64) -> Matrix4 {
        var state = seed
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let unit = Double(state >> 11) / Double(1 << 53)
            return (unit - 0.5) * [1e-6, 1e-2, 1, 1e3][Int(state >> 3) & 3]
        }
        return Matrix4(
            rows: (next(), next(), next(), next()), (next(), next(), next(), next()),
            (next(), next(), next(), next()), (next(), next(), next(), next()))
    }

    @Test func theTransitionStepIsTheFullProductBitForBit() {
        for seed in 1...200 {
            let m = Self.matrix(seed: UInt64(seed))
            for dt in [1.0 / 833, 0.0012004801920768308, 0.005, 0.25, 3.7] {
                let phi = 1 - dt / 600
                let f = Matrix4(rows: (1, dt, -0.5 * dt * dt, 0), (0, 1, -dt, 0), (0, 0, 1, 0), (0, 0, 0, phi))
                let full = f * m * f.transposed
                let step = m.transitioned(dt: dt, phi: phi)
                for row in 0..<4 {
                    for column in 0..<4 {
                        #expect(
                            step[row, column].bitPattern == full[row, column].bitPattern,
                            "seed \(seed) dt \(dt) [\(row), \(column)]")
                    }
                }
            }
        }
    }
}
