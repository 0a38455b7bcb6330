// SensorGate — HAL: an SPI device behind one chip select.

/// One SPI device: a bus plus its own chip select (Linux: `/dev/spidevB.C`).
///
/// The device asserts chip select for the whole transaction and releases it at the end, so drivers
/// never handle chip select themselves (embedded-hal's `SpiDevice`).
public protocol SPIDevice: AnyObject {
    /// The device name as the board file gives it: a path (`/dev/spidev0.0`) or `sim:NAME.CS`.
    var name: String { get }
    /// The current clock configuration.
    var configuration: SPIConfiguration { get }

    /// Applies a clock configuration.
    /// - Parameter configuration: mode, bits per word, speed and the rest.
    /// - Throws: `HALError` with kind `.invalidArgument` or `.unsupported` when the controller refuses it.
    func configure(_ configuration: SPIConfiguration) throws(HALError)

    /// Runs the segments with chip select asserted throughout (unless a segment releases it).
    /// - Parameter transfers: the segments; their `read` buffers are filled in.
    /// - Throws: `HALError` for controller failures or segments with mismatched lengths.
    func transaction(_ transfers: inout [SPITransfer]) throws(HALError)

    /// Writes `bytes`, then fills `buffer`, chip select held throughout: the register read of
    /// ``writeThenRead(_:count:)`` into storage the caller owns.
    ///
    /// The simulated and Linux devices implement it without allocating; the default implementation
    /// (scripted devices, wrappers) goes through ``transaction(_:)`` and copies.
    /// - Parameters:
    ///   - bytes: the command bytes, at least one.
    ///   - buffer: receives the bytes clocked in after them; its count is the number read.
    /// - Throws: see ``transaction(_:)``; `.invalidArgument` for an empty command.
    func writeThenRead(_ bytes: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer) throws(HALError)

    /// Writes `bytes` from storage the caller owns, discarding what is clocked in: the command of
    /// ``write(_:)``, with the same implementations as ``writeThenRead(_:into:)``.
    /// - Parameter bytes: the bytes to send.
    /// - Throws: see ``transaction(_:)``.
    func write(from bytes: UnsafeRawBufferPointer) throws(HALError)

    /// Runs `repeats` register reads as one transaction: each writes `command` and reads
    /// `buffer.count / repeats` bytes with chip select held, and chip select is released between
    /// them for ``SPITransfer/chipSelectReleaseNanoseconds`` (a FIFO read out entry by entry, where
    /// each selection pops one entry: one message instead of one per entry).
    ///
    /// The segments are those of ``writeThenRead(_:into:)`` repeated, each read releasing chip
    /// select. The simulated and Linux devices implement it without allocating; the default
    /// implementation goes through ``transaction(_:)`` and copies.
    /// - Parameters:
    ///   - command: the command bytes of every read, at least one.
    ///   - buffer: receives the reads one after another; its count is a non-zero multiple of `repeats`.
    ///   - repeats: how many reads, 1 … ``SPITransfer/maximumRepeatedReads``.
    /// - Throws: see ``transaction(_:)``; `.invalidArgument` for an empty command, a repeat count out
    ///   of range or a buffer that does not divide into `repeats` reads.
    func writeThenReadRepeatedly(
        _ command: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer, repeats: Int
    ) throws(HALError)
}

extension SPIDevice {
    /// The default register read into caller storage: one ``transaction(_:)`` and a copy (allocates).
    /// - Parameters:
    ///   - bytes: the command bytes.
    ///   - buffer: receives the bytes read.
    /// - Throws: see ``SPIDevice/transaction(_:)``.
    public func writeThenRead(_ bytes: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer)
        throws(HALError)
    {
        try checkWriteThenRead(bytes)
        var transfers = [SPITransfer(write: Array(bytes)), SPITransfer(readCount: buffer.count)]
        try transaction(&transfers)
        buffer.copyBytes(from: transfers[1].read)
    }

    /// The default write from caller storage: one ``transaction(_:)`` (allocates).
    /// - Parameter bytes: the bytes to send.
    /// - Throws: see ``SPIDevice/transaction(_:)``.
    public func write(from bytes: UnsafeRawBufferPointer) throws(HALError) {
        var transfers = [SPITransfer(write: Array(bytes))]
        try transaction(&transfers)
    }

