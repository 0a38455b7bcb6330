// SensorGate — sensorgate: the Linux hardware backend for board binding.

import Board
import HAL
import HALLinux

/// Opens real buses through the kernel interfaces.
struct LinuxBackend: HardwareBackend {
    let clock: any MonotonicClock = LinuxMonotonicClock()

    func i2cBus(path: String) throws(HALError) -> any I2CBus { try LinuxI2CBus(path: path) }

    func spiDevice(path: String, configuration: SPIConfiguration) throws(HALError) -> any SPIDevice {
        try LinuxSPIDevice(path: path, configuration: configuration)
    }
}
