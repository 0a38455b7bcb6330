// SensorGate — Drivers: the MS5611's output channels and their resolution.

extension MS5611: ChannelDescribing {
    /// `pressure` at 1 Pa (P in 0.01 mbar) and `temperature` at 0.01 °C (TEMP), the datasheet's
    /// integer compensation outputs.
    public var channels: [ChannelDescriptor] {
        [
            ChannelDescriptor(name: "pressure", quantity: .pressurePa, unit: "Pa", lsb: ExactRatio(1)),
            ChannelDescriptor(name: "temperature", quantity: .temperatureC, unit: "Cel", lsb: ExactRatio(1, 100)),
        ]
    }
}
