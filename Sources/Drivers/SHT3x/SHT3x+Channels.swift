// SensorGate — Drivers: the SHT3x's output channels and their resolution.

extension SHT3x: ChannelDescribing {
    /// `temperature` at 175/65535 °C from −45 °C and `humidity` at 100/65535 %RH (§4.13: the divisor
    /// is 2¹⁶ − 1).
    public var channels: [ChannelDescriptor] {
        [
            ChannelDescriptor(
                name: "temperature", quantity: .temperatureC, unit: "Cel", lsb: ExactRatio(175, 65535),
                offset: ExactRatio(-45)),
            ChannelDescriptor(name: "humidity", quantity: .humidityRH, unit: "%", lsb: ExactRatio(100, 65535)),
        ]
    }
}
