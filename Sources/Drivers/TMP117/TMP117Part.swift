// SensorGate — Drivers: one TMP117 part's own error and factory EEPROM, for the model.

/// What makes one TMP117 differ from another: its temperature error and its factory EEPROM words.
///
/// The error is an offset at 25 °C plus a drift per °C away from 25 °C. Seeded parts draw the offset
/// within ±80 m°C and the drift within ±0.4 m°C/°C, which keeps them inside the datasheet's accuracy
/// (±0.1 °C from −20 to 50 °C, ±0.15 °C from −40 to 70 °C, ±0.3 °C from −55 to 150 °C).
public struct TMP117Part: Sendable, Hashable {
    /// The error at 25 °C in m°C.
    public var offsetMilliC: Double
    /// How the error changes per °C away from 25 °C, in m°C/°C.
    public var driftMilliCPerC: Double
    /// EEPROM1, EEPROM2, EEPROM3 as the factory leaves them (part of the unique ID).
    public var eeprom: [UInt16]

    /// A part without error and with blank general-purpose EEPROM words.
    public static let nominal = TMP117Part(offsetMilliC: 0, driftMilliCPerC: 0, eeprom: [0, 0, 0])

    /// Creates a part.
    /// - Parameters:
    ///   - offsetMilliC: the error at 25 °C in m°C.
    ///   - driftMilliCPerC: the error's change per °C in m°C/°C.
    ///   - eeprom: EEPROM1–3 (missing words are zero).
    public init(offsetMilliC: Double, driftMilliCPerC: Double, eeprom: [UInt16]) {
        self.offsetMilliC = offsetMilliC
        self.driftMilliCPerC = driftMilliCPerC
        self.eeprom = Array((eeprom + [0, 0, 0]).prefix(3))
    }

    /// The part's error at a temperature.
    /// - Parameter celsius: the true temperature.
    /// - Returns: what the part adds, in °C.
    public func error(at celsius: Double) -> Double {
        (offsetMilliC + driftMilliCPerC * (celsius - 25)) / 1000
    }

    /// The largest error over the operating range −55…150 °C, in °C.
    public var errorBound: Double { max(abs(error(at: -55)), abs(error(at: 150))) }

    /// One part: nominal, spread as production parts spread when a seed is given, then any explicit
    /// trim keys (`offset-mc`, `drift-mc-per-c`, `eeprom1`…`eeprom3`).
    /// - Parameters:
    ///   - seed: the instance seed, or nil for the nominal part.
    ///   - trim: explicit values by key.
    /// - Returns: the part.
    /// - Throws: `ChipOptionError` for a value outside its range (offset ±300 m°C, drift ±2 m°C/°C,
    ///   EEPROM words 0…65535).
    static func instance(seed: UInt64?, trim: ChipOptions) throws(ChipOptionError) -> TMP117Part {
        var part = TMP117Part.nominal
        if let seed {
            var generator = ModelSeeds.trimGenerator(seed)
            part.offsetMilliC = Double(generator.spread(80))
            part.driftMilliCPerC = Double(generator.spread(40)) / 100
            part.eeprom = (0..<3).map { _ in UInt16(generator.next(below: 65536)) }
        }
        part.offsetMilliC = try trim.number("offset-mc", default: part.offsetMilliC, in: -300...300)
        part.driftMilliCPerC = try trim.number("drift-mc-per-c", default: part.driftMilliCPerC, in: -2...2)
        for index in 0..<3 {
            part.eeprom[index] = UInt16(
                try trim.integer("eeprom\(index + 1)", default: Int(part.eeprom[index]), in: 0...65535))
        }
        return part
    }
}
