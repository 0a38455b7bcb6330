// SensorGate — Drivers: the LIS3MDL's output conversions: microtesla and degrees Celsius.

/// The datasheet's conversions for the LIS3MDL (DocID024204 table 3 and §7.8–7.11).
public enum LIS3MDLConversion {
    /// 1 gauss = 100 µT.
    public static let microteslaPerGauss = 100.0
    /// The temperature sensor's sensitivity: 8 LSB/°C (table 3).
    public static let temperatureLSBPerC = 8.0
    /// The temperature at which TEMP_OUT reads 0.
    public static let temperatureZeroC = 25.0

    /// A magnetic output code in microtesla: code / sensitivity × 100.
    /// - Parameters:
    ///   - code: OUT_X, OUT_Y or OUT_Z.
    ///   - fullScale: the full scale the code was measured with.
    /// - Returns: the flux density in µT.
    public static func microtesla(_ code: Int16, _ fullScale: LIS3MDLFullScale) -> Double {
        Double(code) / fullScale.sensitivityLSBPerGauss * microteslaPerGauss
    }

    /// A temperature code in °C: 25 + code / 8.
    /// - Parameter code: TEMP_OUT.
    /// - Returns: the temperature in °C.
    public static func temperatureC(_ code: Int16) -> Double {
        temperatureZeroC + Double(code) / temperatureLSBPerC
    }
}
