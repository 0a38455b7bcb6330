// SensorGate — Drivers: how the MS5611's commands travel over I2C and over SPI.

import HAL

/// Command access to an MS5611, whichever bus it sits on.
///
/// The MS5611 is command-based, not register-based: over SPI the command byte is sent as it is, with no
/// read bit, so ``SPIRegisters`` (which sets bit 7 for reads) cannot serve it.
public protocol MS5611Transport: AnyObject {
    /// Where the chip sits, for messages: `/dev/i2c-1 0x77` or `/dev/spidev0.1`.
    var location: String { get }
    /// Sends a command that returns nothing (reset, convert).
    /// - Parameter command: the command byte.
    /// - Throws: `HALError` from the bus.
    func send(_ command: UInt8) throws(HALError)
    /// Sends a command and reads its answer (ADC read: 3 bytes; PROM read: 2 bytes), MSB first.
    /// - Parameters:
    ///   - command: the command byte.
    ///   - count: how many bytes to read.
    /// - Returns: the bytes.
    /// - Throws: `HALError` from the bus.
    func read(_ command: UInt8, count: Int) throws(HALError) -> [UInt8]
    /// Sends `command`, then fills `buffer` with the answer (the ADC read of the sampling path),
    /// in storage the caller owns: nothing allocated.
    /// - Parameters:
    ///   - command: the command byte.
    ///   - buffer: receives the answer; its count is the number of bytes read.
    /// - Throws: `HALError` from the bus.
    func read(_ command: UInt8, into buffer: UnsafeMutableRawBufferPointer) throws(HALError)
}

/// The MS5611 on I2C at 0x77 (CSB low) or 0x76 (CSB high): the address is 111011C̄x.
///
/// A command is `ST SAD+W cmd SP`. A command with an answer is `ST SAD+W cmd SR SAD+R data SP`: the
/// datasheet draws a stop before the read, but the chip answers after a repeated start as well, and
/// the repeated start is what SMBus-only adapters can do (`i2c_smbus_read_i2c_block_data`, as the
/// Linux kernel's ms5611 driver uses).
public final class MS5611I2CTransport: MS5611Transport {
    private let bus: any I2CBus
    private let address: I2CAddress

    /// Creates command access to the chip at `address`.
    /// - Parameters:
    ///   - bus: the bus.
    ///   - address: 0x76 or 0x77.
    public init(bus: any I2CBus, address: I2CAddress) {
        self.bus = bus
        self.address = address
    }

    /// `bus address`, for messages.
    public var location: String { "\(bus.name) \(address)" }

    /// Writes the command byte.
    public func send(_ command: UInt8) throws(HALError) {
        try withUnsafeBytes(of: command) { (raw) throws(HALError) in try bus.write(address, from: raw) }
    }

    /// Writes the command byte, then reads after a repeated start.
    public func read(_ command: UInt8, count: Int) throws(HALError) -> [UInt8] {
        try bus.writeRead(address, [command], count: count)
    }

    /// Writes the command byte, then fills `buffer` after a repeated start (no allocation).
    public func read(_ command: UInt8, into buffer: UnsafeMutableRawBufferPointer) throws(HALError) {
        try withUnsafeBytes(of: command) { (raw) throws(HALError) in try bus.writeRead(address, raw, into: buffer) }
    }
}

/// The MS5611 on 4-wire SPI, mode 0 or 3 (datasheet, "SPI mode"): chip select, the command byte as it
/// is, then the answer clocked out on SDO, then chip select released.
public final class MS5611SPITransport: MS5611Transport {
    private let device: any SPIDevice

    /// Creates command access through `device`.
    /// - Parameter device: the SPI device.
    public init(device: any SPIDevice) {
        self.device = device
    }

    /// The device name, for messages.
    public var location: String { device.name }

    /// Clocks the command byte out in its own chip-select frame.
    public func send(_ command: UInt8) throws(HALError) {
        try withUnsafeBytes(of: command) { (raw) throws(HALError) in try device.write(from: raw) }
    }

    /// Clocks the command byte out, then `count` bytes in, in one chip-select frame.
    public func read(_ command: UInt8, count: Int) throws(HALError) -> [UInt8] {
        try device.writeThenRead([command], count: count)
    }

    /// Clocks the command byte out, then fills `buffer`, in one chip-select frame (no allocation).
    public func read(_ command: UInt8, into buffer: UnsafeMutableRawBufferPointer) throws(HALError) {
        try withUnsafeBytes(of: command) { (raw) throws(HALError) in try device.writeThenRead(raw, into: buffer) }
    }
}

extension ChipAttachment {
    /// MS5611 command access for this attachment.
    /// - Returns: I2C or SPI command access.
    public func ms5611Transport() -> any MS5611Transport {
        switch self {
        case .i2c(let bus, let address): MS5611I2CTransport(bus: bus, address: address)
        case .spi(let device): MS5611SPITransport(device: device)
        }
    }
}
