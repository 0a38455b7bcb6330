// SensorGate — HAL: one full-duplex segment of an SPI transaction.

/// One full-duplex segment of an SPI transaction (Linux: one `struct spi_ioc_transfer`).
///
/// `write` is clocked out while `read` is clocked in; both have the segment's length. A write-only
/// segment leaves `read` empty; a read-only segment sends zeros.
public struct SPITransfer: Sendable, Hashable {
    /// Bytes clocked out (MOSI). Empty for a read-only segment, which clocks out zeros.
    public var write: [UInt8]
    /// Bytes clocked in (MISO), filled by the transaction. Empty for a write-only segment.
    public var read: [UInt8]
    /// Clock rate for this segment in hertz, or nil for the device's configured rate.
    public var speedHz: UInt32?
    /// Delay after the segment, before the next or before chip select is released, in microseconds.
    public var delayAfterMicroseconds: UInt16
    /// Whether to release chip select after this segment (before the next one starts).
    public var releaseChipSelect: Bool

    /// Creates a segment.
    /// - Parameters:
    ///   - write: bytes to clock out.
    ///   - readCount: bytes to clock in; if both are given they must be equal.
    ///   - speedHz: per-segment clock rate, or nil.
    ///   - delayAfterMicroseconds: delay after the segment.
    ///   - releaseChipSelect: release chip select after the segment.
    public init(
        write: [UInt8] = [], readCount: Int = 0, speedHz: UInt32? = nil, delayAfterMicroseconds: UInt16 = 0,
        releaseChipSelect: Bool = false
    ) {
        self.write = write
        self.read = [UInt8](repeating: 0, count: max(0, readCount))
        self.speedHz = speedHz
        self.delayAfterMicroseconds = delayAfterMicroseconds
        self.releaseChipSelect = releaseChipSelect
    }

    /// The number of bytes the segment clocks.
    public var length: Int { max(write.count, read.count) }

    /// How long chip select stays released between two segments of one transaction when the first
    /// releases it, in nanoseconds: 10 µs, the Linux SPI core's `cs_change` delay when none is given
    /// (spidev's `struct spi_ioc_transfer` cannot give one). The simulated controller keeps it too.
    public static let chipSelectReleaseNanoseconds: Int64 = 10_000

    /// The most reads ``SPIDevice/writeThenReadRepeatedly(_:into:repeats:)`` runs in one transaction:
    /// two segments each, and `SPI_IOC_MESSAGE(n)` encodes its size in 14 bits, so at most 511
    /// segments of 32 bytes.
    public static let maximumRepeatedReads = 255

    /// The segments of a repeated register read: `command` written, then `length` bytes read with
    /// chip select released after them, `repeats` times (the last release is the transaction's end).
    /// - Parameters:
    ///   - command: the command bytes of every read.
    ///   - length: the bytes each read clocks in.
    ///   - repeats: how many reads.
    /// - Returns: `2 × repeats` segments.
    public static func repeatedRead(_ command: [UInt8], length: Int, repeats: Int) -> [SPITransfer] {
        (0..<max(repeats, 0)).flatMap { index in
            [SPITransfer(write: command), SPITransfer(readCount: length, releaseChipSelect: index < repeats - 1)]
        }
    }
}
