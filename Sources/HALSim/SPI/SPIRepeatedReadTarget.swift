// SensorGate — HALSim: a chip model that serves a FIFO drained entry by entry in one call.

import HAL

/// An SPI chip model with a path of its own for the transaction of
/// ``SimSPIDevice/writeThenReadRepeatedly(_:into:repeats:)``: a FIFO read out entry by entry, chip
/// select released between entries. ``SimSPIBus`` hands such a model the whole transaction; the
/// model makes the same changes, at the same virtual times, as the bus's select, exchanges, clock
/// moves and deselect would for each entry, without the protocol calls and buffers per entry (an
/// accelerometer drained at 3.2 kHz makes this the simulated board's commonest transaction).
public protocol SPIRepeatedReadTarget: SPITarget {
    /// Serves `repeats` entries, or does nothing and returns false when the model has no path of its
    /// own for `command` and `length` (the bus then runs the entries through the byte exchanges).
    ///
    /// Per entry, as the bus would: chip select asserted, `command` and then `length` bytes clocked
    /// (the entry's bytes go to `buffer` at `entry × length`), the clock noted as touching the model
    /// and moved by `timing.wireNanoseconds`, chip select released, the access noted again; between
    /// entries the clock moves by `timing.releaseNanoseconds`.
    /// - Parameters:
    ///   - command: the command bytes sent at the start of each entry.
    ///   - buffer: `repeats × length` bytes, filled entry after entry.
    ///   - length: the bytes read per entry.
    ///   - repeats: how many entries.
    ///   - timing: the wire time of an entry and the chip select release between entries.
    ///   - clock: the clock the bus moves, if any.
    /// - Returns: whether the model served the entries.
    func spiRepeatedRead(
        _ command: [UInt8], into buffer: UnsafeMutableRawBufferPointer, length: Int, repeats: Int,
        timing: SPIRepeatedReadTiming, clock: VirtualClock?
    ) -> Bool
}

/// The times of an entry-by-entry read (``SPIRepeatedReadTarget``).
public struct SPIRepeatedReadTiming: Sendable, Equatable {
    /// The clocks of one entry's command and data bytes, back to back, in nanoseconds.
    public var wireNanoseconds: Int64
    /// How long chip select stays released between entries, in nanoseconds.
    public var releaseNanoseconds: Int64

    /// Times an entry-by-entry read.
    /// - Parameters:
    ///   - wireNanoseconds: one entry's wire time.
    ///   - releaseNanoseconds: the release between entries.
    public init(wireNanoseconds: Int64, releaseNanoseconds: Int64) {
        self.wireNanoseconds = wireNanoseconds
        self.releaseNanoseconds = releaseNanoseconds
    }
}
