// SensorGate — Board: binding a board description to buses. The one place a string becomes a bus.

import Drivers
import HAL
import HALSim

/// Binds board descriptions to live buses.
public struct BoardBinder {
    private let backend: (any HardwareBackend)?

    /// Creates a binder.
    /// - Parameter backend: opens real buses; nil binds simulated buses only (real ones then fail with
    ///   a clear error).
    public init(backend: (any HardwareBackend)?) { self.backend = backend }

    /// Opens every bus of `board`. Never throws: failures are recorded per bus in ``BoundBoard/failures``.
    /// - Parameter board: the board.
    /// - Returns: the bound board.
    public func bind(_ board: BoardDescription) -> BoundBoard {
        let bound = BoundBoard(description: board, clock: VirtualClock())
        for bus in board.buses {
            let devices = board.devices.filter { $0.bus == bus.name }
            switch (bus.kind, bus.isSimulated) {
            case (.i2c, true):
                let simulated = SimI2CBus(name: bus.path, clock: bound.clock)
                for device in devices {
                    guard let address = device.address, let model = model(device) else { continue }
                    simulated.attach(model, at: address)
                }
                bound.i2cBuses[bus.name] = simulated
            case (.spi, true):
                let simulated = SimSPIBus(name: bus.path, clock: bound.clock)
                for device in devices {
                    guard let chipSelect = device.chipSelect else { continue }
                    if let model = model(device) { simulated.attach(model, chipSelect: chipSelect) }
                    bound.spiDevices[device.label] = simulated.device(
                        chipSelect: chipSelect, configuration: SPIConfiguration(mode: .mode3))
                }
            case (.i2c, false):
                do {
                    bound.i2cBuses[bus.name] = try requireBackend(bus.path).i2cBus(path: bus.path)
                } catch {
                    bound.failures[bus.name] = error
                }
            case (.spi, false):
                for device in devices {
                    guard let chipSelect = device.chipSelect else { continue }
                    let path = "\(bus.path).\(chipSelect)"
                    do {
                        bound.spiDevices[device.label] = try requireBackend(path).spiDevice(
                            path: path, configuration: SPIConfiguration(mode: .mode3))
                    } catch {
                        bound.failures[device.label] = error
                    }
                }
            }
        }
        return bound
    }

    /// The model fitted in a simulated device's place, or nil when the place is empty.
    private func model(_ device: DeviceDescription) -> IdentityModel? {
        guard let fitted = device.simulation.fitted, let signature = ChipCatalog.signature(fitted) else { return nil }
        return IdentityModel(signature: signature)
    }

    private func requireBackend(_ path: String) throws(HALError) -> any HardwareBackend {
        guard let backend else {
            throw HALError(
                .unsupported, device: path, operation: "open",
                hint: "this build has no hardware backend; use a simulated (sim:) bus")
        }
        return backend
    }
}
