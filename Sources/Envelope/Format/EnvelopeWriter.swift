// SensorGate — Envelope: the gateway side, which puts each batch in a signed or sealed envelope.

import Crypto

/// Wraps payloads (codec batches) in envelopes from one device: signed with the device's identity,
/// or sealed with the key provisioned for it where the board says so.
public struct EnvelopeWriter: Sendable {
    /// The bytes that precede the header in the message an Ed25519 signature covers (not transmitted):
    /// `sensorgate-envelope-v1` and a zero byte, so a device key's envelope signatures can never be
    /// mistaken for its signatures of anything else.
    public static let signatureContext: [UInt8] = Array("sensorgate-envelope-v1".utf8) + [0]

    /// The sending device.
    public let identity: DeviceIdentity
    /// The key for sealed envelopes; nil for signed ones.
    public let sealingKey: SealingKey?

    /// A writer of signed envelopes, or of sealed ones when `sealingKey` is given.
    public init(identity: DeviceIdentity, sealingKey: SealingKey? = nil) {
        self.identity = identity
        self.sealingKey = sealingKey
    }

    /// The protection this writer applies.
    public var protection: Protection { sealingKey == nil ? .signed : .sealed }

    /// The envelope of `payload` as the `sequence`-th batch of stream `streamID`.
    /// - Parameters:
    ///   - startMicros: the first sample's time, µs since the Unix epoch.
    ///   - durationMicros: from the first to the last sample, µs.
    ///   - priority: 0 (routine) to 7 (most urgent).
    /// - Throws: ``EnvelopeError/Kind/invalidInput`` when a field is out of range or the payload is
    ///   longer than 2³¹ − 1 bytes.
    public func write(
        payload: [UInt8], streamID: UInt32, sequence: UInt64, startMicros: UInt64, durationMicros: UInt64,
        priority: UInt8 = 0
    ) throws(EnvelopeError) -> [UInt8] {
        let header = EnvelopeHeader(
            protection: protection, priority: priority, deviceID: identity.deviceID, streamID: streamID,
            sequence: sequence, startMicros: startMicros, durationMicros: durationMicros)
        try header.validate()
        guard payload.count <= Int(Int32.max) else {
            throw EnvelopeError(.invalidInput, "a payload of \(payload.count) bytes is above 2^31 - 1")
        }
        var bytes = header.encoded()
        EnvelopeVarint.write(UInt64(payload.count), to: &bytes)
        bytes.reserveCapacity(bytes.count + payload.count + protection.trailerLength)
        if let sealingKey {
            let nonce = SealingKey.nonce(streamID: streamID, sequence: sequence)
            do {
                let box = try ChaChaPoly.seal(
                    payload, using: sealingKey.key, nonce: try ChaChaPoly.Nonce(data: nonce), authenticating: bytes)
                bytes.append(contentsOf: box.ciphertext)
                bytes.append(contentsOf: box.tag)
            } catch {
                throw EnvelopeError(.invalidInput, "sealing failed: \(error)")
            }
        } else {
            let signature = try identity.signature(for: Self.signatureContext + bytes + payload)
            bytes.append(contentsOf: payload)
            bytes.append(contentsOf: signature)
        }
        return bytes
    }

    /// The bytes an envelope adds to a payload of `payloadLength` bytes with these header values.
    public static func overhead(
        protection: Protection, payloadLength: Int, streamID: UInt32, sequence: UInt64, startMicros: UInt64,
        durationMicros: UInt64
    ) -> Int {
        1 + DeviceID.byteCount + EnvelopeVarint.length(UInt64(streamID)) + EnvelopeVarint.length(sequence)
            + EnvelopeVarint.length(startMicros) + EnvelopeVarint.length(durationMicros)
            + EnvelopeVarint.length(UInt64(payloadLength)) + protection.trailerLength
    }
}
