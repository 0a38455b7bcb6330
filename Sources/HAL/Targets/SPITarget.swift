// SensorGate — HAL: what a simulated SPI chip implements.

/// A register-level model of an SPI chip, attached to a simulated controller at a chip select.
///
/// The controller selects the target, exchanges bytes one at a time, then deselects it.
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

    /// Chip select was released: the command ends.
    func spiDeselect()
}
