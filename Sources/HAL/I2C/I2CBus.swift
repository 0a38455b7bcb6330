// SensorGate — HAL: the I2C bus protocol.

/// An I2C bus controller: the one thing drivers of I2C chips talk through.
///
/// The single requirement is ``transaction(_:_:)``; `write`, `read` and `writeRead` are built on it.
/// Implementations: the Linux i2c-dev adapter, the simulated bus with chip models, and the scripted
/// bus that checks an exact transcript in tests.
///
/// A bus handle belongs to one isolation domain at a time (it is not `Sendable`).
public protocol I2CBus: AnyObject {
    /// The bus name as the board file gives it: a path (`/dev/i2c-1`) or `sim:NAME`.
    var name: String { get }
    /// What the adapter can do.
    var functionality: I2CFunctionality { get }

    /// Runs one transaction with the target at `address`.
    ///
    /// On the wire: `ST SAD+R/W [data] (SR SAD+R/W [data])* SP` — each operation is one message,
    /// consecutive messages are joined by a repeated start, and one stop ends the transaction.
    /// Read operations have their `bytes` filled in place.
    ///
    /// - Parameters:
    ///   - address: the 7-bit target address.
    ///   - operations: the messages, in order; reads are filled in.
    /// - Throws: `HALError` with kind `.noAcknowledge` when the target does not answer, `.bus`,
    ///   `.arbitrationLoss` or `.timeout` for bus faults, `.unsupported` when the adapter cannot
    ///   express the transaction.
    func transaction(_ address: I2CAddress, _ operations: inout [I2COperation]) throws(HALError)

    /// Writes `bytes`, then fills `buffer` after a repeated start: `ST SAD+W data SR SAD+R data SP`,
    /// the register read, into storage the caller owns.
    ///
    /// The same bus traffic as ``writeRead(_:_:count:)``. The simulated and Linux buses implement it
    /// without allocating; the default implementation (scripted buses, wrappers) goes through
    /// ``transaction(_:_:)`` and copies.
    /// - Parameters:
    ///   - address: the target.
    ///   - bytes: the bytes to write first (usually the register address), at least one.
    ///   - buffer: receives the bytes read; its count is the number read, at least one.
    /// - Throws: see ``transaction(_:_:)``; `.invalidArgument` for an empty write or read.
    func writeRead(_ address: I2CAddress, _ bytes: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer)
        throws(HALError)

    /// Writes `bytes` from storage the caller owns: `ST SAD+W data SP`, the command write of
    /// ``write(_:_:)``.
    ///
    /// The simulated bus and the Linux bus on a plain-I2C adapter implement it without allocating;
    /// the default implementation (scripted buses, wrappers, the SMBus fallback) goes through
    /// ``transaction(_:_:)``.
    /// - Parameters:
    ///   - address: the target.
    ///   - bytes: the bytes to send.
    /// - Throws: see ``transaction(_:_:)``.
    func write(_ address: I2CAddress, from bytes: UnsafeRawBufferPointer) throws(HALError)

    /// Fills `buffer` from the target: `ST SAD+R data SP`, the read of ``read(_:count:)`` into
    /// storage the caller owns, with the same implementations as ``write(_:from:)``.
    /// - Parameters:
    ///   - address: the target.
    ///   - buffer: receives the bytes read; its count is the number read.
    /// - Throws: see ``transaction(_:_:)``.
    func read(_ address: I2CAddress, into buffer: UnsafeMutableRawBufferPointer) throws(HALError)
}

extension I2CBus {
    /// The default register read into caller storage: one ``transaction(_:_:)`` and a copy (allocates).
    /// - Parameters:
    ///   - address: the target.
    ///   - bytes: the bytes to write first.
    ///   - buffer: receives the bytes read.
    /// - Throws: see ``I2CBus/transaction(_:_:)``.
    public func writeRead(
        _ address: I2CAddress, _ bytes: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer
    ) throws(HALError) {
        try checkWriteRead(address, bytes, buffer)
        var operations = [I2COperation.write(Array(bytes)), I2COperation.read(count: buffer.count)]
        try transaction(address, &operations)
        buffer.copyBytes(from: operations[1].bytes)
    }

