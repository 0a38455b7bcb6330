// SensorGate — Board: a hardware-in-the-loop scenario: the board, the world, the faults, the checks.

import HAL

/// A hardware-in-the-loop scenario file (`Boards/scenarios/*.yaml`, docs/hil.md): which board runs,
/// for how long, what the world does, what goes wrong, and what must still hold.
public struct ScenarioDescription: Sendable {
    /// The scenario's name (`scenario: name:`).
    public var name: String
    /// A sentence saying what it shows.
    public var summary: String?
    /// The board, loaded, with the scenario's world, replays and seed applied.
    public var board: BoardDescription
    /// How much virtual time the scenario covers.
    public var duration: Duration
    /// The seed of the run: chip spread and noise, and the fault plans' draws. Default: the board's.
    public var seed: UInt64
    /// The faults, in file order.
    public var faults: [ScenarioFault]
    /// The checks, in file order.
    public var expectations: [Expectation]
    /// The sea-level pressure the operator sends the gateway (`operator: qnh:`), or nil.
    public var qnhFeed: QNHFeed? = nil
    /// The file it was loaded from.
    public var file: String
}

/// The operator's side of a scenario: a reference station's sea-level pressure (QNH), sent to the
/// gateway as signed `set-qnh` downlink commands at the start and then every `every`.
public struct QNHFeed: Sendable, Hashable {
    /// How often the operator sends it. Default: 1 h.
    public var every: Duration = .seconds(3600)
    /// What the station's figure is rounded to, Pa. Default: 10 Pa (0.1 hPa).
    public var resolutionPa: Double = 10
    /// Where it is declared.
    public var location: SourceLocation

    /// The feed declared at `location`, with the defaults.
    public init(location: SourceLocation) { self.location = location }
}

/// One fault of a scenario's timeline.
public struct ScenarioFault: Sendable {
    /// What goes wrong.
    public var kind: ScenarioFaultKind
    /// The device it hits (sensor faults), or nil for the gateway as a whole.
    public var device: String?
    /// When it starts, from the start of the scenario.
    public var start: Duration
    /// How long it lasts; nil for faults that last to the end (stuck and drifting values) or are
    /// instants (a power cut: its `for` is the time until power returns).
    public var length: Duration?
    /// Where it is declared.
    public var location: SourceLocation
    /// A `weak-signal` fault's RSRP, dBm; nil for every other kind.
    public var rsrpDBm: Double? = nil

    /// A `weak-signal` fault's RSRP when the file gives none: −125 dBm, where a module is near the edge
    /// of coverage.
    public static let defaultWeakSignalRSRPDBm = -125.0

    /// The end of the window, or `end` when the fault lasts to the end.
    /// - Parameter end: the scenario's duration.
    /// - Returns: the end.
    public func end(within end: Duration) -> Duration { min(start + (length ?? end), end) }
}

/// The kinds of fault a scenario can inject.
public enum ScenarioFaultKind: Sendable, Hashable {
    /// The device disappears (unplugged, browned out) and returns after the window.
    case disconnect
    /// The device does not acknowledge its address for the window (I2C only).
    case nackBurst
    /// The device's values stay where they were at the start, to the end of the run.
    case stuck
    /// The device's values drift by `ratePerS` SI units a second, from the start to the end of the run.
    case drift(ratePerS: Double)
    /// The host cannot drain the device's FIFO for the window (SPI: MISO held low, the FIFO looks
    /// empty; I2C: the address is not acknowledged), so the chip's FIFO overflows.
    case fifoOverflow
    /// The store's disk is full for the window: appends fail as with ENOSPC.
    case diskFull
    /// Power is cut at the start; the gateway restarts from its state folder after `for` (default 5 s).
    case powerCut
    /// The broker or collector is down for the window: nothing is delivered.
    case brokerDown
    /// A fault of the cellular modem or its network, on the simulated module (docs/hil.md).
    case modem(ModemFault)

