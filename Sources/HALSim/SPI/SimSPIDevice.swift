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
    /// The command of ``writeThenRead(_:into:)``, refilled at each call.
    private var command: [UInt8] = []
    /// The bytes ``writeThenRead(_:into:)`` clocks in, refilled at each call.
    private var response: [UInt8] = []
    /// The one segment of ``write(from:)``, refilled at each call.
    private var writeSegment = [SPITransfer(write: [0])]

    /// Creates a handle; use ``SimSPIBus/device(chipSelect:configuration:)``.
    init(bus: SimSPIBus, chipSelect: Int, configuration: SPIConfiguration) {
        self.bus = bus
        self.chipSelect = chipSelect
        self.configuration = configuration
        self.name = "\(bus.name).\(chipSelect)"
    }

    /// The device name, `sim:spi0.1` for chip select 1 of `sim:spi0` (kept: errors and every
    /// transaction name it).
    public let name: String

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

    /// Writes `bytes` then fills `buffer`, through buffers the device keeps (no allocation once the
    /// sizes have been seen).
    /// - Parameters:
    ///   - bytes: the command bytes.
    ///   - buffer: receives the bytes clocked in after them.
    /// - Throws: see ``transaction(_:)``.
    public func writeThenRead(_ bytes: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer)
        throws(HALError)
    {
        try checkWriteThenRead(bytes)
        command.replaceKeepingCapacity(with: bytes)
        response.resizeKeepingCapacity(to: buffer.count)
        try bus.runCommandThenRead(
            &command, into: &response, chipSelect: chipSelect, configuration: configuration, device: name)
        response.withUnsafeBytes { buffer.copyMemory(from: $0) }
    }

    /// Runs `repeats` register reads as one transaction, chip select released between them (see
    /// ``SimSPIBus``), through buffers the device keeps (no allocation once the sizes have been seen).
    /// - Parameters:
    ///   - command: the command bytes of every read.
    ///   - buffer: receives the reads one after another.
    ///   - repeats: how many reads.
    /// - Throws: see ``transaction(_:)``; `.invalidArgument` as
    ///   ``SPIDevice/checkRepeatedRead(_:into:repeats:)`` says.
    public func writeThenReadRepeatedly(
        _ command: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer, repeats: Int
    ) throws(HALError) {
        let length = try checkRepeatedRead(command, into: buffer, repeats: repeats)
        self.command.replaceKeepingCapacity(with: command)
        response.resizeKeepingCapacity(to: length)
        try bus.runRepeatedRead(
            &self.command, into: buffer, through: &response, repeats: repeats, chipSelect: chipSelect,
            configuration: configuration, device: name)
    }

    /// Writes `bytes` through a segment the device keeps (no allocation once the size has been seen).
    /// - Parameter bytes: the bytes to send.
    /// - Throws: see ``transaction(_:)``.
    public func write(from bytes: UnsafeRawBufferPointer) throws(HALError) {
        writeSegment[0].write.replaceKeepingCapacity(with: bytes)
        try bus.run(&writeSegment, chipSelect: chipSelect, configuration: configuration, device: name)
    }
}