    /// The default write from caller storage: one ``transaction(_:_:)`` (allocates).
    /// - Parameters:
    ///   - address: the target.
    ///   - bytes: the bytes to send.
    /// - Throws: see ``I2CBus/transaction(_:_:)``.
    public func write(_ address: I2CAddress, from bytes: UnsafeRawBufferPointer) throws(HALError) {
        var operations = [I2COperation.write(Array(bytes))]
        try transaction(address, &operations)
    }

    /// The default read into caller storage: one ``transaction(_:_:)`` and a copy (allocates).
    /// - Parameters:
    ///   - address: the target.
    ///   - buffer: receives the bytes read.
    /// - Throws: see ``I2CBus/transaction(_:_:)``.
    public func read(_ address: I2CAddress, into buffer: UnsafeMutableRawBufferPointer) throws(HALError) {
        var operations = [I2COperation.read(count: buffer.count)]
        try transaction(address, &operations)
        buffer.copyBytes(from: operations[0].bytes)
    }

    /// Refuses an empty write or read with `.invalidArgument`.
    /// - Parameters:
    ///   - address: the target, for the message.
    ///   - bytes: the bytes to write.
    ///   - buffer: the buffer to fill.
    /// - Throws: `HALError` with kind `.invalidArgument`.
    public func checkWriteRead(
        _ address: I2CAddress, _ bytes: UnsafeRawBufferPointer, _ buffer: UnsafeMutableRawBufferPointer
    ) throws(HALError) {
        guard !bytes.isEmpty, !buffer.isEmpty else {
            throw HALError(
                .invalidArgument, device: name, operation: "write-read with \(address)",
                hint: "a register read writes at least one byte and reads at least one")
        }
    }

    /// Writes bytes to the target: `ST SAD+W data SP`.
    /// - Parameters:
    ///   - address: the target.
    ///   - bytes: the bytes to send (typically a register address and values).
    /// - Throws: see ``I2CBus/transaction(_:_:)``.
    public func write(_ address: I2CAddress, _ bytes: [UInt8]) throws(HALError) {
        var operations = [I2COperation.write(bytes)]
        try transaction(address, &operations)
    }

    /// Reads bytes from the target: `ST SAD+R data SP`.
    /// - Parameters:
    ///   - address: the target.
    ///   - count: how many bytes to read.
    /// - Returns: the bytes read.
    /// - Throws: see ``I2CBus/transaction(_:_:)``.
    public func read(_ address: I2CAddress, count: Int) throws(HALError) -> [UInt8] {
        var operations = [I2COperation.read(count: count)]
        try transaction(address, &operations)
        return operations[0].bytes
    }

    /// Writes then reads with a repeated start in between: `ST SAD+W data SR SAD+R data SP`.
    ///
    /// This is the register read of nearly every sensor: write the register address, read its value.
    /// - Parameters:
    ///   - address: the target.
    ///   - bytes: the bytes to write first (usually the register address).
    ///   - count: how many bytes to read after the repeated start.
    /// - Returns: the bytes read.
    /// - Throws: see ``I2CBus/transaction(_:_:)``.
    public func writeRead(_ address: I2CAddress, _ bytes: [UInt8], count: Int) throws(HALError) -> [UInt8] {
        var operations = [I2COperation.write(bytes), I2COperation.read(count: count)]
        try transaction(address, &operations)
        return operations[1].bytes
    }
}

/// A bus on which the operating system may have bound its own drivers to some addresses.
public protocol I2CDriverOwnership: AnyObject {
    /// Whether an operating-system driver holds `address`, so it must not be probed or used.
    /// - Parameter address: the address to check.
    /// - Returns: true when a driver holds it.
    func isHeldByKernelDriver(_ address: I2CAddress) -> Bool
}