    /// The name used in scenario files.
    public var name: String {
        switch self {
        case .disconnect: "disconnect"
        case .nackBurst: "nack-burst"
        case .stuck: "stuck"
        case .drift: "drift"
        case .fifoOverflow: "fifo-overflow"
        case .diskFull: "disk-full"
        case .powerCut: "power-cut"
        case .brokerDown: "broker-down"
        case .modem(let fault): fault.rawValue
        }
    }
}

/// Faults of the cellular modem and its network, acted out by the simulated module.
public enum ModemFault: String, Sendable, Hashable, CaseIterable {
    /// The modem reboots (an unsolicited restart, `RDY` again).
    case reboot = "modem-reboot"
    /// The modem loses its network registration (`+CEREG: 0`) for the window.
    case lostRegistration = "lost-registration"
    /// No coverage for the window: the network is unreachable.
    case coverageGap = "coverage-gap"
    /// The network grants power saving mode for the window (the module sleeps at once, then after its
    /// active time each time); outside `psm` windows a board's PSM timers are not granted.
    case powerSaving = "psm"
    /// Every send fails (`SEND FAIL`) for the window.
    case sendFailStorm = "send-fail-storm"
    /// The signal at the module's antenna is weak for the window (`rsrp-dbm`, default −125 dBm): its
    /// reports show it, and the link slows (rate and latency) as a module at the edge of coverage does.
    case weakSignal = "weak-signal"
}

/// One named check of a scenario, with its bound.
public struct Expectation: Sendable {
    /// The check's name in reports (`name:`, default the check's kind).
    public var name: String
    /// What is checked.
    public var check: ExpectationCheck
    /// Where it is declared.
    public var location: SourceLocation
}

/// What an expectation checks.
public enum ExpectationCheck: Sendable, Hashable {
    /// Samples lost end to end outside fault windows at most `maxOutside` (inside them, counted).
    case samplesLost(maxOutside: Int)
    /// The orientation estimated from `device` (an IMU) within `maxDeg` of the truth after `settle`.
    case orientationError(device: String, maxDeg: Double, settle: Duration)
    /// The tilt (the direction of up in the body: roll and pitch, not heading) estimated from `device`
    /// within `maxDeg` of the truth after `settle`.
    case tiltError(device: String, maxDeg: Double, settle: Duration)
    /// The altitude from `device` (a barometer) within `maxM` of the truth after `settle`.
    case altitudeError(device: String, maxM: Double, settle: Duration)
    /// A bearing alarm from `device` within `within` of the defect's onset, and none before.
    case alarm(device: String, within: Duration, thresholdMps2: Double)
    /// Deadline misses of the sampler at most `max`.
    case deadlineMisses(max: Int)
    /// Bytes handed to the uplink per hour of virtual time at most `max`.
    case bytesPerHour(max: Int64)
    /// Peak resident memory at most `maxBytes`.
    case memory(maxBytes: Int64)
    /// The uplink back within `within` of each modem fault being over (through the modem chain).
    case uplinkBack(within: Duration)
    /// The simulated module's time in PSM (its radio meter, over every gateway run) more than `above`.
    case psmTime(above: Duration)
    /// The simulated module's energy estimate (its radio meter and the network's power figures, over
    /// every gateway run) below `maxJoules`.
    case modemEnergy(maxJoules: Double)

    /// Whether the check measures the simulated module, so needs the modem chain.
    public var needsModem: Bool {
        switch self {
        case .uplinkBack, .psmTime, .modemEnergy: true
        default: false
        }
    }

    /// The name used in scenario files.
    public var kind: String {
        switch self {
        case .samplesLost: "samples-lost"
        case .orientationError: "orientation-error"
        case .tiltError: "tilt-error"
        case .altitudeError: "altitude-error"
        case .alarm: "alarm"
        case .deadlineMisses: "deadline-misses"
        case .bytesPerHour: "bytes-per-hour"
        case .memory: "memory"
        case .uplinkBack: "uplink-back"
        case .psmTime: "psm-time"
        case .modemEnergy: "modem-energy"
        }
    }
}
