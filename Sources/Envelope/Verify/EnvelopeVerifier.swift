// SensorGate — Envelope: the collector side, which accepts each authentic batch once.

import Crypto

/// One device's stream, the unit of replay protection.
public struct StreamKey: Hashable, Sendable, Codable {
    /// The device.
    public let deviceID: DeviceID
    /// Its stream.
    public let streamID: UInt32

    /// Creates a key.
    public init(deviceID: DeviceID, streamID: UInt32) {
        self.deviceID = deviceID
        self.streamID = streamID
    }
}

/// An envelope the verifier accepted: its header and its payload in clear.
public struct VerifiedEnvelope: Sendable, Equatable {
    /// The header.
    public let header: EnvelopeHeader
    /// The payload (decrypted when the envelope was sealed): the codec batch.
    public let payload: [UInt8]
}

/// Checks envelopes on the collector: well-formed, from a registered device, with the protection it
/// is registered for, authentic, and not seen before (docs/envelope.md §4). Counts every outcome.
///
/// The checks run in that order, and the replay state changes only for an authentic envelope, so
/// forged or corrupted input can never make a later genuine batch look like a replay.
public struct EnvelopeVerifier: Sendable {
    /// The verifier's settings.
    public struct Settings: Sendable, Equatable {
        /// What the parser accepts (default: ``EnvelopeLimits/default``).
        public var limits: EnvelopeLimits
        /// Ranges kept per stream (default: ``ReplayWindow/defaultMaxRanges``).
        public var maxRangesPerStream: Int

        /// Creates settings; the defaults are documented on each property.
        public init(limits: EnvelopeLimits = .default, maxRangesPerStream: Int = ReplayWindow.defaultMaxRanges) {
            self.limits = limits
            self.maxRangesPerStream = maxRangesPerStream
        }
    }

    /// The devices accepted.
    public var registry: DeviceRegistry
    /// The settings.
    public let settings: Settings
    /// What was accepted and refused so far.
    public private(set) var counters = VerifierCounters()
    /// The replay state of every stream seen; a collector saves it and restores it on restart, so
    /// that a restart does not reopen old sequence numbers to replays.
    public var replayState: [StreamKey: ReplayWindow] = [:]

    /// A verifier of envelopes from the devices in `registry`.
    public init(registry: DeviceRegistry, settings: Settings = Settings()) {
        self.registry = registry
        self.settings = settings
    }

    /// Verifies one envelope and, when it is accepted, records its sequence number.
    /// - Returns: the header and the payload in clear.
    /// - Throws: an ``EnvelopeError`` whose kind says why it was refused (and was counted):
    ///   the parser's kinds, ``EnvelopeError/Kind/unknownDevice``,
    ///   ``EnvelopeError/Kind/protectionMismatch``, ``EnvelopeError/Kind/badSignature``,
    ///   ``EnvelopeError/Kind/replay`` or ``EnvelopeError/Kind/stale``.
    public mutating func verify(_ bytes: [UInt8]) throws(EnvelopeError) -> VerifiedEnvelope {
        do {
            let verified = try check(bytes)
            counters.accepted += 1
            return verified
        } catch {
            counters.count(error.kind)
            throw error
        }
    }

    private mutating func check(_ bytes: [UInt8]) throws(EnvelopeError) -> VerifiedEnvelope {
        let envelope = try ParsedEnvelope.parse(bytes, limits: settings.limits)
        let header = envelope.header
        guard let device = registry[header.deviceID] else {
            throw EnvelopeError(.unknownDevice, "device \(header.deviceID) is not registered")
        }
        guard device.protection == header.protection else {
            throw EnvelopeError(
                .protectionMismatch,
                "device \(header.deviceID) is registered as \(device.protection), the envelope is \(header.protection)")
        }
        let key = StreamKey(deviceID: header.deviceID, streamID: header.streamID)
        let window = replayState[key] ?? ReplayWindow(maxRanges: settings.maxRangesPerStream)
        let payload = try open(envelope, device: device)
        if let refusal = window.check(header.sequence) {
            let what = refusal == .replay ? "was already accepted" : "is below the replay window (\(window.floor))"
            throw EnvelopeError(
                refusal, "device \(header.deviceID) stream \(header.streamID) sequence \(header.sequence) \(what)")
        }
        replayState[key, default: window].record(header.sequence)
        return VerifiedEnvelope(header: header, payload: payload)
    }

    /// Authenticates the envelope and returns its payload in clear.
    private func open(_ envelope: ParsedEnvelope, device: DeviceRegistry.Device) throws(EnvelopeError) -> [UInt8] {
        let header = envelope.header
        let refusal = EnvelopeError(
            .badSignature,
            "device \(header.deviceID) stream \(header.streamID) sequence \(header.sequence): "
                + (header.protection == .signed
                    ? "the signature does not verify" : "the authentication tag does not verify"))
        if let sealingKey = device.sealingKey {
            do {
                let nonce = try ChaChaPoly.Nonce(
                    data: SealingKey.nonce(streamID: header.streamID, sequence: header.sequence))
                let box = try ChaChaPoly.SealedBox(nonce: nonce, ciphertext: envelope.payload, tag: envelope.trailer)
                return Array(try ChaChaPoly.open(box, using: sealingKey.key, authenticating: envelope.headerBytes))
            } catch {
                throw refusal
            }
        }
        let message = EnvelopeWriter.signatureContext + envelope.headerBytes + envelope.payload
        guard device.publicKey.isValidSignature(envelope.trailer, for: message) else { throw refusal }
        return Array(envelope.payload)
    }
}
