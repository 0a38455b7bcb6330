// SensorGate — ModemSim: the radio conditions at the simulated module's antenna, and what they cost.

import Foundation

/// The serving cell as the simulated module measures it, worked out from one figure, the reference
/// signal received power (RSRP), and what those conditions do to the link's rate.
///
/// The model (docs/hil.md, "Radio conditions"): whatever weakens the module's signal — distance, a
/// basement, a metal cabinet — weakens the serving cell and its neighbours alike, so the signal to
/// interference ratio stays the network's (``signalToInterferenceDB``), and the thermal noise floor
/// (``noisePerResourceElementDBm``) takes over as RSRP approaches it. The serving cell's load
/// (``cellLoad``) fills the carrier's other resource elements. Then, per resource element (15 kHz):
/// - SINR = S / (S / SIR + N);
/// - RSRQ = N_RB × RSRP / RSSI = 1 / (12 × (load + 1 / SIR + N / S)) (TS 36.214 §5.1.3);
/// - RSSI = 12 × N_RB × S × (load + 1 / SIR + N / S), over the carrier's `N_RB` resource blocks.
///
/// The rate falls with the Shannon capacity per resource element, log₂(1 + SINR), against its value
/// at the nominal RSRP (−96 dBm, where a ``NetworkProfile``'s rates hold): the repetitions and lower
/// coding rates a module uses at the edge of coverage.
public struct RadioConditions: Sendable, Hashable {
    /// Reference signal received power, dBm.
    public let rsrpDBm: Double
    /// Resource blocks of the carrier the RSSI is measured over (NB-IoT: 1, 180 kHz; LTE at 5 MHz: 25).
    public let resourceBlocks: Int

    /// The RSRP at which a profile's rates hold: a module outdoors in a town, about a kilometre from
    /// its cell. Reported as `+CSQ: 20,99` on LTE, `+CESQ: …,20,45`.
    public static let nominalRSRPDBm = -96.0
    /// The lowest RSRP the module reports (TS 27.007 `+CESQ` index 0 is below −140 dBm) and still
    /// camps on; below it there is no coverage (the `coverage-gap` fault).
    public static let lowestRSRPDBm = -140.0
    /// The highest RSRP reported as a figure (`+CESQ` index 97: −44 dBm or more).
    public static let highestRSRPDBm = -44.0
    /// The signal to interference ratio of the network, dB: the serving cell against its neighbours.
    public static let signalToInterferenceDB = 7.2
    /// Thermal noise in one 15 kHz resource element with a 7 dB noise figure: −174 dBm/Hz + 41.8 dB + 7 dB.
    public static let noisePerResourceElementDBm = -125.2
    /// The share of the serving cell's resource elements carrying data for other users (0–1).
    public static let cellLoad = 0.64

    /// The conditions at `rsrpDBm` on a carrier of `resourceBlocks`.
    /// - Parameters:
    ///   - rsrpDBm: RSRP, clamped to −140…−44 dBm.
    ///   - resourceBlocks: the carrier's resource blocks, at least 1.
    public init(rsrpDBm: Double, resourceBlocks: Int) {
        self.rsrpDBm = min(max(rsrpDBm, Self.lowestRSRPDBm), Self.highestRSRPDBm)
        self.resourceBlocks = max(resourceBlocks, 1)
    }

    /// The nominal conditions on a carrier of `resourceBlocks`.
    /// - Parameter resourceBlocks: the carrier's resource blocks.
    /// - Returns: the conditions at ``nominalRSRPDBm``.
    public static func nominal(resourceBlocks: Int) -> RadioConditions {
        RadioConditions(rsrpDBm: nominalRSRPDBm, resourceBlocks: resourceBlocks)
    }

    /// Interference plus noise over the signal, per resource element (linear): 1 / SIR + N / S.
    private var impairment: Double {
        1 / Self.linear(Self.signalToInterferenceDB) + Self.linear(Self.noisePerResourceElementDBm - rsrpDBm)
    }

    /// Signal to interference and noise ratio, dB.
    public var sinrDB: Double { -10 * log10(impairment) }

    /// Reference signal received quality, dB.
    public var rsrqDB: Double { -10 * log10(12 * (Self.cellLoad + impairment)) }

    /// Received signal strength over the carrier, dBm.
    public var rssiDBm: Double {
        rsrpDBm + 10 * log10(12 * Double(resourceBlocks) * (Self.cellLoad + impairment))
    }

    /// The share of a profile's rates the link carries: log₂(1 + SINR) against its nominal value,
    /// at most 1.
    public var rateFactor: Double {
        let nominal = RadioConditions.nominal(resourceBlocks: resourceBlocks)
        return min(1, log2(1 + Self.linear(sinrDB)) / log2(1 + Self.linear(nominal.sinrDB)))
    }

    /// `+CSQ`'s `<rssi>`: 0 at −113 dBm or less, 31 at −51 dBm or more, 2 dB steps (TS 27.007 §8.5).
    public var csqIndex: Int { Self.index(floor((rssiDBm + 113) / 2), in: 0...31) }

    /// `+CESQ`'s `<rsrq>`: 0 below −19.5 dB, 34 at −3 dB or more, 0.5 dB steps (TS 27.007 §8.69).
    public var cesqRSRQIndex: Int { Self.index(floor((rsrqDB + 20) * 2), in: 0...34) }

    /// `+CESQ`'s `<rsrp>`: 0 below −140 dBm, 97 at −44 dBm or more, 1 dB steps (TS 27.007 §8.69).
    public var cesqRSRPIndex: Int { Self.index(floor(rsrpDBm + 141), in: 0...97) }

    /// Quectel `+QCSQ`'s `<sinr>`: (SINR + 20 dB) × 5, 0…250 (−20…30 dB in fifths of a dB).
    public var qcsqSINR: Int { Self.index(((sinrDB + 20) * 5).rounded(), in: 0...250) }

    private static func linear(_ decibels: Double) -> Double { pow(10, decibels / 10) }

    private static func index(_ value: Double, in range: ClosedRange<Int>) -> Int {
        Int(min(max(value, Double(range.lowerBound)), Double(range.upperBound)))
    }
}
