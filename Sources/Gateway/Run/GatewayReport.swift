// SensorGate — Gateway: what a run did, as `sensorgate run --report` writes it.

import Collector
import Sampling
import Store

/// The report of one run: what was sampled, batched, stored, delivered and verified, what was
/// dropped and why, and what it cost.
public struct GatewayReport: Sendable, Codable {
    /// One sensor's (device's) samples.
    public struct Sensor: Sendable, Codable, Equatable {
        /// The device label and its stream ID (0 when it is not batched).
        public var label: String
        /// The stream ID (0 when the device is not batched).
        public var stream: UInt32
        /// Samples taken and kept in batches, and samples the sampler reported missing.
        public var samples: Int
        /// Samples the sampler reported missing.
        public var missing: Int
    }

    /// Wall time spent per stage, in seconds (the sampler's includes the chip models of the simulation).
    public struct Stages: Sendable, Codable, Equatable {
        /// The sampler and the simulated chips.
        public var samplingS: Double
        /// The codec.
        public var encodeS: Double
        /// Ed25519 signing of envelopes.
        public var signS: Double
        /// Durable appends to the store.
        public var storeS: Double
        /// Store reads, the collector and acknowledgements.
        public var deliveryS: Double
        /// How long a simulated board's sampler held its virtual time still until the sealing stage had
        /// caught up (``GatewayRunner/sealingBacklog``); 0 in real time.
        public var waitingForSealingS: Double
    }

    /// The board file.
    public var board: String
    /// How batches went upstream: `in-process` (an in-process collector that verifies and decodes each).
    public var delivery: String
    /// The state folder, the device ID, and whether the identity was created by this run.
    public var stateDirectory: String
    /// The device ID.
    public var deviceID: String
    /// Whether this run created the identity.
    public var identityCreated: Bool
    /// What opening the store found.
    public var storeRecovery: String
    /// Why the run ended: `duration` or `signal`.
    public var ended: String
    /// Simulated seconds, wall seconds, and their ratio.
    public var simulatedS: Double
    /// Wall seconds.
    public var wallS: Double
    /// Simulated seconds per wall second.
    public var speedup: Double
    /// Per sensor.
    public var sensors: [Sensor]
    /// Samples taken by the sampler (all groups), and kept in batches.
    public var samplesTaken: Int
    /// Samples kept in batches.
    public var samplesBatched: Int
    /// Deadline misses over all groups.
    public var deadlineMisses: Int
    /// Per rate group, as `bench sampling` reports them.
    public var groups: [RateGroupReport]
    /// Readings the batcher did not keep, by reason.
    public var batcherDrops: [String: Int]
    /// The sealing stage: batches, samples, bytes produced, losses.
    public var sealer: SealerCounters
    /// Delivery to the collector.
    public var deliveryCounters: DeliveryCounters
    /// The collector's own account (verified, duplicates, rejected, per stream).
    public var collector: CollectorReport
    /// Batches the store dropped (bounds, disk full) and has not reported upstream, by stream and reason.
    public var storeDrops: DropReport
    /// Drop notices sent upstream on the control stream (docs/batch-format.md §12), and the batches they
    /// reported.
    public var dropNotices: DropReporterCounters
    /// Sequence numbers missing at the collector that no drop notice explains (0 when nothing was lost
    /// unaccounted).
    public var unexplainedGaps: UInt64
    /// Batches still in the store at the end (0 when everything was delivered).
    public var storeDepthAtEnd: Int
    /// Batches the collector held and gave up at the end.
    public var givenUp: [String]
    /// Whether every sample kept in a stored batch (this run's, and any left in the store by an earlier run)
    /// arrived and was verified: the store is empty, nothing was refused, undecodable or given up.
    public var everySampleVerified: Bool
    /// Peak resident memory (VmHWM), KiB.
    public var peakRSSKiB: Int
    /// Time per stage.
    public var stages: Stages
    /// The `modbus-rtu:` lines' counters (ModbusRTULines.swift); nil without such lines.
    public var modbusRTU: [ModbusRTULineReport]?
    /// The simulated modem's radio and energy, when batches went through one.
    public var radio: RadioReport?
    /// The cellular module at the end of the run (state, registration, the last signal reading, its
    /// driver's counters), when batches went through one, simulated or real.
    public var modem: ModemStatus?
    /// The run's UTC timeline: where it started and the system clock's steps (nil in reports of older
    /// versions).
    public var clock: Clock?

    /// The UTC timeline samples were dated on (docs/sampling.md, "UTC").
    public struct Clock: Sendable, Codable, Equatable {
        /// The UTC µs of the first sample's instant, before any step moved the timeline.
        public var startUTCMicros: Int64
        /// Steps of the system clock seen (including any no longer listed).
        public var stepsSeen: Int
        /// The steps, oldest first, and what the timeline did with each.
        public var steps: [ClockStep]
        /// How far the timeline ran ahead of the system clock at the end, µs (held backward steps).
        public var aheadMicros: Int64
    }
}

/// What the simulated module's radio did over a run, and the energy it cost by its network's power
/// figures (docs/modem.md, "Energy"): connected time (transfers and the RRC tail after each) at the
/// connected power, PSM at PSM power, the rest at idle power.
public struct RadioReport: Sendable, Codable, Equatable {
    /// The module's dialect.
    public var dialect: String
    /// The simulated network: nbiot or cat1.
    public var network: String
    /// Payload bytes sent over the air.
    public var bytesUp: Int
    /// Payload bytes received.
    public var bytesDown: Int
    /// Seconds the module was on (its clock follows the run's simulated time).
    public var elapsedS: Double
    /// Seconds the radio was connected.
    public var radioOnS: Double
    /// Seconds in power saving mode.
    public var psmS: Double
    /// The energy estimate, joules.
    public var energyJ: Double
    /// Joules per envelope acknowledged.
    public var energyPerBatchJ: Double
}
