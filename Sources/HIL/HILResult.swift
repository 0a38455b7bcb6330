// SensorGate — HIL: what a scenario run measured.

import Board
import Drivers
import Gateway
import Modem

/// The outcome of one expectation: its measured value, and whether it held.
public struct ExpectationResult: Sendable {
    /// The expectation's name.
    public var name: String
    /// The check's kind (`samples-lost`).
    public var kind: String
    /// Whether it held.
    public var passed: Bool
    /// The measured value, in `unit`.
    public var measured: Double
    /// The bound the check compares with, in `unit`, where it has one.
    public var bound: Double?
    /// The unit of `measured` and `bound` (`samples`, `deg`, `m`, `s`, `B/h`, `B`).
    public var unit: String
    /// One line: what was expected and what was seen.
    public var message: String
}

/// Samples accounted end to end for one device.
public struct DeviceAccount: Sendable {
    /// The device label.
    public var device: String
    /// Readings the sampler produced.
    public var readings: Int
    /// Samples the sampler reported missing.
    public var missing: Int
    /// Samples the collector verified and decoded.
    public var verified: Int
    /// Samples lost inside fault windows.
    public var lostInFaults: Int
    /// Samples lost outside them.
    public var lostOutside: Int
}

/// Everything a scenario run measured, for the expectations and the reports.
public struct HILResult: Sendable {
    /// The scenario's name and file.
    public var scenario: String
    /// The scenario file.
    public var file: String
    /// Virtual time run, seconds.
    public var simulatedS: Double
    /// Wall time, seconds.
    public var wallS: Double
    /// The seed used.
    public var seed: UInt64
    /// Gateway runs (one more than the power cuts).
    public var segments: Int
    /// The fault windows.
    public var faults: [FaultSpan]
    /// Bus faults the plans injected, by kind.
    public var injected: [String: Int]
    /// Per device: readings, verified, lost.
    public var accounts: [DeviceAccount]
    /// Deadline misses of the sampler, over every run.
    public var deadlineMisses: Int
    /// Envelope bytes the upstream took, and envelopes and data batches.
    public var upstreamBytes: Int
    /// Envelopes the upstream took.
    public var upstreamEnvelopes: Int
    /// Data batches verified and decoded.
    public var batchesVerified: Int
    /// Peak resident memory, bytes.
    public var peakMemoryBytes: Int64
    /// Orientation error of the gateway's delivered orientation stream: the largest after settling,
    /// degrees; nil without an orientation check or without rows.
    public var orientationMaxDeg: Double?
    /// Orientation rows judged after settling, and of those the rows the gateway marked as having a
    /// heading referenced to magnetic north (a trusted magnetometer calibration); `orientationMaxDeg` is over
    /// the referenced ones.
    public var orientationRows = 0
    /// See ``orientationRows``.
    public var headingReferencedRows = 0
    /// When the first judged row with a referenced heading was delivered, seconds; nil without one.
    public var firstHeadingReferencedS: Double? = nil
    /// Orientation error over time, degrees.
    public var orientationSeries: Series?
    /// Tilt error (roll and pitch, not heading) of the delivered orientation: the largest after settling.
    public var tiltMaxDeg: Double?
    /// Altitude error of the gateway's delivered altitude stream: the largest after settling, metres;
    /// nil without an altitude check or without rows.
    public var altitudeMaxM: Double?
    /// Delivered (less the run's reference offset) and true altitude over time, metres.
    public var altitudeSeries: Series?
    /// The first delivered vibration window over the alarm's threshold, seconds; nil when none.
    public var firstAlarmS: Double?
    /// The defect band's RMS over time, m/s², and the threshold.
    public var bearingSeries: Series?
    /// The bearing alarm's threshold, m/s².
    public var bearingThresholdMps2: Double?
    /// The onset of the first bearing defect, seconds.
    public var defectOnsetS: Double?
    /// Latency from a batch's last sample to its decoding upstream, seconds.
    public var latenciesS: [Double]
    /// Store depth over time: batches and bytes.
    public var storeSeries: Series
    /// Cumulative bytes taken by the upstream over time.
    public var bytesSeries: Series
    /// Each traced device quantity: measured components then true components.
    public var traces: [(label: String, quantity: Quantity, series: Series)]
    /// Batches the collector held and gave up at the end.
    public var givenUp: [String]
    /// Delivered roll, pitch, yaw then true ones over time, degrees (the gateway's orientation stream).
    public var orientationAnglesSeries: Series?
    /// The first event the gateway's events stream carried for the alarm's device, seconds.
    public var firstEventS: Double?
    /// Per modem fault (coverage back, registration back, storm over, a reboot), the delay to the next
    /// envelope taken upstream through the modem chain; empty without modem faults.
    public var uplinkRecoveries: [UplinkRecovery] = []
    /// The longest of those delays, seconds; nil without modem faults.
    public var uplinkBackS: Double? { uplinkRecoveries.map(\.delayS).max() }
    /// The simulated module's radio over every gateway run; nil without the modem chain.
    public var modemRadio: ModemRadioTotals?
    /// The simulated module's last signal reading (`AT+CSQ` and the extended report, read at each
    /// connection and every 5 minutes while connected); nil without the modem chain or a reading.
    public var modemSignal: SignalQuality?
    /// The retained status values the gateway published through the simulated module, in order
    /// (`online` at each connect, `asleep` before each PSM sleep, `offline` at the end); empty without
    /// the modem chain.
    public var statuses: [String] = []
    /// Rows of the gateway's derived streams the upstream decoded, by stream name.
    public var deliveredRows: [String: Int] = [:]
    /// The expectations' outcomes.
    public var results: [ExpectationResult] = []
    /// How the `disk-full` windows reached the store; nil without one.
    public var diskFull: DiskFullReport?
    /// What the scenario's operator sent (`operator:`) and what became of it; nil without one.
    public var operatorCommands: OperatorReport?

