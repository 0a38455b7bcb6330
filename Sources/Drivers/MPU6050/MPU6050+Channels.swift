// SensorGate — Drivers: the MPU-6050's output channels and their resolution.

extension MPU6050: ChannelDescribing {
    /// `accel_x…z` in m/s² at 1/16384 … 1/2048 g per LSB, `gyro_x…z` in °/s at 1/131 … 1/16.4 °/s
    /// per LSB (product specification §6.1–6.2), and `temperature` at 1/340 °C from 36.53 °C
    /// (register map, registers 65–66).
    public var channels: [ChannelDescriptor] {
        let perG = ExactRatio(1, Int64(settings.accelRange.lsbPerG))
        let perDps: ExactRatio =
            switch settings.gyroRange {
            case .dps250: ExactRatio(1, 131)
            case .dps500: ExactRatio(10, 655)
            case .dps1000: ExactRatio(10, 328)
            case .dps2000: ExactRatio(10, 164)
            }
        return ChannelDescriptor.vector(
            "accel", .accelMps2, unit: "m/s2", lsb: perG * ChannelDescriptor.standardGravity)
            + ChannelDescriptor.vector(
                "gyro", .gyroRadps, unit: "deg/s", lsb: perDps, unitToSI: ChannelDescriptor.radiansPerDegree)
            + [
                ChannelDescriptor(
                    name: "temperature", quantity: .temperatureC, unit: "Cel", lsb: ExactRatio(1, 340),
                    offset: .decimal(3653, exponent: -2))
            ]
    }
}
