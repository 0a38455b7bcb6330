// SensorGate — Board: how real buses are opened, supplied by the executable.

import HAL

/// Opens real buses. The `sensorgate` executable supplies the Linux implementation; Board itself never
/// imports HALLinux, so everything here runs in simulation and tests unchanged.
public protocol HardwareBackend {
    /// Opens an I2C adapter.
    /// - Parameter path: the device path, such as `/dev/i2c-1`.
    /// - Returns: the bus.
    /// - Throws: `HALError` naming the path, with a hint.
    func i2cBus(path: String) throws(HALError) -> any I2CBus

    /// Opens an SPI device.
    /// - Parameters:
    ///   - path: the device path, such as `/dev/spidev0.1`.
    ///   - configuration: clock mode and speed.
    /// - Returns: the device.
    /// - Throws: `HALError` naming the path, with a hint.
    func spiDevice(path: String, configuration: SPIConfiguration) throws(HALError) -> any SPIDevice

    /// The clock real drivers wait on and timestamp with (CLOCK_MONOTONIC on Linux).
    var clock: any MonotonicClock { get }

    /// Requests an input line with edge events, for a chip's data-ready or watermark pin.
    /// - Parameters:
    ///   - chipPath: the GPIO chip's character device, such as `/dev/gpiochip0`.
    ///   - offset: the line's offset.
    ///   - settings: edges, bias, active level.
    /// - Returns: the line.
    /// - Throws: `HALError` naming the chip and line, with a hint.
    func gpioInput(chipPath: String, offset: UInt32, settings: GPIOLineSettings) throws(HALError)
        -> any GPIOInputLine
}

extension HardwareBackend {
    /// Backends without GPIO refuse line requests.
    public func gpioInput(chipPath: String, offset: UInt32, settings: GPIOLineSettings) throws(HALError)
        -> any GPIOInputLine
    {
        throw HALError(
            .unsupported, device: chipPath, operation: "request line \(offset)",
            hint: "this backend has no GPIO; sample the device with trigger poll")
    }
}
