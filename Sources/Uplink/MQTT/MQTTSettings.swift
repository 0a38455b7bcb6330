// SensorGate — Uplink: the MQTT client's settings, with documented defaults.

/// How the client proves who it is to the broker.
public enum MQTTCredentials: Sendable, Hashable {
    /// No user name and no password (a broker that authenticates by TLS client certificate, or an open one).
    case none
    /// A user name and a password.
    case password(username: String, password: String)
    /// A bearer token (a JWT or an access token): sent as the password, with the client ID as the user
    /// name, the convention of token-authenticating brokers and Mosquitto's auth plugins.
    case token(String)
}

/// The settings of ``MQTTClient``. Every default is the value for an NB-IoT gateway (docs/uplink.md).
public struct MQTTSettings: Sendable, Hashable {
    /// The device identity: the client ID, and the `<device>` level of every topic.
    public var deviceID: String
    /// The credentials. Default: none.
    public var credentials: MQTTCredentials = .none
    /// The first topic level: topics are `<prefix>/<device>/<stream>`. Default: `sensorgate`.
    public var topicPrefix = "sensorgate"
    /// Whether the broker discards the session on connect. Default: false (a persistent session, so the
    /// broker keeps the subscription and queued downlink commands while the gateway is offline).
    public var cleanSession = false
    /// The keep-alive interval. Default: 1200 s (20 min): one ping exchange costs about 2 × 42 bytes of
    /// IP traffic plus the radio's wake-up; docs/uplink.md gives the arithmetic.
    public var keepAlive: Duration = .seconds(1200)
    /// How long the client waits for CONNACK, PINGRESP and SUBACK before it drops the connection.
    /// Default: 60 s (an NB-IoT round trip in deep coverage takes several seconds).
    public var responseTimeout: Duration = .seconds(60)
    /// How long a PUBLISH may wait for its PUBACK before the connection is considered broken and
    /// re-made (the message is then sent again with DUP=1). Default: 120 s.
    public var ackTimeout: Duration = .seconds(120)
    /// The most QoS 1 PUBLISH packets awaiting PUBACK. Default: 8.
    public var inFlightWindow = 8
    /// Whether the client announces itself: a retained last will `offline` and a retained birth message
    /// `online` on `<prefix>/<device>/status`. Default: true.
    public var announcesStatus = true
    /// The topic filters the client subscribes to at QoS 1 for downlink messages. Default: nil, meaning
    /// ``commandTopic`` alone; an empty list subscribes to nothing.
    public var downlinkFilters: [String]?
    /// The first reconnect delay. Default: 2 s.
    public var reconnectInitialDelay: Duration = .seconds(2)
    /// The longest reconnect delay (the doubling stops there). Default: 600 s.
    public var reconnectMaxDelay: Duration = .seconds(600)
    /// The share of each delay taken off at random, 0 to 1, so that a fleet does not reconnect in step
    /// after a broker restart. Default: 0.5 (each delay lies in [d/2, d]).
    public var reconnectJitter = 0.5
    /// The seed of the jitter's random numbers (tests fix it; a fleet gives each gateway its own, e.g. from
    /// its identity, so that gateways do not reconnect in step).
    /// Default: 1.
    public var seed: UInt64 = 1
    /// The largest packet accepted from the broker. Default: 256 KiB.
    public var maxIncomingPacketBytes = 256 * 1024

    /// Creates settings with the defaults.
    /// - Parameter deviceID: the device identity.
    public init(deviceID: String) { self.deviceID = deviceID }

    /// The topic of `stream`: `<prefix>/<device>/<stream>`.
    /// - Parameter stream: the stream's name.
    /// - Returns: the topic.
    public func topic(_ stream: String) -> String { "\(topicPrefix)/\(deviceID)/\(stream)" }

    /// The status topic (`online` / `offline`, retained).
    public var statusTopic: String { topic("status") }

    /// The downlink command topic: `<prefix>/<device>/cmd`.
    public var commandTopic: String { topic("cmd") }

    /// The filters subscribed on a fresh session.
    public var subscriptions: [String] { downlinkFilters ?? [commandTopic] }
}
