// SensorGate — Drivers: seeded spreads for the per-instance factory values of models.

import HAL
import HALSim

/// Seeded spreads for the per-instance factory values of models.
public enum ModelSeeds {
    /// A generator for one instance's trims, distinct from its noise stream.
    /// - Parameter seed: the instance seed.
    /// - Returns: the generator.
    public static func trimGenerator(_ seed: UInt64) -> SplitMix64 { SplitMix64(seed: seed ^ 0x7472_696D_7472_696D) }
}

extension SplitMix64 {
    /// A uniform integer in −limit…limit.
    /// - Parameter limit: the half-width.
    /// - Returns: the value.
    public mutating func spread(_ limit: Int) -> Int { next(below: 2 * limit + 1) - limit }
}
