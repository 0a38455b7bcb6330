// SensorGate — HAL: what a simulated SPI chip implements.

/// A register-level model of an SPI chip, attached to a simulated controller at a chip select.
///
/// The controller selects the target, exchanges each segment's bytes, then deselects it. A segment
/// arrives whole (``spiExchange(_:into:)``), so a model can serve a long burst read (a FIFO drain) in
/// one call; a model that implements only the byte exchange gets it byte by byte.
public protocol SPITarget: AnyObject {
    /// The clock modes the chip samples correctly; others corrupt the data as a real chip would.
    var supportedModes: Set<SPIMode> { get }

    /// Chip select was asserted: a new command starts.
    func spiSelect()

    /// One byte time: the controller shifts `mosi` out while the chip shifts the returned byte out.
    ///
    /// The returned byte must not depend on `mosi` (a chip can only answer what it received before).
    /// - Parameter mosi: the byte the controller sent.
    /// - Returns: the byte the chip sent during the same clocks.
    func spiExchange(_ mosi: UInt8) -> UInt8

    /// One segment of byte times: `miso.count` bytes, in order, exactly as that many calls of
    /// ``spiExchange(_:)`` would exchange them.
    /// - Parameters:
    ///   - mosi: the bytes the controller sends; empty for a read-only segment, which sends zeros.
    ///   - miso: its length the segment's; filled with the bytes the chip sends.
    func spiExchange(_ mosi: [UInt8], into miso: inout [UInt8])

    /// Chip select was released: the command ends.
    func spiDeselect()
}

extension SPITarget {
    /// Byte by byte through ``spiExchange(_:)``, for models without a burst path of their own.
    /// - Parameters:
    ///   - mosi: the bytes sent (empty: zeros).
    ///   - miso: filled with the bytes returned.
    public func spiExchange(_ mosi: [UInt8], into miso: inout [UInt8]) {
        for position in miso.indices {
            miso[position] = spiExchange(position < mosi.count ? mosi[position] : 0x00)
        }
    }
}
