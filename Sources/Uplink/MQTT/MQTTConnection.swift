// SensorGate — Uplink: runs the MQTT client over a byte stream, on an injected clock.

import HAL

/// The driver loop of an ``MQTTClient``: opens the byte stream when the client wants a connection,
/// writes what the client has to send, feeds it what arrives and the time, and closes the stream when
/// the client gives a connection up. Blocking and single-threaded; all waits run on the injected clock
/// (the stream's read timeout while connected, ``MonotonicClock/sleep(until:)`` while backing off).
public final class MQTTConnection {
    /// The client (its state, window and settings).
    public private(set) var client: MQTTClient
    /// The most bytes one read of the stream takes. Default: 4096.
    public var readChunkBytes = 4096
    private let clock: any MonotonicClock
    private let openStream: () throws(MQTTError) -> any ByteStream
    private var stream: (any ByteStream)?

    /// Creates a connection; nothing happens until ``step(maxWait:)``.
    /// - Parameters:
    ///   - client: the client.
    ///   - clock: the clock.
    ///   - openStream: opens a new byte stream to the broker (a ``TCPStream`` or a ``ModemSocketStream``).
    public init(
        client: MQTTClient, clock: any MonotonicClock, openStream: @escaping () throws(MQTTError) -> any ByteStream
    ) {
        self.client = client
        self.clock = clock
        self.openStream = openStream
    }

    /// Whether a byte stream is open.
    public var hasStream: Bool { stream != nil }

    /// Publishes at QoS 1 (see ``MQTTClient/publish(topic:payload:retain:tag:now:)``) and writes it at once.
    /// - Parameters:
    ///   - topic: the topic name.
    ///   - payload: the message.
    ///   - retain: whether the broker retains it. Default: false.
    ///   - tag: the caller's identifier, returned with the PUBACK event.
    /// - Returns: the packet identifier.
    /// - Throws: `MQTTError` with kind `.windowFull` or `.invalidArgument`.
    @discardableResult
    public func publish(topic: String, payload: [UInt8], retain: Bool = false, tag: UInt64) throws(MQTTError) -> UInt16
    {
        let id = try client.publish(topic: topic, payload: payload, retain: retain, tag: tag, now: clock.now())
        flush()
        return id
    }

    /// Sends a QoS 0 PUBLISH now, if connected (``MQTTClient/publishAtMostOnce(topic:payload:retain:now:)``).
    /// - Parameters:
    ///   - topic: the topic name.
    ///   - payload: the message.
    ///   - retain: whether the broker retains it.
    /// - Returns: whether it was sent.
    /// - Throws: `MQTTError` for a topic or payload MQTT cannot carry.
    @discardableResult
    public func publishAtMostOnce(topic: String, payload: [UInt8], retain: Bool) throws(MQTTError) -> Bool {
        let sent = try client.publishAtMostOnce(topic: topic, payload: payload, retain: retain, now: clock.now())
        flush()
        return sent
    }

    /// One turn of the loop: connect when due, write, read for up to `maxWait` (less when a client
    /// deadline comes first), tick.
    /// - Parameter maxWait: the longest wait.
    /// - Returns: the client's events, in order.
    public func step(maxWait: Duration) -> [MQTTEvent] {
        let start = clock.now()
        if stream == nil && client.wantsConnection(now: start) { open(now: start) }
        flush()
        let deadline = min(start + maxWait, client.nextDeadline ?? start + maxWait)
        if let stream {
            do {
                let bytes = try stream.read(maxBytes: readChunkBytes, timeout: max(.zero, deadline - clock.now()))
                if !bytes.isEmpty { client.received(bytes: bytes, now: clock.now()) }
            } catch {
                client.connectionLost(now: clock.now(), detail: error.description)
            }
        } else if deadline > clock.now() {
            try? clock.sleep(until: deadline)
        }
        client.tick(now: clock.now())
        flush()
        return client.takeEvents()
    }

    /// Sends DISCONNECT (the broker discards the will), closes the stream and stops reconnecting.
    /// - Returns: the client's events.
    @discardableResult
    public func disconnect() -> [MQTTEvent] {
        client.disconnect(now: clock.now())
        flush()
        return client.takeEvents()
    }

    /// Wants a connection again after ``disconnect()`` (a gateway that let its module sleep in PSM and
    /// wakes it to upload): the next ``step(maxWait:)`` connects; unacknowledged messages go out again.
    public func resume() { client.restart(now: clock.now()) }

    /// Closes the stream without DISCONNECT, as a lost link does (the broker publishes the will); the
    /// client reconnects after back-off.
    public func dropStream() {
        guard stream != nil else { return }
        client.connectionLost(now: clock.now(), detail: "the stream was dropped")
        flush()
    }

    private func open(now: MonotonicInstant) {
        do {
            stream = try openStream()
            client.connect(now: clock.now())
        } catch {
            client.connectionLost(now: clock.now(), detail: error.description)
        }
    }

    /// Writes the client's bytes; closes the stream once the client no longer wants it.
    private func flush() {
        if let stream {
            let bytes = client.takeOutbound()
            if !bytes.isEmpty {
                do { try stream.write(bytes) } catch {
                    client.connectionLost(now: clock.now(), detail: error.description)
                }
            }
        }
        switch client.state {
        case .connecting, .connected: return
        case .disconnected, .stopped:
            stream?.close()
            stream = nil
        }
    }
}
