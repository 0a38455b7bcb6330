// SensorGate — Uplink: the MQTT 3.1.1 client as a state machine without I/O.

import HAL

/// An MQTT 3.1.1 client that does no I/O and reads no clock: the caller feeds it the connection's
/// bytes and the time, and takes the bytes to write and the events (the sans-I/O design).
///
/// QoS 1 publishes are kept in an in-flight window until their PUBACK (which is what lets the store
/// delete the batch); after a reconnect every unacknowledged PUBLISH is sent again, in its original
/// order, with DUP=1 (3.1.1 §4.4), whether or not the broker kept the session. ``MQTTConnection``
/// runs it over a ``ByteStream``.
public struct MQTTClient: Sendable {
    /// The settings.
    public let settings: MQTTSettings
    /// Where the client is.
    public private(set) var state: MQTTClientState = .disconnected(reconnectAt: nil)

    private var decoder: MQTTFrameDecoder
    private var outbound: [UInt8] = []
    private var events: [MQTTEvent] = []
    private var inFlight: [InFlight] = []
    private var nextPacketID: UInt16 = 1
    private var lastSentAt = MonotonicInstant.zero
    private var pingSentAt: MonotonicInstant?
    private var subscription: (packetID: UInt16, sentAt: MonotonicInstant)?
    private var subscribed = false
    private var incomingQoS2: Set<UInt16> = []
    private var reconnectAttempt = 0
    private var random: SplitMix64
    private let connectBytes: [UInt8]

    /// Creates a client; it sends nothing until ``connect(now:)``.
    /// - Parameter settings: the settings.
    /// - Throws: `MQTTError` with kind `.invalidArgument` when the device ID, topics or credentials cannot
    ///   be sent (an empty ID, U+0000 or a wildcard in a topic level, a window below 1).
    public init(settings: MQTTSettings) throws(MQTTError) {
        self.settings = settings
        decoder = MQTTFrameDecoder(maxPacketBytes: settings.maxIncomingPacketBytes)
        random = SplitMix64(seed: settings.seed)
        guard !settings.deviceID.isEmpty, !settings.deviceID.contains("/") else {
            throw MQTTError(.invalidArgument, "the device ID must be non-empty and hold no '/' (it is a topic level)")
        }
        guard settings.inFlightWindow >= 1 && settings.inFlightWindow <= 65_000 else {
            throw MQTTError(.invalidArgument, "the in-flight window must be 1 to 65000, not \(settings.inFlightWindow)")
        }
        do {
            try MQTTTopic.validateName(settings.statusTopic)
            for filter in settings.subscriptions { try MQTTTopic.validateFilter(filter) }
            connectBytes = try MQTTPacket.connect(Self.connectFields(settings)).encode()
        } catch {
            throw MQTTError(.invalidArgument, "MQTT settings for device '\(settings.deviceID)': \(error.description)")
        }
    }

    private static func connectFields(_ settings: MQTTSettings) -> MQTTConnect {
        var connect = MQTTConnect(
            clientID: settings.deviceID, cleanSession: settings.cleanSession,
            keepAliveSeconds: UInt16(clamping: settings.keepAlive.components.seconds))
        if settings.announcesStatus {
            connect.will = MQTTWill(topic: settings.statusTopic, payload: Array("offline".utf8))
        }
        switch settings.credentials {
        case .none: break
        case .password(let username, let password):
            connect.username = username
            connect.password = Array(password.utf8)
        case .token(let token):
            connect.username = settings.deviceID
            connect.password = Array(token.utf8)
        }
        return connect
    }

    // MARK: - Outputs

    /// Takes the bytes to write to the connection, in order.
    /// - Returns: the bytes; empty when there is nothing to send.
    public mutating func takeOutbound() -> [UInt8] {
        defer { outbound.removeAll(keepingCapacity: true) }
        return outbound
    }

