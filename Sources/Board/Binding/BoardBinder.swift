// SensorGate — Board: binding a board description to buses. The one place a string becomes a bus.

import Drivers
import HAL
import HALSim
import World

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
        let bound = BoundBoard(description: board, clock: VirtualClock(), backend: backend)
        for chip in board.gpioChips where chip.isSimulated {
            bound.simulatedGPIO[chip.name] = SimGPIOChip(
                name: chip.path, lineNames: (0..<chip.lineCount).map { "line\($0)" }, clock: bound.clock)
        }
        for bus in board.buses {
            let devices = board.devices.filter { $0.bus == bus.name }
            switch (bus.kind, bus.isSimulated) {
            case (.i2c, true):
                let simulated = SimI2CBus(name: bus.path, clock: bound.clock)
                for device in devices {
                    guard let address = device.address else { continue }
                    if let chip = simulatedChip(device, board, bound), let target = chip.i2c {
                        simulated.attach(target, at: address)
                    }
                }
                bound.i2cBuses[bus.name] = simulated
            case (.spi, true):
                let simulated = SimSPIBus(name: bus.path, clock: bound.clock)
                for device in devices {
                    guard let chipSelect = device.chipSelect else { continue }
                    if let chip = simulatedChip(device, board, bound), let target = chip.spi {
                        simulated.attach(target, chipSelect: chipSelect)
                    }
                    bound.spiDevices[device.label] = simulated.device(
                        chipSelect: chipSelect, configuration: Self.spiConfiguration(device))
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
                            path: path, configuration: Self.spiConfiguration(device))
                    } catch {
                        bound.failures[device.label] = error
                    }
                }
            }
        }
        return bound
    }

    /// The SPI mode of the chip the device names (mode 3 for chips without a registry entry).
    static func spiMode(_ device: DeviceDescription) -> SPIMode {
        ChipRegistry.entry(device.compatible)?.spiMode ?? .mode3
    }

    /// The chip's SPI mode at its fastest clock (1 MHz for chips without a registry entry).
    static func spiConfiguration(_ device: DeviceDescription) -> SPIConfiguration {
        SPIConfiguration(
            mode: spiMode(device), speedHz: ChipRegistry.entry(device.compatible)?.spiMaxSpeedHz ?? 1_000_000)
    }

    /// The model fitted in a simulated device's place, driven by the board's world, or nil when the
    /// place is empty (every catalogued chip has a model in the registry).
    private func simulatedChip(_ device: DeviceDescription, _ board: BoardDescription, _ bound: BoundBoard)
        -> SimulatedChip?
    {
        guard let fitted = device.simulation.fitted, let entry = ChipRegistry.entry(fitted) else { return nil }
        // A short list, not a dictionary: a pin change compares a name or two instead of hashing one.
        // The closure holds the chips (`chips`) and drives them through unretained references, borrowed:
        // a chip read out of the list is otherwise retained and released around every pin change.
        var wiring: [(pin: String, chip: Unmanaged<SimGPIOChip>, offset: UInt32)] = []
        var chips: [SimGPIOChip] = []
        for (pin, line) in device.interrupts {
            if let chip = bound.simulatedGPIO[line.chip] {
                wiring.append((pin, Unmanaged.passUnretained(chip), line.offset))
                chips.append(chip)
            }
        }
        let interrupt: ((String, Bool) -> Void)? =
            wiring.isEmpty
            ? nil
            : { [wiring, chips] pin, level in
                withExtendedLifetime(chips) {
                    // By index: a `for` loop copies each wire it passes.
                    var index = 0
                    while index < wiring.count {
                        if wiring[index].pin == pin {
                            let offset = wiring[index].offset
                            wiring[index].chip._withUnsafeGuaranteedRef { $0.drive(offset, to: level) }
                        }
                        index &+= 1
                    }
                }
            }
        let context = ModelContext(
            clock: bound.clock, trim: ChipOptions(device.simulation.trim),
            seed: device.simulation.nominal ? nil : device.simulation.seed ?? Self.seed(board.seed, device.label),
            noise: device.simulation.noise,
            interrupt: interrupt)
        // Trims were checked when the board was loaded.
        guard let chip = try? entry.makeModel(context) else { return nil }
        var replay: Replay?
        if let description = device.simulation.replay {
            do throws(WorldError) {
                let recording = try Recording(path: description.file, rateHz: description.rateHz)
                replay = try Replay(recording: recording, startS: description.startS, loops: description.loops)
            } catch {
                bound.recordingFailures[device.label] = error
            }
        }
        let stimulus = DeviceStimulus(world: board.world, mounting: device.mounting, axes: device.axes, replay: replay)
        chip.model.stimulus = stimulus
        bound.models[device.label] = chip
        bound.stimuli[device.label] = stimulus
        return chip
    }

    /// A part's seed from the board's seed and the device label (FNV-1a), so that parts differ from
    /// each other and from run to run only when the board's seed does.
    static func seed(_ boardSeed: UInt64, _ label: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ boardSeed
        for byte in label.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
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
