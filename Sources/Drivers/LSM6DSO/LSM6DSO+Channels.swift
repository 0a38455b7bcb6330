// SensorGate — Drivers: the LSM6DSO's output channels and their resolution.

extension LSM6DSO: ChannelDescribing {
    /// `accel_x…z` in m/s² at LA_So (0.061/0.122/0.244/0.488 mg per LSB for ±2/4/8/16 g), `gyro_x…z` in
    /// °/s at G_So (4.375 … 70 mdps per LSB), and, when the FIFO is bypassed (the FIFO carries no
    /// temperature), `temperature` at 1/256 °C from 25 °C (DS12140 tables 2 and 4).
    public var channels: [ChannelDescriptor] {
        var list =
            ChannelDescriptor.vector(
                "accel", .accelMps2, unit: "m/s2", lsb: settings.accelRange.exactMilliGPerLSB * ChannelDescriptor.milliG
            )
            + ChannelDescriptor.vector(
                "gyro", .gyroRadps, unit: "deg/s", lsb: settings.gyroRange.exactMilliDpsPerLSB * ExactRatio(1, 1000),
                unitToSI: ChannelDescriptor.radiansPerDegree)
        if settings.fifoMode == .bypass {
            list.append(
                ChannelDescriptor(
                    name: "temperature", quantity: .temperatureC, unit: "Cel", lsb: ExactRatio(1, 256),
                    offset: ExactRatio(25)))
        }
        return list
    }
}

extension LSM6DSOAccelRange {
    /// LA_So in mg/LSB, exactly as table 2 prints it.
    public var exactMilliGPerLSB: ExactRatio {
        switch self {
        case .g2: .decimal(61, exponent: -3)
        case .g4: .decimal(122, exponent: -3)
        case .g8: .decimal(244, exponent: -3)
        case .g16: .decimal(488, exponent: -3)
        }
    }
}

extension LSM6DSOGyroRange {
    /// G_So in mdps/LSB, exactly as table 2 prints it.
    public var exactMilliDpsPerLSB: ExactRatio {
        switch self {
        case .dps125: .decimal(4375, exponent: -3)
        case .dps250: .decimal(875, exponent: -2)
        case .dps500: .decimal(175, exponent: -1)
        case .dps1000: ExactRatio(35)
        case .dps2000: ExactRatio(70)
        }
    }
}
