// SensorGate — Drivers: the BMP280's and BME280's output channels and their resolution.

extension BMP280: ChannelDescribing {
    /// `temperature` at 0.01 °C (the integer compensation's centidegrees), `pressure` at 1/256 Pa
    /// (its Q24.8 output) and, on a BME280, `humidity` at 1/1024 %RH (Q22.10), each unless its
    /// oversampling is `skip` (BST-BMP280-DS001 §3.11.3, BST-BME280-DS002 §4.2.3).
    public var channels: [ChannelDescriptor] {
        guard settings.temperatureOversampling != .skipped else { return [] }
        var list = [
            ChannelDescriptor(name: "temperature", quantity: .temperatureC, unit: "Cel", lsb: ExactRatio(1, 100))
        ]
        if settings.pressureOversampling != .skipped {
            list.append(ChannelDescriptor(name: "pressure", quantity: .pressurePa, unit: "Pa", lsb: ExactRatio(1, 256)))
        }
        if variant.hasHumidity, settings.humidityOversampling != .skipped {
            list.append(ChannelDescriptor(name: "humidity", quantity: .humidityRH, unit: "%", lsb: ExactRatio(1, 1024)))
        }
        return list
    }
}
