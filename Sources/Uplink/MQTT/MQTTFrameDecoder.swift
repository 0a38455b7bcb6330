// SensorGate — Uplink: MQTT packets out of a byte stream that arrives in arbitrary pieces.

/// Splits a byte stream into MQTT packets: bytes go in as they arrive, whole packets come out.
public struct MQTTFrameDecoder: Sendable {
    /// The largest packet accepted, in bytes; a larger one is an error before its body arrives.
    public let maxPacketBytes: Int
    private var buffer: [UInt8] = []

    /// Creates a decoder.
    /// - Parameter maxPacketBytes: the largest packet accepted. Default: 1 MiB.
    public init(maxPacketBytes: Int = 1 << 20) { self.maxPacketBytes = maxPacketBytes }

    /// Bytes received and not yet part of a whole packet.
    public var pendingBytes: Int { buffer.count }

    /// Appends received bytes.
    /// - Parameter bytes: the bytes, in order.
    public mutating func append(_ bytes: [UInt8]) { buffer += bytes }

    /// Forgets everything received (a new connection starts a new stream).
    public mutating func reset() { buffer.removeAll() }

    /// The next whole packet, or nil when more bytes are needed.
    /// - Returns: the packet.
    /// - Throws: `MQTTError` for a malformed or oversized packet; the stream cannot be resynchronised after
    ///   that (3.1.1 §4.8: close the connection).
    public mutating func next() throws(MQTTError) -> MQTTPacket? {
        guard !buffer.isEmpty, let total = try MQTTPacket.frameLength(in: buffer[...]) else { return nil }
        guard total <= maxPacketBytes else {
            throw MQTTError(.packetTooLarge, "an MQTT packet of \(total) bytes exceeds the limit of \(maxPacketBytes)")
        }
        guard buffer.count >= total else { return nil }
        let packet = try MQTTPacket.decode(buffer[0..<total])
        buffer.removeFirst(total)
        return packet
    }
}
