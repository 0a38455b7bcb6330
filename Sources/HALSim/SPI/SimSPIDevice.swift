// SensorGate — HALSim: the device handle for one chip select of a simulated SPI controller.

import HAL

/// One chip select of a ``SimSPIBus``, as `/dev/spidevB.C` is on Linux.
///
/// A handle whose chip select has no target still works and reads 0xFF, as on real hardware; a
/// missing chip shows up only in the data (check the chip's ID register).
public final class SimSPIDevice: SPIDevice {
    /// The controller this device belongs to.
    public let bus: SimSPIBus
    /// The chip select number.
    public let chipSelect: Int
    /// The current clock configuration.
    public private(set) var configuration: SPIConfiguration

    /// Creates a handle; use ``SimSPIBus/device(chipSelect:configuration:)``.
    init(bus: SimSPIBus, chipSelect: Int, configuration: SPIConfiguration) {
        self.bus = bus
        self.chipSelect = chipSelect
        self.configuration = configuration
    }

    /// The device name, `sim:spi0.1` for chip select 1 of `sim:spi0`.
    public var name: String { "\(bus.name).\(chipSelect)" }

    /// Applies a configuration. The simulated controller does 8-bit words, MSB first, 4-wire only.
    /// - Parameter configuration: mode, word size, speed.
    /// - Throws: `HALError`: `.invalidArgument` for a zero speed, `.unsupported` for other word
    ///   sizes, LSB-first or 3-wire.
    public func configure(_ configuration: SPIConfiguration) throws(HALError) {
        guard configuration.speedHz > 0 else {
            throw HALError(.invalidArgument, device: name, operation: "configure", hint: "speedHz must be above 0")
        }
        guard configuration.bitsPerWord == 8, !configuration.lsbFirst, !configuration.threeWire else {
            throw HALError(
                .unsupported, device: name, operation: "configure",
                hint: "the simulated controller does 8-bit words, MSB first, 4-wire only")
        }
        self.configuration = configuration
    }

    /// Runs the segments with chip select asserted (released after segments that ask for it).
    /// - Parameter transfers: the segments; `read` buffers are filled in.
    /// - Throws: `HALError`: `.invalidArgument` for a segment whose write and read lengths differ,
    ///   `.bus` (EIO) for an injected bus error.
    public func transaction(_ transfers: inout [SPITransfer]) throws(HALError) {
        try bus.run(&transfers, chipSelect: chipSelect, configuration: configuration, device: name)
    }
}
