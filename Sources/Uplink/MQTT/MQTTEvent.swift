// SensorGate — Uplink: what the MQTT client reports to the gateway.

import HAL

/// Why a connection ended. Every reason except ``requested`` is followed by a reconnect after back-off.
public enum MQTTDisconnectReason: Sendable, Hashable {
    /// The gateway asked for it (DISCONNECT was sent; the broker discards the will).
    case requested
    /// The byte stream failed, closed, or could not be opened: the stream's error text.
    case connectionLost(String)
    /// The broker refused the CONNECT with this return code (3.1.1 §3.2.2.3).
    case refused(returnCode: UInt8)
    /// The broker did not answer in time: the packet awaited (`CONNACK`, `PINGRESP` or `SUBACK`).
    case noResponse(String)
    /// A PUBLISH waited longer than the ack timeout for its PUBACK.
    case ackTimeout(packetID: UInt16)
    /// The broker sent malformed bytes or a packet that is not allowed here (3.1.1 §4.8).
    case protocolError(MQTTError)
}

/// What happened, for the gateway to act on.
public enum MQTTEvent: Sendable, Hashable {
    /// CONNACK accepted the connection; `sessionPresent` says whether the broker still had the session.
    case connected(sessionPresent: Bool)
    /// The broker acknowledged the PUBLISH (PUBACK): the batch with this tag may leave the store.
    case published(packetID: UInt16, tag: UInt64)
    /// A message arrived on a subscription (a downlink command); QoS 1 ones are acknowledged already.
    case message(MQTTPublish)
    /// The broker answered the SUBSCRIBE: the granted QoS per filter, 0x80 for a refusal.
    case subscribed(returnCodes: [UInt8])
    /// The connection ended; the byte stream must be closed. `reconnectAt` is when the client wants a
    /// new one (nil after ``MQTTDisconnectReason/requested``).
    case disconnected(MQTTDisconnectReason, reconnectAt: MonotonicInstant?)
}

/// Where the client is.
public enum MQTTClientState: Sendable, Hashable {
    /// No connection; the client wants one at the instant given (nil: at once).
    case disconnected(reconnectAt: MonotonicInstant?)
    /// CONNECT sent at this instant; waiting for CONNACK.
    case connecting(since: MonotonicInstant)
    /// CONNACK accepted.
    case connected
    /// Disconnected on request; the client wants no connection.
    case stopped
}
