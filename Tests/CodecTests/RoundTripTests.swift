// SensorGate — Codec tests: every input comes back exactly.

import Codec
import Testing

@Suite struct RoundTripTests {
    @Test func smoothSignalsAcrossKeyAndDeltaBatches() throws {
        var random = Seeded(1)
        let columns: [[Int32]] = (0..<3).map { c in
            (0..<3000).map { i in
                Int32(1000 * sin(Double(i) / Double(20 + c * 7))) + Int32.random(in: -3...3, using: &random)
            }
        }
        let encoded = try roundTrip(uniformBatches(columns, rows: 250), layout: layout(channels: 3))
        let total = encoded.reduce(0) { $0 + $1.count }
        #expect(total < 3 * 3000)  // under a byte per sample
    }
}

private func sin(_ x: Double) -> Double {
    // A Taylor series after range reduction: enough for test signals, no Foundation.
    var y = x.truncatingRemainder(dividingBy: 2 * .pi)
    if y > .pi { y -= 2 * .pi } else if y < -.pi { y += 2 * .pi }
    var term = y
    var sum = y
    for n in 1..<12 {
        term *= -y * y / Double((2 * n) * (2 * n + 1))
        sum += term
    }
    return sum
}