    /// Takes the events since the last call, in order.
    /// - Returns: the events.
    public mutating func takeEvents() -> [MQTTEvent] {
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    /// The QoS 1 PUBLISH packets awaiting PUBACK (the birth message included).
    public var inFlightCount: Int { inFlight.count }

    /// The caller's PUBLISH packets awaiting PUBACK (the window counts these; the birth message is extra).
    public var windowUsed: Int { inFlight.count(where: { $0.tag != nil }) }

    /// Whether ``publish(topic:payload:retain:tag:now:)`` has room in the window.
    public var canPublish: Bool { windowUsed < settings.inFlightWindow && state != .stopped }

    /// The packet identifiers awaiting PUBACK, in the order they were first published.
    public var inFlightPacketIDs: [UInt16] { inFlight.map(\.packetID) }

    /// Whether the client wants a new connection now (its back-off delay has passed).
    /// - Parameter now: the current time.
    /// - Returns: true when the caller should open the byte stream and call ``connect(now:)``.
    public func wantsConnection(now: MonotonicInstant) -> Bool {
        guard case .disconnected(let at) = state else { return false }
        return at.map { now >= $0 } ?? true
    }

    /// The next instant at which ``tick(now:)`` (or a reconnect) has something to do, or nil.
    public var nextDeadline: MonotonicInstant? {
        switch state {
        case .stopped: return nil
        case .disconnected(let at): return at ?? .zero
        case .connecting(let since): return since + settings.responseTimeout
        case .connected:
            var deadlines: [MonotonicInstant] = []
            if let pingSentAt { deadlines.append(pingSentAt + settings.responseTimeout) }
            if settings.keepAlive > .zero && pingSentAt == nil { deadlines.append(lastSentAt + settings.keepAlive) }
            if let subscription { deadlines.append(subscription.sentAt + settings.responseTimeout) }
            if let sentAt = inFlight.compactMap(\.sentAt).min() { deadlines.append(sentAt + settings.ackTimeout) }
            return deadlines.min()
        }
    }

    // MARK: - Inputs

    /// The byte stream is open: sends CONNECT.
    /// - Parameter now: the current time.
    public mutating func connect(now: MonotonicInstant) {
        decoder.reset()
        outbound.removeAll()
        pingSentAt = nil
        subscription = nil
        state = .connecting(since: now)
        outbound += connectBytes
        lastSentAt = now
    }

    /// Queues a QoS 1 PUBLISH: sent now when connected, otherwise at the next connect.
    /// - Parameters:
    ///   - topic: the topic name.
    ///   - payload: the message.
    ///   - retain: whether the broker retains it. Default: false.
    ///   - tag: the caller's identifier (the store's batch), returned in ``MQTTEvent/published(packetID:tag:)``.
    ///   - now: the current time.
    /// - Returns: the packet identifier.
    /// - Throws: `MQTTError` with kind `.windowFull` when ``canPublish`` is false, or `.invalidArgument` for a
    ///   topic or payload MQTT cannot carry.
    @discardableResult
    public mutating func publish(
        topic: String, payload: [UInt8], retain: Bool = false, tag: UInt64, now: MonotonicInstant
    ) throws(MQTTError) -> UInt16 {
        guard state != .stopped else {
            throw MQTTError(.invalidArgument, "the MQTT client was disconnected on request")
        }
        guard windowUsed < settings.inFlightWindow else {
            throw MQTTError(
                .windowFull, "\(windowUsed) PUBLISH packets await PUBACK (window \(settings.inFlightWindow))")
        }
        return try enqueue(topic: topic, payload: payload, retain: retain, tag: tag, now: now)
    }

    /// Sends a QoS 0 PUBLISH now, if connected: no packet identifier, no acknowledgement, never sent
    /// again (3.1.1 §4.3.1). For a last word before a clean DISCONNECT on the same stream, which the
    /// broker reads after it; a QoS 1 message would come back after the next connect, out of date.
    /// - Parameters:
    ///   - topic: the topic name.
    ///   - payload: the message.
    ///   - retain: whether the broker retains it.
    ///   - now: the current time.
    /// - Returns: whether it was sent (false when not connected).
    /// - Throws: `MQTTError` with kind `.invalidArgument` for a topic or payload MQTT cannot carry.
    @discardableResult
    public mutating func publishAtMostOnce(
        topic: String, payload: [UInt8], retain: Bool, now: MonotonicInstant
    ) throws(MQTTError) -> Bool {
        guard state == .connected else { return false }
        let packet = MQTTPublish(topic: topic, payload: payload, qos: .atMostOnce, retain: retain, packetID: nil)
        do { outbound += try MQTTPacket.publish(packet).encode() } catch {
            throw MQTTError(.invalidArgument, "cannot publish to '\(topic)': \(error.description)")
        }
        lastSentAt = now
        return true
    }

    private mutating func enqueue(
        topic: String, payload: [UInt8], retain: Bool, tag: UInt64?, now: MonotonicInstant
    ) throws(MQTTError) -> UInt16 {
        let id = allocatePacketID()
        let packet = MQTTPublish(topic: topic, payload: payload, qos: .atLeastOnce, retain: retain, packetID: id)
        let bytes: [UInt8]
        do { bytes = try MQTTPacket.publish(packet).encode() } catch {
            throw MQTTError(.invalidArgument, "cannot publish to '\(topic)': \(error.description)")
        }
        inFlight.append(InFlight(packetID: id, bytes: bytes, tag: tag))
        if state == .connected { transmit(index: inFlight.count - 1, now: now) }
        return id
    }

    /// Bytes arrived on the connection.
    /// - Parameters:
    ///   - bytes: the bytes, in order.
    ///   - now: the current time.
    public mutating func received(bytes: [UInt8], now: MonotonicInstant) {
        switch state {
        case .connecting, .connected: break
        case .disconnected, .stopped: return  // bytes of a connection already given up
        }
        decoder.append(bytes)
        while true {
            do {
                guard let packet = try decoder.next() else { return }
                try handle(packet, now: now)
            } catch {
                fail(.protocolError(error), now: now)
                return
            }
            if case .disconnected = state { return }
        }
    }

    /// Time passed: sends PINGREQ when the keep-alive interval passed without a packet; drops the
    /// connection when CONNACK, PINGRESP, SUBACK or a PUBACK is overdue.
    /// - Parameter now: the current time.
    public mutating func tick(now: MonotonicInstant) {
        switch state {
        case .stopped, .disconnected: return
        case .connecting(let since):
            if now - since >= settings.responseTimeout { fail(.noResponse("CONNACK"), now: now) }
        case .connected:
            if let pingSentAt, now - pingSentAt >= settings.responseTimeout {
                fail(.noResponse("PINGRESP"), now: now)
            } else if let subscription, now - subscription.sentAt >= settings.responseTimeout {
                fail(.noResponse("SUBACK"), now: now)
            } else if let stale = inFlight.first(where: { $0.sentAt.map { now - $0 >= settings.ackTimeout } ?? false })
            {
                fail(.ackTimeout(packetID: stale.packetID), now: now)
            } else if settings.keepAlive > .zero, pingSentAt == nil, now - lastSentAt >= settings.keepAlive {
                emit(.pingreq, now: now)
                pingSentAt = now
            }
        }
    }

    /// The byte stream failed, closed, or could not be opened.
    /// - Parameters:
    ///   - now: the current time.
    ///   - detail: what the stream reported.
    public mutating func connectionLost(now: MonotonicInstant, detail: String = "the connection closed") {
        guard state != .stopped else { return }
        fail(.connectionLost(detail), now: now)
    }

    /// Ends the connection cleanly (DISCONNECT: the broker discards the will) and stops reconnecting;
    /// unacknowledged messages stay in flight for a later ``restart(now:)``.
    /// - Parameter now: the current time.
    public mutating func disconnect(now: MonotonicInstant) {
        if state == .connected { emit(.disconnect, now: now) }
        state = .stopped
        events.append(.disconnected(.requested, reconnectAt: nil))
    }

    /// Wants a connection again after ``disconnect(now:)``.
    /// - Parameter now: the current time.
    public mutating func restart(now: MonotonicInstant) {
        if state == .stopped { state = .disconnected(reconnectAt: now) }
    }

    // MARK: - Packets from the broker

    private mutating func handle(_ packet: MQTTPacket, now: MonotonicInstant) throws(MQTTError) {
        if case .connecting = state {
            guard case .connack(let sessionPresent, let code) = packet else {
                throw MQTTError(.protocolViolation, "the broker sent packet type \(packet.typeNumber) before CONNACK")
            }
            if code != 0 {
                fail(.refused(returnCode: code), now: now)
            } else {
                connected(sessionPresent: sessionPresent, now: now)
            }
            return
        }
        switch packet {
        case .puback(let id):
            // An unknown identifier is a late duplicate acknowledgement after a retransmission: ignored.
            guard let index = inFlight.firstIndex(where: { $0.packetID == id }) else { return }
            let entry = inFlight.remove(at: index)
            if let tag = entry.tag { events.append(.published(packetID: id, tag: tag)) }
        case .publish(let message):
            switch message.qos {
            case .atMostOnce: events.append(.message(message))
            case .atLeastOnce:
                events.append(.message(message))
                if let id = message.packetID { emit(.puback(packetID: id), now: now) }
            case .exactlyOnce:
                guard let id = message.packetID else { return }
                if incomingQoS2.insert(id).inserted { events.append(.message(message)) }
                emit(.pubrec(packetID: id), now: now)
            }
        case .pubrel(let id):
            incomingQoS2.remove(id)
            emit(.pubcomp(packetID: id), now: now)
        case .suback(let id, let codes):
            guard subscription?.packetID == id else {
                throw MQTTError(.protocolViolation, "SUBACK for packet \(id), which no SUBSCRIBE used")
            }
            subscription = nil
            subscribed = true
            events.append(.subscribed(returnCodes: codes))
        case .pingresp: pingSentAt = nil
        case .unsuback: break
        case .connack, .connect, .subscribe, .unsubscribe, .pingreq, .disconnect, .pubrec, .pubcomp:
            throw MQTTError(
                .protocolViolation, "the broker sent packet type \(packet.typeNumber) to a connected client")
        }
    }

    private mutating func connected(sessionPresent: Bool, now: MonotonicInstant) {
        state = .connected
        reconnectAttempt = 0
        if !sessionPresent {
            subscribed = false
            incomingQoS2.removeAll()
        }
        events.append(.connected(sessionPresent: sessionPresent))
        // 3.1.1 §4.4: every unacknowledged PUBLISH again, in order, DUP=1 for those sent before. Without the
        // session the broker forgot them, so they are sent all the same (the collector de-duplicates).
        for index in inFlight.indices { transmit(index: index, now: now) }
        if !settings.subscriptions.isEmpty && !subscribed {
            let id = allocatePacketID()
            subscription = (id, now)
            let filters = settings.subscriptions.map { MQTTSubscription($0, qos: .atLeastOnce) }
            emit(.subscribe(packetID: id, filters: filters), now: now)
        }
        if settings.announcesStatus && !inFlight.contains(where: { $0.tag == nil }) {
            _ = try? enqueue(
                topic: settings.statusTopic, payload: Array("online".utf8), retain: true, tag: nil, now: now)
        }
    }

    // MARK: - Helpers

    private mutating func transmit(index: Int, now: MonotonicInstant) {
        var bytes = inFlight[index].bytes
        if inFlight[index].sentAt != nil { bytes[0] |= 0x08 }  // DUP
        inFlight[index].sentAt = now
        outbound += bytes
        lastSentAt = now
    }

    private mutating func emit(_ packet: MQTTPacket, now: MonotonicInstant) {
        do {
            outbound += try packet.encode()
            lastSentAt = now
        } catch {
            fail(.protocolError(error), now: now)
        }
    }

    private mutating func fail(_ reason: MQTTDisconnectReason, now: MonotonicInstant) {
        let at = now + backoffDelay()
        state = .disconnected(reconnectAt: at)
        outbound.removeAll()
        decoder.reset()
        pingSentAt = nil
        subscription = nil
        events.append(.disconnected(reason, reconnectAt: at))
    }

    /// The delay before reconnect attempt n: min(max, initial × 2ⁿ), less a random share up to the jitter.
    private mutating func backoffDelay() -> Duration {
        let exponent = min(reconnectAttempt, 30)
        reconnectAttempt += 1
        var delay = settings.reconnectInitialDelay * (1 << exponent)
        if delay > settings.reconnectMaxDelay || delay < .zero { delay = settings.reconnectMaxDelay }
        let jitter = min(max(settings.reconnectJitter, 0), 1)
        let share = Double(random.next() >> 11) / Double(1 << 53)
        return delay * (1 - jitter * share)
    }

    /// The next identifier not awaiting an acknowledgement, 1 to 65535 (3.1.1 §2.3.1).
    private mutating func allocatePacketID() -> UInt16 {
        while true {
            let id = nextPacketID
            nextPacketID = nextPacketID == .max ? 1 : nextPacketID + 1
            if !inFlight.contains(where: { $0.packetID == id }) && subscription?.packetID != id { return id }
        }
    }
}

/// A PUBLISH awaiting PUBACK: its encoded bytes (DUP is set on retransmission) and the caller's tag.
private struct InFlight: Sendable {
    var packetID: UInt16
    var bytes: [UInt8]
    var tag: UInt64?
    var sentAt: MonotonicInstant?
}
