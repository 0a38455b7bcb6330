// SensorGate — Drivers: the MS5611's first- and second-order temperature compensation.

/// One compensated measurement, with the datasheet's intermediate values.
public struct MS5611Compensated: Sendable, Hashable {
    /// dT = D2 − C5·2⁸: the difference between actual and reference temperature.
    public var dT: Int64
    /// TEMP in 0.01 °C (2007 is 20.07 °C), after the second-order correction.
    public var temperature: Int64
    /// OFF, the offset at actual temperature, after the second-order correction.
    public var offset: Int64
    /// SENS, the sensitivity at actual temperature, after the second-order correction.
    public var sensitivity: Int64
    /// P in 0.01 mbar, which is 1 Pa (100009 is 1000.09 mbar).
    public var pressure: Int64
}

extension MS5611Calibration {
    /// Compensates the raw codes (datasheet, "Pressure and temperature calculation" and "Second order
    /// temperature compensation"):
    ///
    /// dT = D2 − C5·2⁸; TEMP = 2000 + dT·C6/2²³; OFF = C2·2¹⁶ + C4·dT/2⁷; SENS = C1·2¹⁵ + C3·dT/2⁸.
    /// Below 20 °C: T2 = dT²/2³¹, OFF2 = 5·(TEMP − 2000)²/2, SENS2 = 5·(TEMP − 2000)²/2², and below
    /// −15 °C additionally OFF2 += 7·(TEMP + 1500)², SENS2 += 11·(TEMP + 1500)²/2; the three are
    /// subtracted from TEMP, OFF and SENS. Then P = (D1·SENS/2²¹ − OFF)/2¹⁵.
    ///
    /// Each division by 2ⁿ is an arithmetic right shift (rounding toward −∞), as TE's reference code
    /// and the Linux kernel's ms5611 driver do; for negative dT this differs from C's `/` by one count.
    /// The arithmetic is 64-bit and wrapping, so corrupted codes give a result rather than a trap.
    /// - Parameters:
    ///   - d1: the 24-bit pressure code.
    ///   - d2: the 24-bit temperature code.
    /// - Returns: temperature (0.01 °C) and pressure (Pa) with the intermediates.
    public func compensate(d1: Int32, d2: Int32) -> MS5611Compensated {
        let dT = Int64(d2) &- (Int64(c(5)) << 8)
        var temperature = 2000 &+ ((dT &* Int64(c(6))) >> 23)
        var offset = (Int64(c(2)) << 16) &+ ((Int64(c(4)) &* dT) >> 7)
        var sensitivity = (Int64(c(1)) << 15) &+ ((Int64(c(3)) &* dT) >> 8)
        if temperature < 2000 {
            let t2 = (dT &* dT) >> 31
            let below = (temperature &- 2000) &* (temperature &- 2000)
            var offset2 = (5 &* below) >> 1
            var sensitivity2 = (5 &* below) >> 2
            if temperature < -1500 {
                let veryLow = (temperature &+ 1500) &* (temperature &+ 1500)
                offset2 = offset2 &+ 7 &* veryLow
                sensitivity2 = sensitivity2 &+ ((11 &* veryLow) >> 1)
            }
            temperature = temperature &- t2
            offset = offset &- offset2
            sensitivity = sensitivity &- sensitivity2
        }
        let pressure = (((Int64(d1) &* sensitivity) >> 21) &- offset) >> 15
        return MS5611Compensated(
            dT: dT, temperature: temperature, offset: offset, sensitivity: sensitivity, pressure: pressure)
    }
}