    /// Whether every expectation held.
    public var passed: Bool { results.allSatisfy(\.passed) }
}

/// What the simulated module's radio did over every gateway run of a scenario (each run's
/// `RadioReport`, summed): the figures behind `psm-time` and `modem-energy`.
public struct ModemRadioTotals: Sendable, Equatable {
    /// Seconds the module was on (its clock follows the runs' simulated time).
    public var elapsedS = 0.0
    /// Seconds the radio was connected (transfers and their RRC tails).
    public var radioOnS = 0.0
    /// Seconds in power saving mode.
    public var psmS = 0.0
    /// The energy estimate by the network's power figures, joules.
    public var energyJ = 0.0
    /// Payload bytes sent over the air.
    public var bytesUp = 0

    /// Nothing yet.
    public init() {}

    /// Adds one gateway run's figures (its radio report).
    /// - Parameters:
    ///   - elapsedS: seconds the module was on.
    ///   - radioOnS: seconds connected.
    ///   - psmS: seconds in PSM.
    ///   - energyJ: joules.
    ///   - bytesUp: payload bytes sent.
    mutating func add(elapsedS: Double, radioOnS: Double, psmS: Double, energyJ: Double, bytesUp: Int) {
        self.elapsedS += elapsedS
        self.radioOnS += radioOnS
        self.psmS += psmS
        self.energyJ += energyJ
        self.bytesUp += bytesUp
    }

    /// The share of the time on spent in PSM, in per cent (0 before any time on).
    public var psmSharePercent: Double { elapsedS > 0 ? psmS / elapsedS * 100 : 0 }

    /// One line for reports: PSM, connected time and energy.
    public var summary: String {
        let share = psmSharePercent
        return "modem: PSM \(Expectations.format(psmS.rounded())) s of \(Expectations.format(elapsedS.rounded())) s "
            + "(\(Expectations.format(share.rounded())) %), connected \(Expectations.format(radioOnS.rounded())) s, "
            + "\(bytesUp) bytes up, energy \(Expectations.format((energyJ * 10).rounded() / 10)) J"
    }
}

/// How a run's `disk-full` windows reached the store, and what they cost.
public struct DiskFullReport: Sendable, Equatable {
    /// A real tmpfs, or the sealer's hook.
    public var method: DiskFullMethod
    /// Why the hook was used (the warning printed); nil on the real file system.
    public var fallbackReason: String?
    /// Where the tmpfs was mounted (the run's state folder; unmounted and removed at the run's end); nil
    /// with the hook.
    public var mountPoint: String?
    /// Times the tmpfs was shrunk to full (0 with the hook).
    public var fills = 0
    /// Samples the sealer could not store because the disk was full, over every gateway run.
    public var samplesNotStored = 0
    /// Data batches the store itself counted as lost to a full disk (its `SQLITE_FULL`/ENOSPC) and reported
    /// upstream in drop notices, as the collector read them (0 with the hook, which refuses before the
    /// store; the schemas refused with them, on the control stream, are not counted here). Drops counted
    /// while the disk is full are written into the database with the next append that succeeds, and
    /// until then kept in the store's drop ledger, so a power cut before it does not lose their count.
    public var batchesReportedUpstream = 0

    /// One line for reports.
    public var summary: String {
        switch method {
        case .tmpfs:
            "disk-full: a real tmpfs (filled \(fills) time(s)): \(samplesNotStored) samples not stored, "
                + "\(batchesReportedUpstream) data batches reported lost to ENOSPC by the store"
        case .hook:
            "disk-full: the sealer's hook, not a real file system (\(fallbackReason ?? "no mount")): "
                + "\(samplesNotStored) samples not stored"
        }
    }
}
