// SensorGate — Envelope: reading an envelope's bytes, before any key is involved.

/// An envelope split into its parts, with every header field range-checked, but not yet
/// authenticated: nothing in it is to be trusted until ``EnvelopeVerifier`` has accepted it.
public struct ParsedEnvelope: Sendable, Equatable {
    /// The header (in clear in both protections).
    public let header: EnvelopeHeader
    /// The envelope's bytes.
    public let bytes: [UInt8]
    /// The header's length, payload length field included: `bytes[0..<headerLength]` is the header.
    public let headerLength: Int
    /// The payload's length, as transmitted (ciphertext of the same length when sealed).
    public let payloadLength: Int

    /// The payload as transmitted.
    public var payload: ArraySlice<UInt8> { bytes[headerLength..<(headerLength + payloadLength)] }
    /// The signature (signed) or authentication tag (sealed).
    public var trailer: ArraySlice<UInt8> { bytes[(headerLength + payloadLength)...] }
    /// The header bytes.
    public var headerBytes: ArraySlice<UInt8> { bytes[0..<headerLength] }

    /// Splits `bytes` into header, payload and trailer, as docs/envelope.md §2 lays them out.
    /// - Throws: ``EnvelopeError/Kind/truncated`` when the bytes end early (every truncation is
    ///   detected); ``EnvelopeError/Kind/corrupt`` for a field out of range or bytes after the end;
    ///   ``EnvelopeError/Kind/unsupportedVersion``; ``EnvelopeError/Kind/limitExceeded`` for a
    ///   payload longer than `limits` allow.
    public static func parse(_ bytes: [UInt8], limits: EnvelopeLimits = .default) throws(EnvelopeError)
        -> ParsedEnvelope
    {
        guard let first = bytes.first else { throw EnvelopeError(.truncated, "empty input: no envelope") }
        let version = first >> 5
        guard version == EnvelopeHeader.version else {
            throw EnvelopeError(
                .unsupportedVersion,
                "envelope version \(version); this collector reads version \(EnvelopeHeader.version)")
        }
        guard let protection = Protection(rawValue: (first >> 3) & 3) else {
            throw EnvelopeError(.unsupportedVersion, "protection \((first >> 3) & 3) is not defined in version 1")
        }
        var offset = 1
        guard bytes.count >= offset + DeviceID.byteCount,
            let deviceID = DeviceID(bytes: bytes[offset..<(offset + DeviceID.byteCount)])
        else {
            throw EnvelopeError(.truncated, "the input ends inside the device ID (\(bytes.count) bytes)")
        }
        offset += DeviceID.byteCount
        let stream = try EnvelopeVarint.read(bytes, at: &offset, maximum: UInt64(UInt32.max), field: "stream ID")
        let sequence = try EnvelopeVarint.read(bytes, at: &offset, maximum: EnvelopeHeader.maxValue, field: "sequence")
        let start = try EnvelopeVarint.read(bytes, at: &offset, maximum: EnvelopeHeader.maxMicros, field: "start time")
        let duration = try EnvelopeVarint.read(bytes, at: &offset, maximum: EnvelopeHeader.maxMicros, field: "duration")
        let length = try EnvelopeVarint.read(bytes, at: &offset, maximum: UInt64(Int32.max), field: "payload length")
        guard length <= UInt64(limits.maxPayloadBytes) else {
            throw EnvelopeError(
                .limitExceeded, "a payload of \(length) bytes is above the limit of \(limits.maxPayloadBytes)")
        }
        let payloadStart = offset
        let expected = payloadStart + Int(length) + protection.trailerLength
        guard bytes.count >= expected else {
            let part = bytes.count < payloadStart + Int(length) ? "payload" : "trailer"
            throw EnvelopeError(
                .truncated, "the input ends inside the \(part): \(bytes.count) of \(expected) bytes")
        }
        guard bytes.count == expected else {
            throw EnvelopeError(.corrupt, "\(bytes.count - expected) bytes after the end of the envelope")
        }
        let header = EnvelopeHeader(
            protection: protection, priority: first & 7, deviceID: deviceID, streamID: UInt32(stream),
            sequence: sequence, startMicros: start, durationMicros: duration)
        return ParsedEnvelope(header: header, bytes: bytes, headerLength: payloadStart, payloadLength: Int(length))
    }
}
