// SensorGate — Drivers: one supported chip as the registry knows it: how to make its driver and model.

import HAL

/// The bus a chip is reached on.
public enum ChipInterface: String, Sendable, Hashable, CaseIterable {
    /// I2C at an address.
    case i2c
    /// 4-wire SPI at a chip select.
    case spi
}

/// Where a driver finds its chip.
public enum ChipAttachment {
    /// On an I2C bus at an address.
    case i2c(any I2CBus, I2CAddress)
    /// On an SPI device (a controller and chip select).
    case spi(any SPIDevice)

    /// Which interface this is.
    public var interface: ChipInterface {
        switch self {
        case .i2c: .i2c
        case .spi: .spi
        }
    }
}

/// What a model is made with.
public struct ModelContext {
    /// The clock conversions are timed on (the simulation's virtual clock).
    public var clock: any MonotonicClock
    /// Per-instance factory trim values from the board file (`sim: trim:`), by key.
    public var trim: ChipOptions
    /// A seed that makes this instance's factory trims, offsets and noise differ from another
    /// instance's as real parts do; nil gives the datasheet's nominal part.
    public var seed: UInt64?
    /// Whether the model adds the datasheet's noise to its conversions (off for exact sweeps).
    public var noise: Bool
    /// Drives one of the chip's interrupt or data-ready pins by its datasheet name (`INT1`, `DRDY`),
    /// when the board wires it to a simulated GPIO line; nil when nothing is wired.
    public var interrupt: ((_ pin: String, _ level: Bool) -> Void)?

    /// Creates a context.
    /// - Parameters:
    ///   - clock: the conversion clock.
    ///   - trim: trim values by key. Default: none.
    ///   - seed: the instance seed. Default: nil (nominal part).
    ///   - noise: whether to add noise. Default: false.
    ///   - interrupt: the pin driver. Default: nil.
    public init(
        clock: any MonotonicClock, trim: ChipOptions = .none, seed: UInt64? = nil, noise: Bool = false,
        interrupt: ((_ pin: String, _ level: Bool) -> Void)? = nil
    ) {
        self.clock = clock
        self.trim = trim
        self.seed = seed
        self.noise = noise
        self.interrupt = interrupt
    }
}

/// A made model: its simulation face and the bus faces it has.
public struct SimulatedChip {
    /// The physical face the world and the sweep drive.
    public var model: any SensorModel
    /// The I2C face, when the chip speaks I2C.
    public var i2c: (any I2CTarget)?
    /// The SPI face, when the chip speaks SPI.
    public var spi: (any SPITarget)?

    /// Creates a made model.
    /// - Parameters:
    ///   - model: the physical face.
    ///   - i2c: the I2C face.
    ///   - spi: the SPI face.
    public init(model: any SensorModel, i2c: (any I2CTarget)?, spi: (any SPITarget)?) {
        self.model = model
        self.i2c = i2c
        self.spi = spi
    }
}

/// One supported chip: identity, the settings its driver takes, the trims its model takes, and how to
/// make both.
public struct ChipEntry: Sendable {
    /// The board-file compatible string, `bosch,bmp280`.
    public let compatible: String
    /// The part name, `BMP280`.
    public let part: String
    /// The buses it can sit on.
    public let interfaces: Set<ChipInterface>
    /// The SPI clock mode its driver uses.
    public let spiMode: SPIMode
    /// The fastest SPI clock the chip accepts, in hertz (its datasheet's maximum SCLK frequency); a
    /// board's SPI device is clocked at this rate, so FIFO drains hold the bus no longer than needed.
    public let spiMaxSpeedHz: UInt32
    /// The `settings:` keys its driver accepts, each with its documented default.
    public let settingKeys: [String]
    /// The `sim: trim:` keys its model accepts.
    public let trimKeys: [String]
    /// The chip's interrupt and data-ready pins by datasheet name (`INT1`, `DRDY`), which a board
    /// may wire to GPIO lines and the model drives.
    public let interruptPins: [String]
    /// Makes a driver for the chip at `attachment` with `settings`.
    public let makeDriver:
        @Sendable (ChipAttachment, any MonotonicClock, ChipOptions) throws(ChipOptionError) -> any SensorDriver
    /// Makes a model.
    public let makeModel: @Sendable (ModelContext) throws(ChipOptionError) -> SimulatedChip

    /// Creates an entry.
    /// - Parameters:
    ///   - compatible: the compatible string.
    ///   - part: the part name.
    ///   - interfaces: the buses.
    ///   - spiMode: the SPI mode. Default: mode 3.
    ///   - spiMaxSpeedHz: the fastest SPI clock in hertz. Default: 1 MHz.
    ///   - settingKeys: the driver's settings keys.
    ///   - trimKeys: the model's trim keys.
    ///   - interruptPins: the interrupt pins. Default: none.
    ///   - makeDriver: the driver factory.
    ///   - makeModel: the model factory.
    public init(
        compatible: String, part: String, interfaces: Set<ChipInterface>, spiMode: SPIMode = .mode3,
        spiMaxSpeedHz: UInt32 = 1_000_000, settingKeys: [String], trimKeys: [String], interruptPins: [String] = [],
        makeDriver:
            @escaping @Sendable (ChipAttachment, any MonotonicClock, ChipOptions) throws(ChipOptionError) ->
            any SensorDriver,
        makeModel: @escaping @Sendable (ModelContext) throws(ChipOptionError) -> SimulatedChip
    ) {
        self.compatible = compatible
        self.part = part
        self.interfaces = interfaces
        self.spiMode = spiMode
        self.spiMaxSpeedHz = spiMaxSpeedHz
        self.settingKeys = settingKeys
        self.trimKeys = trimKeys
        self.interruptPins = interruptPins
        self.makeDriver = makeDriver
        self.makeModel = makeModel
    }
}
