// SensorGate — sensorgate: the Linux hardware backend for board binding.

import Board
import HAL
import HALLinux

/// Opens real buses and GPIO lines through the kernel interfaces.
struct LinuxBackend: HardwareBackend {
    let clock: any MonotonicClock = LinuxMonotonicClock()

    func i2cBus(path: String) throws(HALError) -> any I2CBus { try LinuxI2CBus(path: path) }

    func spiDevice(path: String, configuration: SPIConfiguration) throws(HALError) -> any SPIDevice {
        try LinuxSPIDevice(path: path, configuration: configuration)
    }

    /// Opens the chip (a path, `gpiochipN`, or a label) and requests the line; the line keeps its chip
    /// open until it is released.
    func gpioInput(chipPath: String, offset: UInt32, settings: GPIOLineSettings) throws(HALError)
        -> any GPIOInputLine
    {
        try LinuxGPIOChip(named: chipPath).requestInput(offset: offset, settings: settings)
    }
}
