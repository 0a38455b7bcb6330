// SensorGate — tests of the ziggurat's written-out layer edges against the recurrence they come from.

import Testing

@testable import HALSim

#if canImport(Glibc)
    import Glibc
#else
    import Foundation
#endif

@Suite struct GaussianZigguratTests {
    @Test func theWrittenOutEdgesAreTheRecurrences() {
        let written = GaussianZiggurat.widths
        let computed = GaussianZiggurat.computedWidths()
        #expect(written.count == 257)
        #expect(written.count == computed.count)
        // Within a few units in the last place, so that another libm's exp and log still agree.
        for index in computed.indices {
            #expect(abs(written[index] - computed[index]) <= 4 * computed[index].ulp, "edge \(index)")
        }
        #expect(written[1] == GaussianZiggurat.tailStart)
        #expect(written[256] == 0)
    }

    @Test func everyLayerHasTheSameArea() {
        // Layer i (1 … 255) is the rectangle x_i × (f(x_{i+1}) − f(x_i)); the base, x₀ × f(R), includes the tail.
        let x = GaussianZiggurat.widths
        let v = GaussianZiggurat.layerArea
        #expect(abs(x[0] * GaussianZiggurat.density(x[1]) - v) < 1e-15)
        for index in 1..<256 {
            let area = x[index] * (GaussianZiggurat.density(x[index + 1]) - GaussianZiggurat.density(x[index]))
            // The top layer closes at the peak (x₂₅₆ = 0) and carries the rounding of v's 12 digits: 1e-9.
            #expect(abs(area - v) < (index == 255 ? 1e-8 : 1e-12) * v, "layer \(index)")
        }
        // Edges fall from the base to the peak.
        for index in 0..<256 { #expect(x[index] > x[index + 1]) }
    }
}
