// SensorGate — Uplink: the fourteen MQTT 3.1.1 control packets as values.

/// The quality of service of a PUBLISH or a subscription (3.1.1 §4.3).
public enum MQTTQoS: UInt8, Sendable, Hashable, Comparable {
    /// At most once: no acknowledgement.
    case atMostOnce = 0
    /// At least once: PUBACK.
    case atLeastOnce = 1
    /// Exactly once: PUBREC, PUBREL, PUBCOMP.
    case exactlyOnce = 2

    /// Orders levels by their number.
    public static func < (lhs: MQTTQoS, rhs: MQTTQoS) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The last will: what the broker publishes when the client vanishes without DISCONNECT (3.1.1 §3.1.2.5).
public struct MQTTWill: Sendable, Hashable {
    /// The topic.
    public var topic: String
    /// The payload.
    public var payload: [UInt8]
    /// The QoS the broker publishes it with.
    public var qos: MQTTQoS
    /// Whether the broker retains it.
    public var retain: Bool

    /// Creates a will.
    /// - Parameters:
    ///   - topic: the topic.
    ///   - payload: the payload.
    ///   - qos: the QoS. Default: at least once.
    ///   - retain: whether the broker retains it. Default: true.
    public init(topic: String, payload: [UInt8], qos: MQTTQoS = .atLeastOnce, retain: Bool = true) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
    }
}

/// The fields of a CONNECT packet (3.1.1 §3.1).
public struct MQTTConnect: Sendable, Hashable {
    /// The client identifier.
    public var clientID: String
    /// Whether the broker discards the session (false: a persistent session).
    public var cleanSession: Bool
    /// The keep-alive interval in seconds (0 turns it off).
    public var keepAliveSeconds: UInt16
    /// The last will, if any.
    public var will: MQTTWill?
    /// The user name, if any.
    public var username: String?
    /// The password (binary data), if any; 3.1.1 sends it only with a user name.
    public var password: [UInt8]?

    /// Creates the fields.
    /// - Parameters:
    ///   - clientID: the client identifier.
    ///   - cleanSession: whether the broker discards the session.
    ///   - keepAliveSeconds: the keep-alive interval in seconds.
    ///   - will: the last will. Default: none.
    ///   - username: the user name. Default: none.
    ///   - password: the password. Default: none.
    public init(
        clientID: String, cleanSession: Bool, keepAliveSeconds: UInt16, will: MQTTWill? = nil,
        username: String? = nil, password: [UInt8]? = nil
    ) {
        self.clientID = clientID
        self.cleanSession = cleanSession
        self.keepAliveSeconds = keepAliveSeconds
        self.will = will
        self.username = username
        self.password = password
    }
}

/// The fields of a PUBLISH packet (3.1.1 §3.3).
public struct MQTTPublish: Sendable, Hashable {
    /// The topic name (no wildcards).
    public var topic: String
    /// The application message.
    public var payload: [UInt8]
    /// The QoS.
    public var qos: MQTTQoS
    /// Whether the broker retains it.
    public var retain: Bool
    /// Whether this is a re-delivery of an earlier attempt (QoS 1 and 2 only).
    public var duplicate: Bool
    /// The packet identifier (QoS 1 and 2; nil for QoS 0).
    public var packetID: UInt16?

    /// Creates the fields.
    /// - Parameters:
    ///   - topic: the topic name.
    ///   - payload: the message.
    ///   - qos: the QoS.
    ///   - retain: whether the broker retains it. Default: false.
    ///   - duplicate: the DUP flag. Default: false.
    ///   - packetID: the packet identifier (QoS 1 and 2). Default: none.
    public init(
        topic: String, payload: [UInt8], qos: MQTTQoS, retain: Bool = false, duplicate: Bool = false,
        packetID: UInt16? = nil
    ) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
        self.duplicate = duplicate
        self.packetID = packetID
    }
}

/// An MQTT 3.1.1 control packet (3.1.1 §2.2.1, types 1 to 14).
public enum MQTTPacket: Sendable, Hashable {
    /// Client → broker: open a session.
    case connect(MQTTConnect)
    /// Broker → client: the answer to CONNECT; return code 0 accepts.
    case connack(sessionPresent: Bool, returnCode: UInt8)
    /// Either way: an application message.
    case publish(MQTTPublish)
    /// QoS 1 acknowledgement.
    case puback(packetID: UInt16)
    /// QoS 2, step 1.
    case pubrec(packetID: UInt16)
    /// QoS 2, step 2.
    case pubrel(packetID: UInt16)
    /// QoS 2, step 3.
    case pubcomp(packetID: UInt16)
    /// Client → broker: subscribe to topic filters, each with its maximum QoS.
    case subscribe(packetID: UInt16, filters: [MQTTSubscription])
    /// Broker → client: the granted QoS of each filter (0x80 for a failure).
    case suback(packetID: UInt16, returnCodes: [UInt8])
    /// Client → broker: unsubscribe from topic filters.
    case unsubscribe(packetID: UInt16, filters: [String])
    /// Broker → client: the answer to UNSUBSCRIBE.
    case unsuback(packetID: UInt16)
    /// Client → broker: keep-alive probe.
    case pingreq
    /// Broker → client: keep-alive answer.
    case pingresp
    /// Client → broker: a clean end of the connection (the will is discarded).
    case disconnect

    /// The packet type number of the fixed header (1 to 14).
    public var typeNumber: UInt8 {
        switch self {
        case .connect: 1
        case .connack: 2
        case .publish: 3
        case .puback: 4
        case .pubrec: 5
        case .pubrel: 6
        case .pubcomp: 7
        case .subscribe: 8
        case .suback: 9
        case .unsubscribe: 10
        case .unsuback: 11
        case .pingreq: 12
        case .pingresp: 13
        case .disconnect: 14
        }
    }
}

/// One topic filter of a SUBSCRIBE, with the highest QoS the client accepts on it.
public struct MQTTSubscription: Sendable, Hashable {
    /// The topic filter (may hold `+` and `#`).
    public var filter: String
    /// The highest QoS.
    public var qos: MQTTQoS

    /// Creates a subscription.
    /// - Parameters:
    ///   - filter: the topic filter.
    ///   - qos: the highest QoS.
    public init(_ filter: String, qos: MQTTQoS) {
        self.filter = filter
        self.qos = qos
    }
}

/// The CONNACK return codes of 3.1.1 §3.2.2.3, for messages.
public enum MQTTConnectReturnCode {
    /// A line for people naming the code and what to do.
    /// - Parameter code: the return code.
    /// - Returns: the text.
    public static func text(_ code: UInt8) -> String {
        switch code {
        case 0: "accepted"
        case 1: "refused: unacceptable protocol version (the broker does not speak MQTT 3.1.1)"
        case 2: "refused: identifier rejected (check the device identity used as client ID)"
        case 3: "refused: server unavailable (the broker will be retried with back-off)"
        case 4: "refused: bad user name or password (check the uplink credentials in the board file)"
        case 5: "refused: not authorized (check the broker's access rules for this device)"
        default: "refused with unknown return code \(code)"
        }
    }
}
