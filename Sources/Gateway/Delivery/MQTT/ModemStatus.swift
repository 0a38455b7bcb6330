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
}
