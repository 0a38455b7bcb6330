// SensorGate — Gateway: the cellular module as the delivery last saw it.

import Modem

/// The cellular module behind an MQTT upstream, as of the delivery's latest round: where its state
/// machine is, its registration and data context, the last signal reading and what its driver
/// counted. Published with the pipeline's snapshot for the status, the metrics and the report.
public struct ModemStatus: Sendable, Equatable, Codable {
    /// The dialect's name (`bc66`, `sim7600`, ...).
    public var dialect: String
    /// The state machine's state.
    public var state: ModemState
    /// Whether the module is registered for packet data.
    public var registered: Bool
    /// Whether the data context is up.
    public var contextUp: Bool
    /// The last signal reading (at each connection to the broker and every
    /// ``MQTTDelivery/signalInterval`` while connected); nil before the first.
    public var signal: SignalQuality?
    /// What the driver counted: recoveries, losses, timeouts, PSM, bytes.
    public var counters: ModemMetrics

    /// Creates a status.
    public init(
        dialect: String, state: ModemState, registered: Bool, contextUp: Bool, signal: SignalQuality? = nil,
        counters: ModemMetrics = ModemMetrics()
    ) {
        self.dialect = dialect
        self.state = state
        self.registered = registered
        self.contextUp = contextUp
        self.signal = signal
        self.counters = counters
    }

    /// The status of `driver` now.
    init(_ driver: ModemDriver) {
        self.init(
            dialect: driver.dialect.name, state: driver.state, registered: driver.isRegistered,
            contextUp: driver.isContextUp, signal: driver.signal, counters: driver.metrics)
    }

    private enum CodingKeys: String, CodingKey {
        case dialect, state, registered, contextUp, signal, counters
    }

    /// Decodes a status; the state by its ``ModemState/name``.
    /// - Throws: `DecodingError` for an unknown state or a missing field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .state)
        guard let state = ModemState.allCases.first(where: { $0.name == name }) else {
            throw DecodingError.dataCorruptedError(
                forKey: .state, in: container, debugDescription: "unknown modem state '\(name)'")
        }
        self.init(
            dialect: try container.decode(String.self, forKey: .dialect), state: state,
            registered: try container.decode(Bool.self, forKey: .registered),
            contextUp: try container.decode(Bool.self, forKey: .contextUp),
            signal: try container.decodeIfPresent(SignalQuality.self, forKey: .signal),
            counters: try container.decode(ModemMetrics.self, forKey: .counters))
    }

    /// Encodes the status; the state by its ``ModemState/name``.
    /// - Throws: what the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dialect, forKey: .dialect)
        try container.encode(state.name, forKey: .state)
        try container.encode(registered, forKey: .registered)
        try container.encode(contextUp, forKey: .contextUp)
        try container.encodeIfPresent(signal, forKey: .signal)
        try container.encode(counters, forKey: .counters)
    }
}
