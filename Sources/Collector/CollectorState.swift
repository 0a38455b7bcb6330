// SensorGate — Collector: what a collector must keep across a restart.

import Codec
import Envelope

/// The part of a collector's state that must survive a restart: the verifier's replay windows (or a
/// restarted collector would accept old envelopes again) and the schemas learnt from the control
/// stream (which a gateway sends only when a stream starts or changes). `Codable`, for
/// `sensorgate collect --state FILE`.
///
/// Decoder states are not kept: after a restart, each stream's delta batches wait for its next key batch.
public struct CollectorState: Sendable, Equatable, Codable {
    /// One schema as its device sent it.
    public struct SavedSchema: Sendable, Equatable, Codable {
        /// The device.
        public var device: DeviceID
        /// The schema's encoding (docs/batch-format.md §11.3).
        public var encoded: [UInt8]
    }

    /// The replay window of every stream seen (control streams included).
    public var replay: [StreamKey: ReplayWindow]
    /// Every schema, in the order of device, stream and first sequence.
    public var schemas: [SavedSchema]
}

extension Collector {
    /// The state to save.
    public var state: CollectorState {
        CollectorState(replay: verifier.replayState, schemas: savedSchemas)
    }

    /// Restores a saved state into a collector that has not received anything yet.
    /// - Throws: ``CodecError`` when a saved schema does not decode (a damaged state file).
    public mutating func restore(_ state: CollectorState) throws(CodecError) {
        try restoreSchemas(state.schemas)
        restoreReplay(state.replay)
    }
}