    /// The default repeated read: ``transaction(_:)`` with a command and a read segment per repeat,
    /// then a copy (allocates).
    /// - Parameters:
    ///   - command: the command bytes of every read.
    ///   - buffer: receives the reads one after another.
    ///   - repeats: how many reads.
    /// - Throws: see ``SPIDevice/writeThenReadRepeatedly(_:into:repeats:)``.
    public func writeThenReadRepeatedly(
        _ command: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer, repeats: Int
    ) throws(HALError) {
        let length = try checkRepeatedRead(command, into: buffer, repeats: repeats)
        var transfers = SPITransfer.repeatedRead(Array(command), length: length, repeats: repeats)
        try transaction(&transfers)
        for index in 0..<repeats {
            let read = transfers[2 * index + 1].read
            UnsafeMutableRawBufferPointer(rebasing: buffer[(index * length)..<((index + 1) * length)])
                .copyBytes(from: read)
        }
    }

    /// Checks the arguments of ``SPIDevice/writeThenReadRepeatedly(_:into:repeats:)``.
    /// - Parameters:
    ///   - command: the command bytes, at least one.
    ///   - buffer: the reads' storage, a non-zero multiple of `repeats` bytes.
    ///   - repeats: 1 … ``SPITransfer/maximumRepeatedReads``.
    /// - Returns: the length of one read.
    /// - Throws: `HALError` with kind `.invalidArgument`.
    public func checkRepeatedRead(
        _ command: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer, repeats: Int
    ) throws(HALError) -> Int {
        try checkWriteThenRead(command)
        guard (1...SPITransfer.maximumRepeatedReads).contains(repeats), !buffer.isEmpty, buffer.count % repeats == 0
        else {
            throw HALError(
                .invalidArgument, device: name, operation: "repeated read",
                hint:
                    "\(repeats) reads into \(buffer.count) bytes: give 1 to \(SPITransfer.maximumRepeatedReads) reads of one or more bytes each"
            )
        }
        return buffer.count / repeats
    }

    /// Refuses an empty command with `.invalidArgument`.
    /// - Parameter bytes: the command bytes.
    /// - Throws: `HALError` with kind `.invalidArgument`.
    public func checkWriteThenRead(_ bytes: UnsafeRawBufferPointer) throws(HALError) {
        guard !bytes.isEmpty else {
            throw HALError(
                .invalidArgument, device: name, operation: "write-then-read",
                hint: "a register read sends at least one command byte")
        }
    }

    /// Clocks `bytes` out and returns the bytes clocked in at the same time.
    /// - Parameter bytes: the bytes to send.
    /// - Returns: as many bytes as were sent.
    /// - Throws: see ``SPIDevice/transaction(_:)``.
    public func transfer(_ bytes: [UInt8]) throws(HALError) -> [UInt8] {
        var transfers = [SPITransfer(write: bytes, readCount: bytes.count)]
        try transaction(&transfers)
        return transfers[0].read
    }

    /// Writes bytes, discarding what is clocked in.
    /// - Parameter bytes: the bytes to send.
    /// - Throws: see ``SPIDevice/transaction(_:)``.
    public func write(_ bytes: [UInt8]) throws(HALError) {
        var transfers = [SPITransfer(write: bytes)]
        try transaction(&transfers)
    }

    /// Writes bytes, then reads `count` bytes, without releasing chip select in between.
    ///
    /// This is a register read: the command byte with the read bit, then the register data.
    /// - Parameters:
    ///   - bytes: the command bytes.
    ///   - count: how many bytes to read after them.
    /// - Returns: the bytes read.
    /// - Throws: see ``SPIDevice/transaction(_:)``.
    public func writeThenRead(_ bytes: [UInt8], count: Int) throws(HALError) -> [UInt8] {
        var transfers = [SPITransfer(write: bytes), SPITransfer(readCount: count)]
        try transaction(&transfers)
        return transfers[1].read
    }

    /// Runs `repeats` register reads of `count` bytes each in one transaction, chip select released
    /// between them: ``writeThenReadRepeatedly(_:into:repeats:)`` into a new array.
    /// - Parameters:
    ///   - command: the command bytes of every read.
    ///   - count: how many bytes each read clocks in.
    ///   - repeats: how many reads.
    /// - Returns: the reads one after another, `count × repeats` bytes.
    /// - Throws: see ``SPIDevice/writeThenReadRepeatedly(_:into:repeats:)``.
    public func writeThenReadRepeatedly(_ command: [UInt8], count: Int, repeats: Int) throws(HALError) -> [UInt8] {
        var received = [UInt8](repeating: 0, count: max(count, 0) * max(repeats, 0))
        let failed = command.withUnsafeBytes { command in
            received.withUnsafeMutableBytes { buffer -> HALError? in
                do throws(HALError) {
                    try writeThenReadRepeatedly(command, into: buffer, repeats: repeats)
                    return nil
                } catch {
                    return error
                }
            }
        }
        if let failed { throw failed }
        return received
    }
}
