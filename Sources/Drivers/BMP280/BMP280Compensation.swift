// SensorGate — Drivers: Bosch's integer compensation of BMP280/BME280 raw codes.

/// The integer compensation formulas of the datasheets (BMP280 §3.11.3, BME280 §4.2.3, rev. 1.1):
/// 32-bit temperature giving t_fine, 64-bit pressure in Q24.8 Pa, 32-bit humidity in Q22.10 %RH.
///
/// Intermediate products are formed in 64 bits with wrapping arithmetic, so that any input — a
/// corrupted code or trim — gives a result rather than a trap; for codes and trims a real chip
/// produces, every intermediate fits the datasheet's widths and the results are bit-identical.
extension BMP280Calibration {
    /// Compensates a temperature code.
    /// - Parameter adcT: the 20-bit adc_T.
    /// - Returns: the temperature in 0.01 °C (2508 is 25.08 °C) and t_fine, the fine temperature the
    ///   pressure and humidity compensation take.
    public func compensateTemperature(adcT: Int32) -> (centidegreesC: Int32, tFine: Int32) {
        let adc = Int64(adcT)
        let t1 = Int64(digT1)
        let linear = (((adc >> 3) &- (t1 << 1)) &* Int64(digT2)) >> 11
        let offset = (adc >> 4) &- t1
        let quadratic = (((offset &* offset) >> 12) &* Int64(digT3)) >> 14
        let tFine = Int32(truncatingIfNeeded: linear &+ quadratic)
        let centidegrees = (Int64(tFine) &* 5 &+ 128) >> 8
        return (Int32(truncatingIfNeeded: centidegrees), tFine)
    }

    /// Compensates a pressure code with the 64-bit formula.
    /// - Parameters:
    ///   - adcP: the 20-bit adc_P.
    ///   - tFine: t_fine from ``compensateTemperature(adcT:)`` of the same measurement.
    /// - Returns: the pressure in Pa as Q24.8 (25767236 is 100653.27 Pa); 0 when dig_P1 is 0.
    public func compensatePressure(adcP: Int32, tFine: Int32) -> UInt32 {
        var var1 = Int64(tFine) &- 128_000
        var var2 = var1 &* var1 &* Int64(digP(6))
        var2 = var2 &+ ((var1 &* Int64(digP(5))) << 17)
        var2 = var2 &+ (Int64(digP(4)) << 35)
        var1 = ((var1 &* var1 &* Int64(digP(3))) >> 8) &+ ((var1 &* Int64(digP(2))) << 12)
        var1 = (((Int64(1) << 47) &+ var1) &* Int64(digP1)) >> 33
        guard var1 != 0 else { return 0 }
        var pressure = 1_048_576 &- Int64(adcP)
        pressure = ((pressure << 31) &- var2) &* 3125 / var1
        var1 = (Int64(digP(9)) &* (pressure >> 13) &* (pressure >> 13)) >> 25
        var2 = (Int64(digP(8)) &* pressure) >> 19
        pressure = ((pressure &+ var1 &+ var2) >> 8) &+ (Int64(digP(7)) << 4)
        return UInt32(truncatingIfNeeded: pressure)
    }

    /// Compensates a humidity code (BME280) with the 32-bit formula.
    /// - Parameters:
    ///   - adcH: the 16-bit adc_H.
    ///   - tFine: t_fine of the same measurement.
    /// - Returns: the relative humidity in %RH as Q22.10 (47445 is 46.333 %RH), clamped to 0…100 %RH.
    public func compensateHumidity(adcH: Int32, tFine: Int32) -> UInt32 {
        let x = Int64(tFine) &- 76_800
        let offset = ((Int64(adcH) << 14) &- (Int64(digH4) << 20) &- (Int64(digH5) &* x) &+ 16_384) >> 15
        let h3Term = ((x &* Int64(digH3)) >> 11) &+ 32_768
        let h6Term = ((((x &* Int64(digH6)) >> 10) &* h3Term) >> 10) &+ 2_097_152
        let gain = (h6Term &* Int64(digH2) &+ 8_192) >> 14
        var humidity = Int64(Int32(truncatingIfNeeded: offset &* gain))
        humidity = humidity &- (((((humidity >> 15) &* (humidity >> 15)) >> 7) &* Int64(digH1)) >> 4)
        humidity = min(max(humidity, 0), 419_430_400)
        return UInt32(humidity >> 12)
    }
}
