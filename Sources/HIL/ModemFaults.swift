// SensorGate — HIL: the scenario's modem faults on the simulated module, and the uplink's recovery.

import Board
import HAL
import HALSim
import ModemSim

/// Puts the scenario's modem faults on the simulated module of one gateway run (its clock's zero is
/// the run's start; a power cut ends the module with the run), and measures how soon the uplink came
/// back after each.
enum ModemFaults {
    /// Whether a scenario uses the modem chain: a modem fault or an `uplink-back` check.
    static func needed(by scenario: ScenarioDescription) -> Bool {
        scenario.faults.contains { if case .modem = $0.kind { true } else { false } }
            || scenario.expectations.contains { $0.check.needsModem }
    }

    /// Refuses what the modem chain cannot run: a scenario that needs it on a board without a
    /// simulated `modem:` section, and a `psm` fault on a board whose modem requests no PSM timers (the
    /// driver switches PSM off there, so a module would never enter it).
    /// - Throws: `HILError` (`.scenario`) naming the file:line:column.
    static func require(_ scenario: ScenarioDescription) throws(HILError) {
        guard needed(by: scenario) else { return }
        let location =
            scenario.faults.first { if case .modem = $0.kind { true } else { false } }?.location
            ?? scenario.expectations.first { $0.check.needsModem }?.location
        guard let modem = scenario.board.modem, modem.isSimulated else {
            throw HILError(
                .scenario,
                "\(location.map { "\($0)" } ?? scenario.file): modem faults and the modem checks run through the "
                    + "simulated modem: \(scenario.board.file) needs a `modem:` section with `port: sim` "
                    + "(Boards/sim-cellular.yaml has one)")
        }
        for fault in scenario.faults where modem.psm == nil {
            if case .modem(.powerSaving) = fault.kind {
                throw HILError(
                    .scenario,
                    "\(fault.location): fault 'psm' needs PSM timers on the modem, but \(modem.location) "
                        + "(\(scenario.board.file)) has no `psm:` block; add `psm: {periodic-tau: 1h, "
                        + "active-time: 10s}` there (Boards/sim-nbiot.yaml has one)")
            }
        }
    }

    /// Plans the faults that fall in the run from `start` to `end` (scenario time) on `module`, whose
    /// clock reads zero at `start`.
    static func schedule(
        _ scenario: ScenarioDescription, on module: SimModem, from start: Duration, to end: Duration
    ) {
        func local(_ time: Duration) -> MonotonicInstant { MonotonicInstant.zero + max(time - start, .zero) }
        // On a board with PSM timers the scenario's network grants PSM only inside its `psm` windows.
        if scenario.board.modem?.psm != nil { module.withholdPSM() }
        for fault in scenario.faults {
            guard case .modem(let kind) = fault.kind else { continue }
            let faultEnd = fault.start + (fault.length ?? .zero)
            guard fault.start < end, faultEnd >= start else { continue }
            switch kind {
            case .reboot:
                guard fault.start >= start else { continue }
                module.scheduleFault(.reboot, at: local(fault.start))
            case .lostRegistration:
                let from = max(fault.start, start)
                module.scheduleFault(.registrationLoss(faultEnd - from), at: local(from))
            case .coverageGap:
                module.addCoverageGap(CoverageGap(start: local(fault.start), end: local(faultEnd)))
            case .sendFailStorm:
                module.addSendFailStorm(from: local(max(fault.start, start)), until: local(faultEnd))
            case .weakSignal:
                module.addWeakSignal(
                    rsrpDBm: fault.rsrpDBm ?? ScenarioFault.defaultWeakSignalRSRPDBm,
                    from: local(max(fault.start, start)), until: local(faultEnd))
            case .powerSaving:
                // The grant starts with the module put to sleep at once (even mid-transfer) when the
                // window opens in this run; a run that starts inside it gets the rest of the grant.
                module.grantPSM(from: local(max(fault.start, start)), until: local(faultEnd))
            }
        }
    }

    /// When each modem fault was over (a reboot: when it happened), seconds.
    static func recoveries(_ scenario: ScenarioDescription, within duration: Duration) -> [(kind: String, atS: Double)]
    {
        scenario.faults.compactMap { fault in
            // PSM is no outage: the uplink follows its upload schedule through it; a weak signal slows it.
            guard case .modem(let kind) = fault.kind, kind != .powerSaving, kind != .weakSignal,
                fault.start < duration
            else { return nil }
            let over = kind == .reboot ? fault.start : fault.end(within: duration)
            return (kind.rawValue, seconds(over))
        }
    }

    /// The delay from each fault being over to the next envelope the upstream took (infinity when none
    /// followed).
    /// - Parameters:
    ///   - recoveries: when each fault was over.
    ///   - receptionsS: when the upstream took each envelope, in order.
    /// - Returns: per fault: its kind, when it was over and the delay, seconds.
    static func delays(_ recoveries: [(kind: String, atS: Double)], receptionsS: [Double]) -> [UplinkRecovery] {
        recoveries.map { recovery in
            let next = receptionsS.first { $0 >= recovery.atS }
            return UplinkRecovery(
                kind: recovery.kind, overAtS: recovery.atS, delayS: next.map { $0 - recovery.atS } ?? .infinity)
        }
    }
}

/// How soon the uplink came back after one modem fault.
public struct UplinkRecovery: Sendable {
    /// The fault's kind.
    public var kind: String
    /// When it was over (a reboot: when it happened), seconds.
    public var overAtS: Double
    /// Seconds from then to the next envelope taken upstream; infinity when none followed.
    public var delayS: Double
}
