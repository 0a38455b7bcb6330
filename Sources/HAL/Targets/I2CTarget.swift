// SensorGate — HAL: what a simulated I2C chip implements.

/// How a target answered a write message.
public enum I2CTargetAcknowledge: Sendable, Hashable {
    /// Every byte was acknowledged.
    case ack
    /// The byte at `index` was not acknowledged; later bytes were not clocked.
    case nack(index: Int)
}

/// A register-level model of an I2C chip, attached to a simulated bus at an address.
///
/// The bus calls these in wire order for each transaction: one call per message, then ``i2cStop()``.
/// A model keeps its register pointer, auto-increment and conversion state across calls exactly as
/// the silicon does, so the real driver cannot tell it from the chip.
public protocol I2CTarget: AnyObject {
    /// A write message addressed to this target (the bytes after `SAD+W`).
    /// - Parameter bytes: the bytes the controller sent.
    /// - Returns: whether every byte was acknowledged.
    func i2cWrite(_ bytes: [UInt8]) -> I2CTargetAcknowledge

    /// A read message: fill `bytes` with what the chip shifts out.
    /// - Parameter bytes: the buffer, its length the count the controller reads.
    func i2cRead(into bytes: inout [UInt8])

    /// The stop condition ended the transaction.
    func i2cStop()

    /// Whether the target acknowledges its address in a read header (`SAD+R`) now. A chip with
    /// nothing to send leaves it unacknowledged (an SHT3x asked for a result before its measurement
    /// ends, SHT3x datasheet §4.4 and §4.6), and the controller then sees a NACK of the address.
    /// - Returns: true to acknowledge the read header.
    func i2cAcknowledgesRead() -> Bool

    /// How long the target holds SCL low before the next message can proceed (clock stretching).
    /// - Parameter read: whether the next message is a read.
    /// - Returns: the stretch; `.zero` for none.
    func i2cClockStretch(beforeRead read: Bool) -> Duration
}

extension I2CTarget {
    /// No clock stretching, which is what most register-based sensors do.
    public func i2cClockStretch(beforeRead read: Bool) -> Duration { .zero }

    /// Every read header acknowledged, which is what register-based sensors do.
    public func i2cAcknowledgesRead() -> Bool { true }
}
