// SensorGate — HIL: how a scenario runs.

import Sampling

/// How a scenario runs; every field has a default.
public struct HILSettings: Sendable {
    /// As fast as possible (default), or paced at a factor of real time.
    public var pacing: Pacing = .asFastAsPossible
    /// Replaces the scenario's seed (`--seed`). Default: the scenario's.
    public var seed: UInt64?
    /// Cuts the scenario short (tests run shortened forms); faults after the end do not happen.
    /// Default: the scenario's duration.
    public var duration: Duration?
    /// The state folder of the gateway; a fresh temporary folder when nil (default).
    public var stateDirectory: String?
    /// UTC µs at the start of the scenario. Default: 2026-01-01T00:00:00Z, so that runs repeat.
    public var utcStartMicros: Int64 = 1_767_225_600_000_000
    /// Points per plotted trace (the HTML report). Default 600.
    public var tracePoints = 600
    /// A real MQTT broker, `HOST:PORT` (`--broker`): the gateway delivers to it through the simulated
    /// module's network (real TCP), and the collector's side subscribes to it. Needs a board whose uplink
    /// goes through a simulated modem, and a paced run (not ``Pacing/asFastAsPossible``). Default nil: the
    /// in-process broker on virtual time.
    public var broker: String?
    /// Whether the run may mount a tmpfs on the state folder, so that `disk-full` fills a real file
    /// system. Default nil: when the process holds CAP_SYS_ADMIN (root); false forces the sealer's hook.
    public var canMount: Bool?

    /// The defaults.
    public init() {}
}

/// A live status of a scenario run, for the progress line.
public struct HILProgress: Sendable {
    /// Virtual time run.
    public var simulated: Duration
    /// The scenario's duration.
    public var total: Duration
    /// Samples verified by the collector so far.
    public var verified: Int
    /// Batches in the store.
    public var storeDepth: Int
    /// Faults active now, by kind.
    public var activeFaults: [String]
}
