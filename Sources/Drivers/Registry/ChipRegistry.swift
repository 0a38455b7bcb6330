// SensorGate — Drivers: every chip with a driver and a model, by compatible string.

/// The chips SensorGate drives and simulates. A chip joins by adding its entry here; the sweep test,
/// board validation and `sensorgate read` pick it up without further code.
public enum ChipRegistry {
    /// Every entry, in catalogue order.
    public static let all: [ChipEntry] = [
        BMP280.registryEntry(.bmp280),
        BMP280.registryEntry(.bme280),
        TMP117.registryEntry(),
        MS5611.registryEntry(),
        ADXL345.registryEntry(),
        LSM6DSO.registryEntry(),
        MPU6050.registryEntry(),
        LIS3MDL.registryEntry(),
        SHT3x.registryEntry(),
    ]

    /// The entry for a compatible string.
    /// - Parameter compatible: for example `bosch,bmp280`.
    /// - Returns: the entry, or nil when no driver exists for it.
    public static func entry(_ compatible: String) -> ChipEntry? {
        all.first { $0.compatible == compatible }
    }
}
