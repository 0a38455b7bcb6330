// SensorGate — Codec tests: the lattice search's division-free fit test against the grid's definition.

import HAL
import Testing

@testable import Codec

@Suite struct LatticeFitTestTests {
    /// The definition (docs/batch-format.md §6.3): within ±1 of the nearest grid point.
    private static func reference(_ lattice: Lattice, _ r: Int64) -> Bool {
        (r - lattice.point(lattice.index(of: r))).magnitude <= 1
    }

    @Test func everySearchedStepAgreesWithTheGridOnSmallResiduals() {
        #expect(LatticeSearch.tests.count == LatticeSearch.candidates.count)
        var disagreements = 0
        var fitting = 0
        for (test, lattice) in zip(LatticeSearch.tests, LatticeSearch.candidates) {
            #expect(test.lattice == lattice)
            for r in Int64(-1200)...1200 {
                let expected = Self.reference(lattice, r)
                if test.fits(r) != expected { disagreements += 1 }
                if expected { fitting += 1 }
            }
        }
        #expect(disagreements == 0)
        // Not vacuous: both answers occur (50/3, the 1/6 Pa barometer in 0.01 Pa, fits 0, ±16, ±17, ±33, ±34 …).
        #expect(fitting > 0)
        let barometer = LatticeFitTest(Lattice(numerator: 50, denominator: 3))
        #expect([0, 16, 17, -16, -17, 33, 34, -33, -34, 50, -50].allSatisfy { barometer.fits($0) })
        #expect(![3, 5, 8, 9, 12, -8, -9, 25, -25, 42].contains { barometer.fits($0) })
    }

    @Test func largeResidualsAndExtremeStepsAgreeWithTheGrid() {
        let lattices = [
            Lattice(numerator: 65536, denominator: 255), Lattice(numerator: 65536, denominator: 1),
            Lattice(numerator: 3, denominator: 2), Lattice(numerator: 257, denominator: 256),
            Lattice(numerator: 512, denominator: 8), Lattice(numerator: 17, denominator: 8),
        ]
        var generator = SplitMix64(seed: 5)
        var disagreements = 0
        for lattice in lattices {
            let test = LatticeFitTest(lattice)
            let limit = (1 << 27) / lattice.denominator
            // Around the multiplication path's limit, at both signs, and random magnitudes up to 2^50.
            var residuals: [Int64] = []
            for edge in [limit, -limit, 1 << 24, -(1 << 24)] { residuals += (edge - 300)...(edge + 300) }
            for _ in 0..<20_000 {
                let bits = Int(generator.next() % 50) + 1
                let magnitude = Int64(generator.next() >> UInt64(64 - bits))
                residuals.append(generator.next() & 1 == 0 ? magnitude : -magnitude)
            }
            for r in residuals where test.fits(r) != Self.reference(lattice, r) { disagreements += 1 }
        }
        #expect(disagreements == 0)
    }

    @Test func classCountsMatchComparisonsAtEveryBoundary() {
        // The boundaries of each class, both signs, and the extremes (|Int64.min| is 2^63).
        var residuals: [Int64] = [0, 1, -1, 2, -2, 3, -3, 7, -7, 8, -8, 9, .max, .min, .min + 1]
        var random = SplitMix64(seed: 11)
        residuals += (0..<997).map { _ in Int64.random(in: -12...12, using: &random) }
        for slice in [residuals[...], residuals[5..<200], residuals[0..<0]] {
            let counts = LatticeSearch.classCounts(slice)
            #expect(counts.zeros == slice.filter { $0 == 0 }.count)
            #expect(counts.small == slice.filter { $0 != 0 && $0.magnitude <= 2 }.count)
            #expect(counts.wide == slice.filter { $0.magnitude >= 8 }.count)
        }
    }
}
