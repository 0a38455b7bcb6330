// SensorGate — Board: a board bound to live buses.

import HAL
import HALSim

/// A board whose buses are open: simulated ones populated with chip models, real ones opened through
/// the hardware backend. Buses that failed to open are kept with their error, so that a tool can report
/// every problem at once instead of the first.
public final class BoundBoard {
    /// The board description.
    public let description: BoardDescription
    /// The virtual clock of the simulated buses.
    public let clock: VirtualClock
    /// Open I2C buses, by bus name.
    public internal(set) var i2cBuses: [String: any I2CBus] = [:]
    /// Open SPI devices, by device label.
    public internal(set) var spiDevices: [String: any SPIDevice] = [:]
    /// Buses (by name) and SPI devices (by label) that failed to open, with the reason.
    public internal(set) var failures: [String: HALError] = [:]

    init(description: BoardDescription, clock: VirtualClock) {
        self.description = description
        self.clock = clock
    }
}
