// SensorGate — Uplink: errors of the MQTT client, its packet codec and its byte streams.

/// An error of the MQTT client: a portable kind and one line for people.
public struct MQTTError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for code that reacts.
    public enum Kind: Sendable, Hashable {
        /// A packet ended before its fields did (or a buffer holds less than the packet it starts).
        case truncated
        /// The remaining-length field is longer than four bytes (3.1.1 §2.2.3).
        case malformedLength
        /// The packet type nibble is 0 or 15 (reserved, 3.1.1 §2.2.1).
        case reservedPacketType
        /// The fixed header's flags are not the ones the type requires (3.1.1 §2.2.2).
        case invalidFlags
        /// A string is not well-formed UTF-8, holds U+0000, or is longer than 65 535 bytes (3.1.1 §1.5.3).
        case invalidString
        /// A field holds a value the specification forbids (a zero packet identifier, QoS 3, a wildcard in a
        /// PUBLISH topic, bytes left over after the last field, …).
        case malformedPacket
        /// The peer sent a packet the client must never receive in this state (3.1.1 §4.8).
        case protocolViolation
        /// The packet is larger than the configured maximum.
        case packetTooLarge
        /// The broker refused the connection: the CONNACK return code (3.1.1 §3.2.2.3).
        case connectionRefused(UInt8)
        /// A caller's argument cannot be sent (an empty or wildcard topic, a full in-flight window, …).
        case invalidArgument
        /// The in-flight window is full: wait for a PUBACK.
        case windowFull
        /// The byte stream failed (connect, read or write).
        case transport
        /// The byte stream did not connect or answer in time.
        case timeout
        /// The peer closed the byte stream.
        case closed
    }

    /// The kind.
    public var kind: Kind
    /// The line for people: what happened, and what to do.
    public var description: String

    /// Creates an error.
    /// - Parameters:
    ///   - kind: the kind.
    ///   - description: the line for people.
    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}
