// SensorGate — Drivers: register access over I2C or SPI, so one driver serves both buses.

import HAL

/// Register reads and writes on a chip, whichever bus it sits on (Zephyr's per-bus I/O table).
public protocol RegisterInterface: AnyObject {
    /// Where the chip sits, for messages: `/dev/i2c-1 0x76` or `/dev/spidev0.1`.
    var location: String { get }
    /// Reads `count` registers starting at `register` (auto-increment) into a new array (bring-up,
    /// probing and other cold paths; the sampling path uses ``read(_:into:)``).
    /// - Throws: `HALError` from the bus.
    func read(_ register: UInt8, count: Int) throws(HALError) -> [UInt8]
    /// Reads `buffer.count` registers starting at `register` (auto-increment) into the caller's
    /// storage, allocating nothing.
    /// - Parameters:
    ///   - register: the first register.
    ///   - buffer: receives the values; at least one byte.
    /// - Throws: `HALError` from the bus; `.invalidArgument` for an empty buffer.
    func read(_ register: UInt8, into buffer: UnsafeMutableRawBufferPointer) throws(HALError)
    /// Writes `bytes` to consecutive registers starting at `register`.
    /// - Throws: `HALError` from the bus.
    func write(_ register: UInt8, _ bytes: [UInt8]) throws(HALError)
    /// The least time between the reads of ``readRepeatedly(_:into:repeats:)``, in nanoseconds, when
    /// the bus runs them as one message with the chip deselected in between (SPI); nil when it cannot
    /// (I2C, where each read is a transaction of its own and the caller paces them).
    var repeatedReadGapNanoseconds: Int64? { get }
    /// Reads `buffer.count / repeats` registers starting at `register`, `repeats` times, into
    /// consecutive parts of `buffer`: a FIFO whose every read pops one entry (ADXL345), in one bus
    /// message where ``repeatedReadGapNanoseconds`` says so, otherwise read by read.
    /// - Parameters:
    ///   - register: the first register of every read.
    ///   - buffer: receives the reads one after another.
    ///   - repeats: how many reads.
    /// - Throws: `HALError` from the bus; `.invalidArgument` for a buffer that does not divide into
    ///   `repeats` reads of one or more bytes.
    func readRepeatedly(_ register: UInt8, into buffer: UnsafeMutableRawBufferPointer, repeats: Int)
        throws(HALError)
}

extension RegisterInterface {
    /// Reads `count` registers starting at `register` into `block`, replacing what it held: the
    /// sampling path's register read (no allocation).
    /// - Parameters:
    ///   - register: the first register.
    ///   - count: how many registers, 1 … ``RegisterBytes/capacity``.
    ///   - block: receives the values.
    /// - Throws: `HALError` from the bus; `.invalidArgument` (before any bus traffic) when `count` is
    ///   not 1 … ``RegisterBytes/capacity``.
    public func read(_ register: UInt8, count: Int, into block: inout RegisterBytes) throws(HALError) {
        guard count > 0 else {
            throw HALError(
                .invalidArgument, device: location, operation: "read of register \(Hex.byte(register))",
                hint: "a register read reads at least one byte")
        }
        try block.withUnsafeMutableBytes(count: count) { (buffer) throws(HALError) in try read(register, into: buffer) }
    }

    /// Register access without a repeated-read message: nil.
    public var repeatedReadGapNanoseconds: Int64? { nil }

    /// Reads read by read, each a transaction of its own (``read(_:into:)``), with nothing between them.
    /// - Parameters:
    ///   - register: the first register of every read.
    ///   - buffer: receives the reads one after another.
    ///   - repeats: how many reads.
    /// - Throws: `HALError` from the bus; `.invalidArgument` for a buffer that does not divide.
    public func readRepeatedly(_ register: UInt8, into buffer: UnsafeMutableRawBufferPointer, repeats: Int)
        throws(HALError)
    {
        guard repeats > 0, !buffer.isEmpty, buffer.count % repeats == 0 else {
            throw HALError(
                .invalidArgument, device: location, operation: "repeated read of register \(Hex.byte(register))",
                hint: "\(repeats) reads into \(buffer.count) bytes: give reads of one or more bytes each")
        }
        let length = buffer.count / repeats
        for entry in 0..<repeats {
            try read(
                register,
                into: UnsafeMutableRawBufferPointer(rebasing: buffer[(entry * length)..<((entry + 1) * length)]))
        }
    }
}

/// Registers over I2C: write the register address, then read with a repeated start.
///
/// The messages are kept between calls and refilled, so once the sizes have been seen a register
/// access allocates nothing of its own (the returned bytes share the read buffer until the next call).
public final class I2CRegisters: RegisterInterface {
    private let bus: any I2CBus
    private let address: I2CAddress
    /// `SAD+W reg`, `SAD+R data`: the register read, refilled at each call.
    private var readMessages = [I2COperation.write([0]), I2COperation.read(count: 0)]
    /// `SAD+W reg data`: the register write, refilled at each call.
    private var writeMessage = [I2COperation.write([])]

