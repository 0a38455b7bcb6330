// SensorGate — Gateway: seams for hardware-in-the-loop runs: fault injection and observation.

import Board
import HAL
import HALSim
import ModemSim
import Sampling
import Store

/// What a hardware-in-the-loop harness plugs into a run (docs/hil.md). Every hook is optional; a run
/// without hooks is the plain `sensorgate run`. Hooks are called on the threads named, and must not
/// block.
public struct GatewayHooks {
    /// Called once the board is bound, before sampling starts (running thread): fault plans go on
    /// the simulated buses, value faults on the stimuli, and the virtual clock may be moved on (a
    /// gateway restarted after a power cut continues the world where it was).
    public var boardBound: ((BoundBoard) -> Void)?
    /// Called once with the store when it is open (running thread); the store is safe to read from
    /// any thread.
    public var storeOpened: ((BatchStore) -> Void)?
    /// Called with the instant sampling started (the batcher's epoch: UTC `utcStartMicros`, or just after
    /// the latest time the store already held when the system clock is behind it).
    public var started: ((MonotonicInstant) -> Void)?
    /// Sees every reading and missing-sample report after the batcher (sampling thread).
    public var observer: (any SampleSink)?
    /// Sees each row a device's `processing:` chains report (sampling thread): the device's label and the
    /// reading's time. The readings they hold back (a deadband: report by exception) are not sent, by
    /// design, so an end-to-end count of such a device expects these rows, not every reading.
    public var processedRow: ((String, MonotonicInstant) -> Void)?
    /// Decides each sealed batch's append (pipeline thread), one batch at a time: nil lets it through,
    /// an error refuses that batch as the store would (a full disk); the stream's next batch is then a
    /// key batch with its schema, so nothing stored depends on the refused one.
    public var storeFault: (@Sendable ([StoredBatch]) -> StoreError?)?
    /// Sees each sealed data batch just before the store appends it (pipeline thread), so a harness can
    /// change the real disk under the store (fill it, free it) from that batch on. When set, every batch
    /// is appended in its own transaction (with its schema), whatever the grouping of the windows.
    public var beforeStoring: (@Sendable (StoredBatch) -> Void)?
    /// Replaces the delivery: each pending batch goes to this link (pipeline thread).
    public var upstream: (any UpstreamLink)?
    /// The operator's public key file for downlink commands arriving over ``upstream``
    /// (``UpstreamLink/commands()``), as `--operator-key` is for MQTT. Default nil: the link's commands
    /// are not taken.
    public var upstreamOperatorKeyFile: String?
    /// When true, the run ends as a power cut does: the batcher's open windows are lost, not flushed.
    public var endsWithPowerCut = false
    /// Makes the simulated module's network for an MQTT uplink through a simulated modem (running
    /// thread): the harness's endpoint on simulated time instead of the loopback to the broker's real
    /// address. Default nil: the loopback.
    public var modemNetwork: (() -> any NetworkTransport)?
    /// Called with the simulated module and its clock once made (running thread, before delivery
    /// starts): the harness plans the module's faults and coverage gaps on that clock, whose zero is
    /// the run's start.
    public var modemReady: ((SimModem, VirtualClock) -> Void)?

    /// The simulated system clock's steps: given the simulated time since the start, how far the system
    /// clock (UTC) has been stepped in all, µs (an NTP step, a gateway that booted at 1970). Default nil:
    /// never stepped. Real boards read the real system clock's steps instead.
    public var systemClockStepsMicros: ((Duration) -> Int64)?

    /// No hooks.
    public init() {}
}

/// An upstream a harness provides: takes envelopes, says whether each was acknowledged.
public protocol UpstreamLink: AnyObject, Sendable {
    /// Offers one stored batch upstream (pipeline thread).
    /// - Parameter batch: the batch.
    /// - Returns: `nil` when the upstream cannot be reached (the batch stays in the store), else
    ///   whether the upstream acknowledged it (true: deleted from the store).
    func offer(_ batch: StoredBatch) -> Bool?
    /// The downlink commands (signed bytes, as on the MQTT command topic) that arrived since the last
    /// call (pipeline thread). Default: none.
    func commands() -> [[UInt8]]
    /// Sends the gateway's signed acknowledgement of a command upstream (pipeline thread). Default:
    /// dropped.
    func acknowledge(_ ack: [UInt8])
}

extension UpstreamLink {
    /// None.
    public func commands() -> [[UInt8]] { [] }
    /// Dropped.
    public func acknowledge(_ ack: [UInt8]) {}
}
