// SensorGate — Drivers: one ADXL345 part's factory spread, and the datasheet's noise, for the model.

import HALSim

/// How one ADXL345 part departs from the typical one: its 0 g output and its sensitivity error per
/// axis, and how its sensitivity drifts with temperature. The driver cannot know these (the chip has no
/// calibration registers to read); they are what board-level offset calibration removes.
public struct ADXL345Trims: Sendable, Hashable {
    /// The 0 g output of X, Y and Z in mg (table 1 limits: ±150 mg for X and Y, ±250 mg for Z).
    public var offsetMilliG: [Double]
    /// The sensitivity error of X, Y and Z in percent of the typical 256 LSB/g (table 1: 230…282 LSB/g
    /// at the limits, ±1 % typical deviation from ideal).
    public var sensitivityErrorPercent: [Double]
    /// The sensitivity change with temperature in percent per °C away from 25 °C (table 1: ±0.01 %/°C).
    public var sensitivityDriftPercentPerC: Double

    /// Creates trims.
    /// - Parameters:
    ///   - offsetMilliG: 0 g outputs in mg, X Y Z.
    ///   - sensitivityErrorPercent: sensitivity errors in percent, X Y Z.
    ///   - sensitivityDriftPercentPerC: sensitivity drift in %/°C.
    public init(offsetMilliG: [Double], sensitivityErrorPercent: [Double], sensitivityDriftPercentPerC: Double) {
        self.offsetMilliG = offsetMilliG
        self.sensitivityErrorPercent = sensitivityErrorPercent
        self.sensitivityDriftPercentPerC = sensitivityDriftPercentPerC
    }

    /// The typical part: no offset, no sensitivity error, no drift.
    public static let nominal = ADXL345Trims(
        offsetMilliG: [0, 0, 0], sensitivityErrorPercent: [0, 0, 0], sensitivityDriftPercentPerC: 0)

    /// One part's trims: nominal, spread as production parts spread when a seed is given (0 g outputs
    /// uniform in a third of the table 1 limits, ±50 mg for X and Y and ±83 mg for Z, in whole mg;
    /// sensitivity errors uniform in ±1 % in steps of 0.01 %; drift −0.01, 0 or +0.01 %/°C), then the
    /// explicit trim keys: `offset-x-mg`, `offset-y-mg`, `offset-z-mg` (±1000), `sensitivity-error-pct`
    /// (±20, all three axes) and `sensitivity-drift-pct-per-c` (±1).
    /// - Parameters:
    ///   - seed: the instance seed, or nil for the nominal part.
    ///   - trim: explicit values by key.
    /// - Returns: the trims.
    /// - Throws: `ChipOptionError` naming a key whose value is not a number or out of range.
    public static func instance(seed: UInt64?, trim: ChipOptions) throws(ChipOptionError) -> ADXL345Trims {
        var trims = nominal
        if let seed {
            var generator = ModelSeeds.trimGenerator(seed)
            trims.offsetMilliG = [50, 50, 83].map { Double(generator.spread($0)) }
            trims.sensitivityErrorPercent = (0..<3).map { _ in Double(generator.spread(100)) / 100 }
            trims.sensitivityDriftPercentPerC = Double(generator.spread(1)) / 100
        }
        for (index, axis) in ["x", "y", "z"].enumerated() {
            trims.offsetMilliG[index] = try trim.number(
                "offset-\(axis)-mg", default: trims.offsetMilliG[index], in: -1000...1000)
        }
        if trim.values["sensitivity-error-pct"] != nil {
            let error = try trim.number("sensitivity-error-pct", default: 0, in: -20...20)
            trims.sensitivityErrorPercent = [error, error, error]
        }
        trims.sensitivityDriftPercentPerC = try trim.number(
            "sensitivity-drift-pct-per-c", default: trims.sensitivityDriftPercentPerC, in: -1...1)
        return trims
    }
}

/// Gaussian measurement noise of the ADXL345 ("Noise Performance"): in normal power at 100 Hz, 0.75 LSB
/// rms on X and Y and 1.1 LSB rms on Z, in 3.9 mg LSBs (the section's 400 Hz figures of 1.5 and 2.2 LSB
/// halved by its rule of √2 per doubling of the rate); the same in LSBs below 100 Hz; √2 more per
/// doubling above (bandwidth ODR/2). In low-power mode at the table 8 rates (12.5…400 Hz): 1.8 and
/// 2.6 LSB rms. Drawn from a seeded generator, so the same seed gives the same sequence on every run.
public struct ADXL345Noise: Sendable, Hashable {
    /// The generator seed.
    public var seed: UInt64

    /// Creates the datasheet's noise with a seed.
    /// - Parameter seed: the generator seed.
    public init(seed: UInt64 = 1) { self.seed = seed }

    /// The rms noise of X, Y and Z in g for the settings.
    /// - Parameter settings: rate and power mode.
    /// - Returns: three values in g, held inline (a noisy model asks at every conversion).
    public func rmsG(_ settings: ADXL345Settings) -> SensorComponents<Double> {
        let hertz = settings.dataRate.hertz
        if settings.lowPower, (12.5...400).contains(hertz) {
            return SensorComponents(1.8 / 256, 1.8 / 256, 2.6 / 256)
        }
        let factor = (max(hertz, 100) / 100).squareRoot()
        return SensorComponents(0.75 * factor / 256, 0.75 * factor / 256, 1.1 * factor / 256)
    }
}
