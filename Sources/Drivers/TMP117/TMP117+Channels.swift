// SensorGate — Drivers: the TMP117's output channel and its resolution.

extension TMP117: ChannelDescribing {
    /// `temperature` at 7.8125 m°C = 1/128 °C per LSB (SNOSD82 §7.3.1), whatever the averaging.
    public var channels: [ChannelDescriptor] {
        [ChannelDescriptor(name: "temperature", quantity: .temperatureC, unit: "Cel", lsb: ExactRatio(1, 128))]
    }
}
