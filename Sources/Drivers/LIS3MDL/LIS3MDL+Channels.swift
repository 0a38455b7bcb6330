// SensorGate — Drivers: the LIS3MDL's output channels and their resolution.

extension LIS3MDL: ChannelDescribing {
    /// `mag_x…z` in µT at 100/GN µT per LSB (GN 6842, 3421, 2281, 1711 LSB/gauss at ±4/8/12/16 gauss,
    /// table 3), and, when the temperature sensor runs, `temperature` at 1/8 °C from 25 °C.
    public var channels: [ChannelDescriptor] {
        let perGauss = Int64(settings.fullScale.sensitivityLSBPerGauss)
        var list = ChannelDescriptor.vector("mag", .magUT, unit: "uT", lsb: ExactRatio(100, perGauss))
        if settings.temperatureEnabled {
            list.append(
                ChannelDescriptor(
                    name: "temperature", quantity: .temperatureC, unit: "Cel", lsb: ExactRatio(1, 8),
                    offset: ExactRatio(25)))
        }
        return list
    }
}
