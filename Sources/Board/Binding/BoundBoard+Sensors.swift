// SensorGate — Board: the driver of each device of a bound board.

import Drivers
import HAL

extension BoundBoard {
    /// Makes the driver of one device on its bus, with the device's settings (nothing is sent until
    /// the driver's `bringUp()`). Simulated buses use the virtual clock, real ones the backend's.
    /// - Parameter label: the device label.
    /// - Returns: the driver.
    /// - Throws: `DriverError` naming the device when it has no driver or its bus did not open.
    public func sensor(_ label: String) throws(DriverError) -> any SensorDriver {
        guard let device = description.devices.first(where: { $0.label == label }) else {
            throw DriverError(chip: label, location: "board", reason: .invalidSetting("no device '\(label)'"))
        }
        let part = ChipCatalog.signature(device.compatible)?.part ?? device.compatible
        guard let entry = ChipRegistry.entry(device.compatible) else {
            throw DriverError(
                chip: part, location: device.bus, reason: .invalidSetting("no driver for \(device.compatible)"))
        }
        let simulated = description.bus(device.bus)?.isSimulated ?? false
        let clock: any MonotonicClock = simulated ? self.clock : (realClock ?? self.clock)
        let attachment: ChipAttachment
        if let address = device.address {
            guard let bus = i2cBuses[device.bus] else {
                throw DriverError(
                    chip: part, location: "\(device.bus) \(address)", reason: .bus(openFailure(device.bus)))
            }
            attachment = .i2c(bus, address)
        } else {
            guard let spi = spiDevices[device.label] else {
                throw DriverError(chip: part, location: device.bus, reason: .bus(openFailure(device.label)))
            }
            attachment = .spi(spi)
        }
        do {
            return try entry.makeDriver(attachment, clock, ChipOptions(device.settings))
        } catch {
            throw DriverError(chip: part, location: device.bus, reason: .invalidSetting(error.description))
        }
    }

    private func openFailure(_ name: String) -> HALError {
        failures[name] ?? HALError(.notFound, device: name, operation: "open")
    }
}
