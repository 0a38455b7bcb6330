// SensorGate — Board: what a board file describes.

import HAL
import SensorMath
import World

/// The kind of a bus.
public enum BusKind: String, Sendable, Hashable, CaseIterable {
    /// An I2C bus.
    case i2c
    /// An SPI bus (each device on it has its own chip select).
    case spi
}

/// Where a file's declaration sits, for messages about it.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// The line, from 1.
    public var line: Int
    /// The column, from 1.
    public var column: Int
    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}

/// A bus of the board.
public struct BusDescription: Sendable, Hashable {
    /// The bus's name in the board file (`i2c0`).
    public var name: String
    /// I2C or SPI.
    public var kind: BusKind
    /// The device: `/dev/i2c-1`, `/dev/spidev0` (chip select appended per device), or `sim:NAME`.
    public var path: String
    /// Where it is declared.
    public var location: SourceLocation

    /// Whether the bus is simulated.
    public var isSimulated: Bool { path.hasPrefix("sim:") }
}

/// A GPIO chip of the board.
public struct GPIOChipDescription: Sendable, Hashable {
    /// Its name in the board file (`gpio0`).
    public var name: String
    /// The character device (`/dev/gpiochip0`) or `sim:NAME`.
    public var path: String
    /// For simulated chips, how many lines it has (named `line0`…). Default 32.
    public var lineCount: Int
    /// Where it is declared.
    public var location: SourceLocation

    /// Whether the chip is simulated.
    public var isSimulated: Bool { path.hasPrefix("sim:") }
}

/// A GPIO line: a chip of the board and an offset on it.
public struct GPIOLineReference: Sendable, Hashable, CustomStringConvertible {
    /// The chip's name in the board file.
    public var chip: String
    /// The line offset.
    public var offset: UInt32

    /// `chip/offset`, as written in board files.
    public var description: String { "\(chip)/\(offset)" }
}

/// Simulation settings of one device: what is fitted in its place on a simulated bus, and how that
/// part differs from the next.
public struct SimulatedFitting: Sendable {
    /// The chip actually fitted, or nil when the place is empty. Default: the chip the device names.
    public var fitted: String?
    /// Factory trim values of this part, by the chip's trim keys. Default: none (spread by the seed).
    public var trim: [String: String] = [:]
    /// The part's seed (trims, offsets and noise). Default: derived from the world seed and the label.
    public var seed: UInt64?
    /// Whether the part is the datasheet's nominal part (no spread of trims and offsets). Default: false.
    public var nominal = false
    /// Whether conversions carry the datasheet's noise. Default: true.
    public var noise = true
    /// A recording replayed into this chip instead of the world, for the quantities it feeds.
    public var replay: ReplayDescription?
}

/// A recording replayed into one simulated chip.
public struct ReplayDescription: Sendable, Hashable {
    /// The CSV file, resolved against the board file's folder.
    public var file: String
    /// The sample rate for files without a time column.
    public var rateHz: Double?
    /// When its first sample is delivered, seconds from the start.
    public var startS: Double
    /// Whether it starts over at its end.
    public var loops: Bool
    /// Where it is declared.
    public var location: SourceLocation
}

/// A device of the board.
public struct DeviceDescription: Sendable {
    /// The device's label in the board file (`barometer`).
    public var label: String
    /// Its `compatible` string (`bosch,bmp280`).
    public var compatible: String
    /// The bus it sits on.
    public var bus: String
    /// Its I2C address, for I2C devices.
    public var address: I2CAddress?
    /// Its chip select, for SPI devices.
    public var chipSelect: Int?
    /// Driver settings by the chip's settings keys (`settings:`); absent keys take their defaults.
    public var settings: [String: String] = [:]
    /// Where the chip is mounted: on the gateway's body or on the machine. Default: body.
    public var mounting: Mounting = .body
    /// The chip's interrupt pins wired to GPIO lines (`interrupts: {INT1: gpio0/17}`), by pin name.
    public var interrupts: [String: GPIOLineReference] = [:]
    /// The chip's axes relative to the body (`axes: {roll-deg, pitch-deg, yaw-deg}`). Default: aligned.
    public var axes: Quaternion = .identity
    /// On simulated buses: what is fitted. Default: the chip named by `compatible`.
    public var simulation: SimulatedFitting
    /// How the device is sampled (`sample:`). Default: polled at its output data rate.
    public var sampling: DeviceSampling?
    /// How its streams are batched (`batch:`). Default: every 10 s, bulk priority.
    public var batching = DeviceBatching()
    /// Per-channel processing (`processing:`): smoothing, decimation, deadband, alarms. Default none.
    public var processing: [ChannelProcessingDescription] = []
    /// Vibration health features (`vibration:`), for an accelerometer. Default none.
    public var vibration: VibrationDescription?
    /// Where it is declared.
    public var location: SourceLocation
}

/// A board: its buses and the devices on them.
///
/// Buses, devices with settings, sampling, batching and simulation fitting, the simulated world,
/// storage, upstream and identity; the modem section joins it when that part lands.
public struct BoardDescription: Sendable {
    /// The board's name.
    public var name: String
    /// A sentence saying what the board is.
    public var summary: String?
    /// The buses, in file order.
    public var buses: [BusDescription]
    /// The devices, in file order.
    public var devices: [DeviceDescription]
    /// The GPIO chips, in file order.
    public var gpioChips: [GPIOChipDescription] = []
    /// The world simulated devices measure (`world:`). Default: at rest, level, at sea level, 20 °C.
    public var world = WorldModel()
    /// The sampling thread's settings (`sampling:`). Default: normal scheduling.
    public var sampling = SamplingDescription()
    /// The store's folder, bounds and policy (`storage:`). Default: see ``StorageDescription``.
    public var storage = StorageDescription()
    /// Where batches go (`upstream:`). Default: none (a simulated run delivers to its own collector).
    public var upstream: UpstreamDescription?
    /// The device identity (`identity:`). Default: created under the state folder.
    public var identity = IdentityDescription()
    /// The Prometheus endpoint (`metrics:`). Default: none (no endpoint).
    public var metrics: MetricsDescription?
    /// The watchdogs (`watchdog:`). Default: no hardware watchdog; systemd's when started by systemd.
    public var watchdog = WatchdogDescription()
    /// The Modbus TCP server (`modbus:`). Default: nil (served only when `run --modbus-listen` asks).
    public var modbus: ModbusDescription?
    /// The `modbus-rtu:` section: RS-485 lines and their transmitters. Default: none.
    public var modbusRTU: [ModbusRTULineDescription] = []
    /// The cellular modem that carries the MQTT upstream (`modem:`). Default none (the host's TCP/IP).
    public var modem: ModemDescription?
    /// Values derived from several devices (`edge:`): orientation, altitude. Default none.
    public var edge = EdgeDescription()
    /// The seed of the simulation (`world: seed:`). Default: 1.
    public var seed: UInt64 = 1
    /// The file it was loaded from.
    public var file: String

    /// The bus named `name`.
    /// - Parameter name: a bus name.
    /// - Returns: the bus, or nil.
    public func bus(_ name: String) -> BusDescription? { buses.first { $0.name == name } }
}
