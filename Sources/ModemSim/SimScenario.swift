// SensorGate — ModemSim: faults planned ahead for a whole run (coverage gaps, timed faults, random reboots).

import HAL

/// What goes wrong during a simulated module's run, planned before it starts: periods without coverage,
/// faults at fixed times, and spontaneous reboots at random intervals drawn from the modem's seed.
///
/// Times are the simulation's: zero is when the modem was created (for `sensorgate modem-sim`, the start).
public struct SimScenario: Sendable {
    /// Periods without coverage, in any order; they must not overlap (``overlappingGaps``).
    public var coverageGaps: [CoverageGap] = []
    /// Faults at fixed times.
    public var faults: [PlannedFault] = []
    /// Periods of weak signal, in any order; where they overlap, the later in this list holds.
    public var weakSignals: [WeakSignal] = []
    /// The mean time between spontaneous reboots (exponentially distributed, from the modem's seed,
    /// counted from the end of each boot), or nil for none. Default: nil.
    public var rebootMeanInterval: Duration?

    /// An empty scenario: nothing goes wrong.
    public init() {}

    /// The first two gaps that overlap or touch, or nil when none do (overlapping gaps would end each other early).
    public var overlappingGaps: (CoverageGap, CoverageGap)? {
        let sorted = coverageGaps.sorted { $0.start < $1.start }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) where later.start <= earlier.end {
            return (earlier, later)
        }
        return nil
    }

    /// Plans everything on `modem`; call before it is switched on so the first boot draws its reboot.
    /// - Parameter modem: the modem.
    public func apply(to modem: SimModem) {
        for gap in coverageGaps { modem.addCoverageGap(gap) }
        for weak in weakSignals { modem.addWeakSignal(rsrpDBm: weak.rsrpDBm, from: weak.start, until: weak.end) }
        for planned in faults { modem.scheduleFault(planned.fault, at: planned.at) }
        if let rebootMeanInterval, rebootMeanInterval > .zero {
            let seconds = Double(rebootMeanInterval.nanoseconds) / 1e9
            modem.quirks.rebootRatePerMinute = 60 / seconds
        }
    }
}

/// A fault at a fixed time of a ``SimScenario``.
public struct PlannedFault: Sendable, Hashable {
    /// When it happens, in the simulation's time.
    public var at: MonotonicInstant
    /// What happens.
    public var fault: ModemFault

    /// Creates a planned fault.
    /// - Parameters:
    ///   - at: when.
    ///   - fault: what.
    public init(at: MonotonicInstant, fault: ModemFault) {
        self.at = at
        self.fault = fault
    }
}

/// A period of weak signal of a ``SimScenario`` (``SimModem/addWeakSignal(rsrpDBm:from:until:)``).
public struct WeakSignal: Sendable, Hashable {
    /// When the signal weakens, in the simulation's time.
    public var start: MonotonicInstant
    /// When it is back to nominal.
    public var end: MonotonicInstant
    /// The RSRP meanwhile, dBm (−140…−44).
    public var rsrpDBm: Double

    /// Creates a period.
    /// - Parameters:
    ///   - start: when the signal weakens.
    ///   - end: when it is back.
    ///   - rsrpDBm: the RSRP meanwhile.
    public init(start: MonotonicInstant, end: MonotonicInstant, rsrpDBm: Double) {
        self.start = start
        self.end = end
        self.rsrpDBm = rsrpDBm
    }
}
