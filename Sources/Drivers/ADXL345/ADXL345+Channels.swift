// SensorGate — Drivers: the ADXL345's output channels and their resolution.

extension ADXL345: ChannelDescribing {
    /// `accel_x…z` in m/s² at 1/256 g per LSB in full resolution (the typical 3.9 mg of table 1 is
    /// this rounded), and 1/256, 1/128, 1/64, 1/32 g in 10-bit mode at ±2/4/8/16 g.
    public var channels: [ChannelDescriptor] {
        ChannelDescriptor.vector(
            "accel", .accelMps2, unit: "m/s2",
            lsb: ExactRatio(1, Int64(settings.lsbPerG)) * ChannelDescriptor.standardGravity)
    }
}
