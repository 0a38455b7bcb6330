// SensorGate — HALSim: normal deviates from the seeded generator, for simulated noise.

import HAL

#if canImport(Glibc)
    import Glibc
#else
    import Foundation
#endif

extension SplitMix64 {
    /// A standard normal value (mean 0, standard deviation 1), by the Box–Muller transform.
    public mutating func nextGaussian() -> Double {
        let u1 = max(nextUnit(), 0x1p-53)
        let u2 = nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
