// SensorGate — Board: a board bound to live buses.

import Drivers
import HAL
import HALSim
import World

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
    /// Simulated GPIO chips, by name: chip models drive their interrupt pins on these.
    public internal(set) var simulatedGPIO: [String: SimGPIOChip] = [:]
    /// The simulated chips fitted on simulated buses, by device label.
    public internal(set) var models: [String: SimulatedChip] = [:]
    /// What each simulated chip measures of the world, by device label.
    public internal(set) var stimuli: [String: DeviceStimulus] = [:]
    /// Recordings that could not be read, by device label (the chip then measures the world).
    public internal(set) var recordingFailures: [String: WorldError] = [:]
    /// The clock of real buses, from the hardware backend.
    var realClock: (any MonotonicClock)? { backend?.clock }
    /// Opens real buses and lines.
    let backend: (any HardwareBackend)?

    init(description: BoardDescription, clock: VirtualClock, backend: (any HardwareBackend)?) {
        self.description = description
        self.clock = clock
        self.backend = backend
    }
}