    /// Creates register access to the chip at `address`.
    /// - Parameters:
    ///   - bus: the bus.
    ///   - address: the chip's address.
    public init(bus: any I2CBus, address: I2CAddress) {
        self.bus = bus
        self.address = address
    }

    /// `bus address`, for messages.
    public var location: String { "\(bus.name) \(address)" }

    /// Reads with `ST SAD+W reg SR SAD+R data SP`.
    public func read(_ register: UInt8, count: Int) throws(HALError) -> [UInt8] {
        readMessages[0].bytes[0] = register
        if readMessages[1].bytes.count != count {
            readMessages[1].bytes = [UInt8](repeating: 0, count: max(0, count))
        }
        try bus.transaction(address, &readMessages)
        return readMessages[1].bytes
    }

    /// Reads with `ST SAD+W reg SR SAD+R data SP` into `buffer` (``I2CBus/writeRead(_:_:into:)``).
    public func read(_ register: UInt8, into buffer: UnsafeMutableRawBufferPointer) throws(HALError) {
        var command = register
        try withUnsafeBytes(of: &command) { (bytes) throws(HALError) in try bus.writeRead(address, bytes, into: buffer)
        }
    }

    /// Writes with `ST SAD+W reg data SP`.
    public func write(_ register: UInt8, _ bytes: [UInt8]) throws(HALError) {
        writeMessage[0].bytes.removeAll(keepingCapacity: true)
        writeMessage[0].bytes.append(register)
        writeMessage[0].bytes.append(contentsOf: bytes)
        try bus.transaction(address, &writeMessage)
    }
}

/// Registers over 4-wire SPI in the Bosch / ST / ADI convention: the command byte is the register
/// address with bit 7 set for a read, optionally a multi-byte bit (ADXL345: bit 6).
///
/// The transfers are kept between calls and refilled, so once the sizes have been seen a register
/// access allocates nothing of its own (the returned bytes share the read buffer until the next call).
public final class SPIRegisters: RegisterInterface {
    private let device: any SPIDevice
    private let multipleBit: UInt8
    /// Command, then the data clocked in: the register read, refilled at each call.
    private var readTransfers = [SPITransfer(write: [0]), SPITransfer(readCount: 0)]
    /// Command and data in one segment: the register write, refilled at each call.
    private var writeTransfer = [SPITransfer()]

    /// Creates register access through `device`.
    /// - Parameters:
    ///   - device: the SPI device.
    ///   - multipleBit: a bit to set in the command for multi-byte transfers (0 when the chip
    ///     auto-increments without one, as Bosch and ST chips do; 0x40 for the ADXL345).
    public init(device: any SPIDevice, multipleBit: UInt8 = 0) {
        self.device = device
        self.multipleBit = multipleBit
    }

    /// The device name, for messages.
    public var location: String { device.name }

    /// Reads with command `register | 0x80` (and the multi-byte bit for more than one register).
    public func read(_ register: UInt8, count: Int) throws(HALError) -> [UInt8] {
        readTransfers[0].write[0] = register | 0x80 | (count > 1 ? multipleBit : 0)
        if readTransfers[1].read.count != count {
            readTransfers[1].read = [UInt8](repeating: 0, count: max(0, count))
        }
        try device.transaction(&readTransfers)
        return readTransfers[1].read
    }

    /// Reads with command `register | 0x80` (and the multi-byte bit for more than one register) into
    /// `buffer` (``SPIDevice/writeThenRead(_:into:)``).
    public func read(_ register: UInt8, into buffer: UnsafeMutableRawBufferPointer) throws(HALError) {
        var command = register | 0x80 | (buffer.count > 1 ? multipleBit : 0)
        try withUnsafeBytes(of: &command) { (bytes) throws(HALError) in try device.writeThenRead(bytes, into: buffer) }
    }

    /// Chip select stays released ``SPITransfer/chipSelectReleaseNanoseconds`` between repeated reads.
    public var repeatedReadGapNanoseconds: Int64? { SPITransfer.chipSelectReleaseNanoseconds }

    /// Reads with command `register | 0x80` (and the multi-byte bit for more than one register per
    /// read), `repeats` times in one transaction (``SPIDevice/writeThenReadRepeatedly(_:into:repeats:)``).
    public func readRepeatedly(_ register: UInt8, into buffer: UnsafeMutableRawBufferPointer, repeats: Int)
        throws(HALError)
    {
        var command = register | 0x80 | (buffer.count > repeats ? multipleBit : 0)
        try withUnsafeBytes(of: &command) { (bytes) throws(HALError) in
            try device.writeThenReadRepeatedly(bytes, into: buffer, repeats: repeats)
        }
    }

    /// Writes with command `register & 0x7F` (and the multi-byte bit for more than one register).
    public func write(_ register: UInt8, _ bytes: [UInt8]) throws(HALError) {
        writeTransfer[0].write.removeAll(keepingCapacity: true)
        writeTransfer[0].write.append((register & 0x7F) | (bytes.count > 1 ? multipleBit : 0))
        writeTransfer[0].write.append(contentsOf: bytes)
        try device.transaction(&writeTransfer)
    }
}
